package io.sasync.persistence;

import io.sasync.Broker;
import io.sasync.RetryPolicy;
import io.sasync.spi.ChangeNotifications;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one listening connection of a broker's coherent dicts: a thread that holds a connection
 * of its own ({@link Broker#dedicatedConnection()}, outside the pool), listens on
 * {@value #CHANNEL}, and hands every notification to the dicts of its store.
 *
 * <p>When the connection is lost (a server restart, {@code pg_terminate_backend}, a network
 * failure, or a {@link Connection#isValid} check every {@link #CHECK_EVERY} that gets no answer)
 * the notifications sent until it is open again are lost: the thread connects again, with a
 * backoff ({@link #RECONNECT}), and once it listens again tells every dict to refresh everything
 * it caches ({@link Subscriber#reconnected()}).
 *
 * <p>When the first attempt to connect fails, the dicts waiting for it fail their call, stay
 * subscribed and wait again at their next call, while the thread goes on connecting with the
 * same backoff, until it succeeds or the last dict leaves. A broker that opens no dedicated
 * connection ({@link java.sql.SQLFeatureNotSupportedException}) stops the listener for good: its
 * dicts poll instead.
 *
 * <p>Made when a broker's first coherent dict subscribes, and stopped (its connection closed)
 * when the last one leaves. Thread-safe; it completes the stages it hands out holding no lock,
 * off its own thread.
 */
final class ChangeListener {

    /** The channel every coherent dict's notifications go through. */
    static final String CHANNEL = "sasync_changes";
    /** How long each wait for notifications lasts, so that a stop is noticed. */
    private static final Duration RECEIVE = Duration.ofMillis(250);
    /** How often an idle connection is checked. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    /** Between attempts to connect again: random, up to 100 ms at first, doubling to at most 2 s. */
    static final RetryPolicy RECONNECT = new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofSeconds(2));
    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
    private static final Map<Broker, ChangeListener> LISTENERS = new IdentityHashMap<>();

    /** A dict that listens. */
    interface Subscriber {
        long group();

        String table();

        String origin();

        /** A change of its store by someone else; called on the listener's thread, must not block. */
        void changed(ChangeMessage message);

        /** The connection was lost and is back: what was sent in between is lost. Must not block. */
        void reconnected();
    }

    private final Broker broker;
    private final ChangeNotifications notifications;
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final Thread thread;
    private volatile boolean stopped;
    /** Completes once the thread has ended and closed its connection. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean listening;
    private volatile long reconnects;
    /** Completes once it listens; replaced after a failure to connect before the first time. */
    private CompletableFuture<Void> ready = new CompletableFuture<>();

    private ChangeListener(Broker broker, ChangeNotifications notifications) {
        this.broker = broker;
        this.notifications = notifications;
        this.thread = new Thread(this::run, "sasync-change-listener-" + Integer.toHexString(System.identityHashCode(broker)));
        thread.setDaemon(true);
    }

    /**
     * Subscribes a dict to its broker's listener, starting it if needed.
     *
     * @return the listener, and a stage that completes once it listens, never on the caller's
     *         thread; fails when the broker opens no dedicated connections, or when the first
     *         attempt to connect failed (the listener goes on trying, with {@link #RECONNECT}'s
     *         backoff, until its last subscriber leaves; the subscriber stays subscribed, and
     *         subscribing again waits for the next attempt)
     */
    static Subscription subscribe(Broker broker, ChangeNotifications notifications, Subscriber subscriber) {
        ChangeListener listener;
        synchronized (LISTENERS) {
            listener = LISTENERS.get(broker);
            if (listener == null || listener.stopped) {
                listener = new ChangeListener(broker, notifications);
                LISTENERS.put(broker, listener);
                listener.thread.start();
            }
            listener.subscribers.add(subscriber);
            return new Subscription(listener, listener.readyStage());
        }
    }

    /**
     * @param listener the listener subscribed to
     * @param ready    completes once it listens
     */
    record Subscription(ChangeListener listener, CompletableFuture<Void> ready) {
    }

    /**
     * Withdraws a dict; the last one out stops the listener.
     *
     * @return completes once the listener has closed its connection, when this stopped it; at
     *         once otherwise
     */
    CompletableFuture<Void> unsubscribe(Subscriber subscriber) {
        synchronized (LISTENERS) {
            if (subscribers.remove(subscriber) && subscribers.isEmpty() && LISTENERS.get(broker) == this) {
                LISTENERS.remove(broker);
                stopped = true;
                thread.interrupt();
                return ended;
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    boolean listening() {
        return listening;
    }

    long reconnects() {
        return reconnects;
    }

    private synchronized CompletableFuture<Void> readyStage() {
        return ready;
    }

    /**
     * Fails the subscribers waiting for the first connection.
     *
     * @param forGood the listener has stopped: the stage stays failed; otherwise the next
     *                subscribers wait for the next attempt
     */
    private void connectFailed(SQLException e, boolean forGood) {
        CompletableFuture<Void> failed;
        synchronized (this) {
            failed = ready;
            if (!forGood) {
                ready = new CompletableFuture<>();
            }
        }
        settle(() -> failed.completeExceptionally(e));
    }

    private void connected() {
        CompletableFuture<Void> listens = readyStage();
        if (!listens.isDone()) {
            settle(() -> listens.complete(null));
        }
    }

    /**
     * Completes a stage holding no lock and off this thread: its dependents (a dict's start-up,
     * and the calls that waited for it) must neither run under a lock nor hold the listening up.
     */
    private static void settle(Runnable completion) {
        CompletableFuture.runAsync(completion);
    }

    private void run() {
        try {
            listenUntilStopped();
        } finally {
            ended.complete(null);
        }
    }

    private void listenUntilStopped() {
        boolean everConnected = false;
        int failures = 0;
        while (!stopped) {
            Connection connection = null;
            String applicationName = null;
            try {
                connection = broker.dedicatedConnection();
                applicationName = nameListener(connection);
                notifications.listen(connection, CHANNEL);
                listening = true;
                failures = 0;
                if (everConnected) {
                    reconnects++;
                    LOG.info("the listening connection of {} is back; every coherent dict refreshes what it caches", broker);
                    subscribers.forEach(Subscriber::reconnected);
                }
                everConnected = true;
                connected();
                listen(connection);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (stopped) {
                    break;
                }
                SQLException failure = e instanceof SQLException s ? s : new SQLException(e.toString(), e);
                boolean unsupported = e instanceof SQLFeatureNotSupportedException;
                if (unsupported) {
                    LOG.warn("{} opens no dedicated connection, so its coherent dicts poll instead: {}", broker, e.toString());
                    stop();
                }
                if (!everConnected) {
                    connectFailed(failure, unsupported);
                }
                if (unsupported) {
                    break;
                }
                if (failures++ == 0) {
                    LOG.warn("the listening connection of " + broker + " is lost; connecting again, and every coherent "
                            + "dict refreshes what it caches once it is back: " + e);
                }
                if (!sleep(RECONNECT.backoff(failures))) {
                    break;
                }
            } finally {
                listening = false;
                close(connection, applicationName);
            }
        }
    }

    private void listen(Connection connection) throws SQLException {
        long checked = System.nanoTime();
        while (!stopped) {
            for (String payload : notifications.receive(connection, RECEIVE)) {
                dispatch(payload);
            }
            if (System.nanoTime() - checked > CHECK_EVERY.toNanos()) {
                if (!connection.isValid((int) CHECK_EVERY.toSeconds())) {
                    throw new SQLException("the listening connection does not answer");
                }
                checked = System.nanoTime();
            }
        }
    }

    private void dispatch(String payload) {
        ChangeMessage message = ChangeMessage.decode(payload);
        if (message == null) {
            return;
        }
        for (Subscriber s : subscribers) {
            if (s.group() == message.group() && s.table().equals(message.table()) && !s.origin().equals(message.origin())) {
                s.changed(message);
            }
        }
    }

    /**
     * Tells the server what this connection is, so that an administrator can tell it from the pool's.
     *
     * @return the name it had, to give back before the connection is closed; {@code null} when
     *         it was not renamed
     */
    private static String nameListener(Connection connection) {
        try {
            String name = connection.getClientInfo("ApplicationName");
            String was = name == null ? "" : name;
            connection.setClientInfo("ApplicationName", (was.isEmpty() ? "" : was + " ") + "(sasync listener)");
            return was;
        } catch (SQLException | RuntimeException e) {
            return null; // A driver without the property: the name is a convenience.
        }
    }

    private void stop() {
        synchronized (LISTENERS) {
            if (LISTENERS.get(broker) == this) {
                LISTENERS.remove(broker);
            }
            stopped = true;
        }
    }

    private boolean sleep(Duration delay) {
        try {
            Thread.sleep(Math.max(1, delay.toMillis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Closes the connection as it was opened: no longer listening, with nothing received left in
     * it and its name given back, so that an application's pool gets back a connection like the
     * others. When that cannot be done the connection is aborted instead, which a pool discards.
     */
    private void close(Connection connection, String applicationName) {
        if (connection == null) {
            return;
        }
        try {
            notifications.unlisten(connection);
            if (applicationName != null) {
                connection.setClientInfo("ApplicationName", applicationName);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("the listening connection cannot be reset, so it is aborted: {}", e.toString());
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException aborting) {
                LOG.debug("aborting the listening connection: {}", aborting.toString());
            }
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the listening connection: {}", e.toString());
        }
    }
}
