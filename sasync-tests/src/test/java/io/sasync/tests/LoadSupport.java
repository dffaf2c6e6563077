package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.RowStream;
import io.sasync.TaskQueue;
import io.sasync.core.internal.RowPublisher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the load tests on PostgreSQL share: a schema of their own, a direct connection for checks
 * made behind the broker's back, and the checks that a shut-down queue left nothing behind (no
 * server backend opened under its application name, no worker thread alive).
 *
 * <p>Each load test works in a schema it creates and drops: the store tables
 * ({@code sasync_items}) are shared by name, and other tests on the same server create and drop
 * theirs while a soak runs.
 */
final class LoadSupport {

    /** How long any single wait in the load tests may take. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private LoadSupport() {
    }

    /**
     * @param stem what the name is for
     * @return a name unique to this run, usable as a table name or a driver {@code ApplicationName}
     */
    static String unique(String stem) {
        return stem + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /**
     * @param stem what the schema is for
     * @return the name of a new, empty schema
     */
    static String createSchema(String stem) throws SQLException {
        String schema = unique(stem);
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    /** Drops a schema made by {@link #createSchema} and everything in it. */
    static void dropSchema(String schema) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /**
     * @param schema      the schema every connection works in
     * @param application the driver {@code ApplicationName}, by which the test finds the pool's
     *                    connections in {@code pg_stat_activity}
     * @return a config of the test database
     */
    static DatabaseConfig.Builder config(String schema, String application) {
        return TestPostgres.newDatabase()
                .driverProperty("currentSchema", schema)
                .driverProperty("ApplicationName", application);
    }

    static Connection direct() throws SQLException {
        return DriverManager.getConnection(TestPostgres.url(), TestPostgres.user(), null);
    }

    static void execute(String sql) throws SQLException {
        try (Connection c = direct(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until a stream has ended and given its connection back to the pool, where the stream
     * is the core's own publisher (the only kind the broker makes).
     */
    static void awaitReleased(RowStream stream) throws Exception {
        if (stream instanceof RowPublisher publisher) {
            await(publisher.finished());
        }
    }

    /**
     * @param applicationName the driver {@code ApplicationName} a pool connects with
     * @return how many server backends are connected under that name
     */
    static int backends(String applicationName) throws SQLException {
        try (Connection c = direct();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Waits until a server backend is, or is no longer, running a statement: what the server
     * itself says in {@code pg_stat_activity}, read again every few milliseconds for at most 10 s.
     *
     * @param pid     the backend's process id ({@code pg_backend_pid()})
     * @param marker  a piece of the statement's text
     * @param running whether to wait for it to run or to stop
     */
    static void awaitStatement(int pid, String marker, boolean running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection c = direct();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity"
                     + " WHERE pid = ? AND state = 'active' AND strpos(query, ?) > 0")) {
            ps.setInt(1, pid);
            ps.setString(2, marker);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if ((rs.getInt(1) > 0) == running) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    fail("backend " + pid + (running ? " never started " : " is still running ") + marker);
                }
                Thread.sleep(5);
            }
        }
    }

    /**
     * Asserts that no server backend is left under an application name. A backend leaves
     * {@code pg_stat_activity} when its process exits, a moment after the client closed the
     * socket, so this polls the server (for at most 10 s) instead of reading it once.
     */
    static void assertNoBackends(String applicationName) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int left;
        while ((left = backends(applicationName)) > 0) {
            if (System.nanoTime() > deadline) {
                fail(left + " server connection(s) of application '" + applicationName
                        + "' still open 10 s after the broker shut down");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Asserts that a queue is closing (its last broker is gone), waits for it to close, and asserts that its pool is empty and that none of its worker threads is alive.
     *
     * @param queue   the queue
     * @param workers its worker threads, as seen while it ran
     */
    static void assertQueueClosed(TaskQueue queue, Collection<Thread> workers) throws Exception {
        assertFalse(queue.isRunning(), "the broker's shutdown released its queue, which closed as its last user left");
        queue.shutdown().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(0, queue.stats().poolActive(), "connections still borrowed from the closed pool");
        assertEquals(0, queue.stats().poolIdle(), "idle connections left in the closed pool");
        assertEquals(0, queue.stats().workers(), "worker threads of the closed queue still alive");
        Set<Thread> alive = Thread.getAllStackTraces().keySet();
        List<String> leaked = workers.stream().filter(alive::contains).map(Thread::getName).toList();
        assertEquals(List.of(), leaked, "worker threads of the closed queue still in Thread.getAllStackTraces()");
        Set<String> names = workers.stream().map(Thread::getName).collect(Collectors.toSet());
        assertEquals(workers.size(), names.size(), "worker names are unique within a queue: " + names);
    }

    /**
     * Finds a queue's worker threads from outside: one task per worker, each waiting until all
     * have started, so that every worker runs exactly one.
     *
     * @param queue a running queue with nothing else to do
     * @return its worker threads
     */
    static Set<Thread> workersOf(TaskQueue queue) throws Exception {
        int count = queue.workers();
        CyclicBarrier all = new CyclicBarrier(count);
        List<CompletableFuture<Thread>> seen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seen.add(queue.call(Priority.NEXT, () -> {
                all.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return Thread.currentThread();
            }));
        }
        Set<Thread> workers = new HashSet<>();
        for (CompletableFuture<Thread> worker : seen) {
            workers.add(worker.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        return workers;
    }
}
