package io.sasync.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP forwarder between a JDBC driver and its database that fails on command: cut
 * every open connection, refuse new ones, or stall all traffic. For fault-injection tests.
 */
final class FaultyProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object stallLock = new Object();
    private volatile boolean refusing;
    private volatile boolean stalled;
    private volatile boolean closed;
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param targetHost the database host
     * @param targetPort the database port
     * @throws IOException when no local port can be opened
     */
    FaultyProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "faulty-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the local port clients connect to */
    int port() {
        return server.getLocalPort();
    }

    /** Closes every open connection, as a network failure or a restarted server would. */
    void cutAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** @param refuse whether new connections are closed at once, as if the database were down */
    void refuse(boolean refuse) {
        refusing = refuse;
    }

    /** @return how many connections were refused so far: each is an attempt to reach the database */
    long refused() {
        return refused.get();
    }

    /** @param stall whether traffic stops flowing (connections stay open), as with a dead route */
    void stall(boolean stall) {
        synchronized (stallLock) {
            stalled = stall;
            stallLock.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    closeQuietly(client);
                    refused.incrementAndGet();
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitFlow();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // The connection was cut; the other direction notices by itself.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "faulty-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void awaitFlow() throws InterruptedException {
        synchronized (stallLock) {
            while (stalled && !closed) {
                stallLock.wait();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        closed = true;
        stall(false);
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        cutAll();
    }
}
