package io.sasync.tests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sasync.DatabaseConfig;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.TaskQueue;
import io.sasync.spi.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a contract test needs of its database: a config, brokers on it, unique table names, and
 * cleanup that checks nothing leaked (every pool closed with no connection open, no worker alive).
 */
final class DatabaseFixture {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final TestDatabase database;
    private final DatabaseConfig config;
    private final DefaultQueueFactory factory = new DefaultQueueFactory(Dialects.load());
    private final List<AccessBroker> brokers = new ArrayList<>();
    private final List<TaskQueue> queues = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();
    private final String prefix = "t" + Long.toString(ProcessHandle.current().pid(), 36) + "_";

    DatabaseFixture(TestDatabase database, int maxConnections) {
        database.assumeAvailable();
        this.database = database;
        this.config = database.newDatabase().maxConnections(maxConnections).build();
    }

    DatabaseConfig config() {
        return config;
    }

    TestDatabase database() {
        return database;
    }

    /** @return a new broker on the database, shut down and checked by {@link #close()} */
    AccessBroker broker() {
        AccessBroker broker = new AccessBroker(factory, config);
        brokers.add(broker);
        return broker;
    }

    /** @return the queue the brokers share (its pool is checked after shutdown) */
    TaskQueue queue() {
        TaskQueue queue = factory.queue(config);
        factory.release(queue);
        queues.add(queue);
        return queue;
    }

    Dialect dialect() {
        return factory.dialects().forConfig(config);
    }

    /**
     * @param stem what the table is for
     * @return a table name unique in this run, dropped after the test where tests share a database
     */
    String table(String stem) {
        String name = prefix + stem + "_" + TABLES.incrementAndGet();
        tables.add(name);
        return name;
    }

    /** Records a table name made otherwise (quoted names, say), to drop it after the test. */
    String track(String name) {
        tables.add(name);
        return name;
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(60, SECONDS);
    }

    static Throwable failure(CompletionStage<?> stage) {
        return assertThrows(ExecutionException.class, () -> await(stage)).getCause();
    }

    /**
     * Shuts every broker down, then checks that each queue closed its pool with no connection
     * open and no worker alive, and drops the tables of a shared database.
     */
    void close() throws Exception {
        for (AccessBroker broker : brokers) {
            broker.shutdown().handle((v, e) -> null).get(60, SECONDS);
        }
        for (TaskQueue queue : queues) {
            queue.shutdown().get(60, SECONDS);
            assertEquals(0, queue.stats().poolActive(), "connections left open");
            assertEquals(0, queue.stats().poolIdle(), "idle connections left in a closed pool");
            assertEquals(0, queue.stats().workers(), "worker threads left alive");
        }
        if (database.sharesTables()) {
            dropTables();
        }
    }

    private void dropTables() throws SQLException {
        Dialect dialect = dialect();
        try (Connection c = DriverManager.getConnection(config.url(), config.user().orElse(null),
                config.password().orElse(null)); Statement s = c.createStatement()) {
            for (String table : tables) {
                if (dialect.tableExists(c, table)) {
                    s.execute("DROP TABLE " + dialect.quote(table));
                }
            }
        }
    }

    @Override
    public String toString() {
        return database.name().toLowerCase(Locale.ROOT) + " " + config.safeUrl();
    }
}
