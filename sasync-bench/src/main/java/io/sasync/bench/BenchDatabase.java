package io.sasync.bench;

import io.sasync.DatabaseConfig;
import io.sasync.StatementListener;
import io.sasync.TableSpec;
import io.sasync.TaskQueue;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.DelegatingConnection;

/**
 * A benchmark database as library and baselines both see it: an {@link AccessBroker}, its
 * queue, and the queue's very DBCP2 pool, which the raw JDBC baselines borrow from. So both
 * sides share database, schema, pool and pool settings. Tables made through {@link #table} are
 * dropped by {@link #close()}.
 */
final class BenchDatabase {

    /** A unit of raw JDBC work on a borrowed connection. */
    @FunctionalInterface
    interface RawWork<T> {
        /**
         * @param connection a pooled connection, auto-commit off
         * @return the result
         * @throws SQLException when the database fails
         */
        T run(Connection connection) throws SQLException;
    }

    private final DefaultQueueFactory factory;
    private final DatabaseConfig config;
    private final TaskQueue queue;
    private final AccessBroker broker;
    private final List<AccessBroker> others = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();

    private BenchDatabase(DatabaseConfig config) {
        factory = new DefaultQueueFactory(Dialects.load());
        this.config = config;
        queue = factory.queue(config);
        broker = new AccessBroker(factory, config);
    }

    /**
     * Starts a broker on a database.
     *
     * @param config the database
     * @return the database, its broker running
     */
    static BenchDatabase open(DatabaseConfig config) {
        BenchDatabase database = new BenchDatabase(config);
        database.broker.whenRunning().join();
        return database;
    }

    /**
     * @param connections pooled connections and queue workers
     * @return a new, empty H2 database in memory
     */
    static DatabaseConfig h2Memory(int connections) {
        return DatabaseConfig.builder("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                .maxConnections(connections)
                .build();
    }

    /**
     * @param connections pooled connections and queue workers
     * @return the PostgreSQL benchmark database, {@link #postgresUrl()} as {@link #postgresUser()}
     */
    static DatabaseConfig postgres(int connections) {
        return DatabaseConfig.builder(postgresUrl()).user(postgresUser()).maxConnections(connections).build();
    }

    /** @return {@code SASYNC_PG_URL}, by default {@code jdbc:postgresql://127.0.0.1:5432/test} */
    static String postgresUrl() {
        return Optional.ofNullable(System.getenv("SASYNC_PG_URL")).orElse("jdbc:postgresql://127.0.0.1:5432/test");
    }

    /** @return {@code SASYNC_PG_USER}, by default {@code postgres} (no password) */
    static String postgresUser() {
        return Optional.ofNullable(System.getenv("SASYNC_PG_USER")).orElse("postgres");
    }

    /**
     * @param connections pooled connections and queue workers
     * @return the MariaDB benchmark database: {@code SASYNC_MARIADB_URL}, by default
     *         {@code jdbc:mariadb://127.0.0.1:3306/test}, as {@code SASYNC_MARIADB_USER}, by
     *         default {@code root} (no password)
     */
    static DatabaseConfig mariadb(int connections) {
        return DatabaseConfig.builder(Optional.ofNullable(System.getenv("SASYNC_MARIADB_URL"))
                        .orElse("jdbc:mariadb://127.0.0.1:3306/test"))
                .user(Optional.ofNullable(System.getenv("SASYNC_MARIADB_USER")).orElse("root"))
                .maxConnections(connections).workers(connections)
                .build();
    }

    /**
     * Creates a table of this benchmark's own, named {@code bench_<random>}, dropped by
     * {@link #close()}.
     *
     * @param columns adds the table's columns and keys to a builder of that name
     * @return the table as created
     */
    TableSpec table(UnaryOperator<TableSpec.Builder> columns) {
        String name = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TableSpec spec = columns.apply(TableSpec.builder(name)).build();
        broker.table(spec).join();
        tables.add(name);
        return spec;
    }

    /** @return the broker */
    AccessBroker broker() {
        return broker;
    }

    /**
     * @return a second broker on the same database with every setting left at
     *         {@link DatabaseConfig#builder(String)}'s defaults (its own queue and pool), what a
     *         user who sets nothing gets; shut down by {@link #close()}
     */
    AccessBroker withDefaults() {
        DatabaseConfig.Builder defaults = DatabaseConfig.builder(config.url());
        config.user().ifPresent(defaults::user);
        config.password().ifPresent(defaults::password);
        return started(new AccessBroker(factory, defaults.build()));
    }

    /**
     * @param listener a statement listener
     * @return a second broker on the same queue, telling the listener of its statements; shut
     *         down by {@link #close()}
     */
    AccessBroker withListener(StatementListener listener) {
        return started(new AccessBroker(factory, config.toBuilder().statementListener(listener).build()));
    }

    /**
     * @return a second broker on the same queue that completes its futures on the worker that ran
     *         the transaction ({@code callbackExecutor(Runnable::run)}), which the library's
     *         Javadoc forbids to users, whose continuations may block: it measures what handing
     *         completions to the callback thread costs; shut down by {@link #close()}
     */
    AccessBroker withCallbacksOnWorker() {
        return started(new AccessBroker(factory, config.toBuilder().callbackExecutor(Runnable::run).build()));
    }

    private AccessBroker started(AccessBroker other) {
        others.add(other);
        other.whenRunning().join();
        return other;
    }

    /**
     * @param pooled a connection borrowed from the pool
     * @return the physical connection beneath it, usable until the pooled one is closed: the
     *         floor baselines' own connection, with the pool's settings and none of its wrapping
     */
    static Connection physical(Connection pooled) {
        return pooled instanceof DelegatingConnection<?> delegating ? delegating.getInnermostDelegate() : pooled;
    }

    /** @return the pool of the broker's queue */
    DataSource dataSource() {
        return queue.dataSource();
    }

    /** @return the queue's dialect */
    Dialect dialect() {
        return queue.dialect();
    }

    /** @return the number of workers of the broker's queue */
    int workers() {
        return queue.workers();
    }

    /** @return how many transactions may wait in the queue */
    int maxPending() {
        return queue.config().maxPending();
    }

    /**
     * Runs one transaction in raw JDBC on the calling thread, as plain JDBC over a pool does:
     * borrow a connection, auto-commit off, the work, commit, give the connection back.
     *
     * @param work what to do
     * @param <T>  its result type
     * @return its result
     * @throws SQLException when the database fails
     */
    <T> T raw(RawWork<T> work) throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            T result = work.run(connection);
            connection.commit();
            return result;
        }
    }

    /**
     * Drops the tables made by {@link #table} and shuts the broker and its queue down.
     *
     * @throws SQLException when a table cannot be dropped
     */
    void close() throws SQLException {
        try {
            try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
                for (String table : tables) {
                    statement.execute("DROP TABLE " + table);
                }
            }
        } finally {
            for (AccessBroker other : others) {
                other.shutdown().join();
            }
            broker.shutdown().join();
            factory.release(queue).join();
        }
    }
}
