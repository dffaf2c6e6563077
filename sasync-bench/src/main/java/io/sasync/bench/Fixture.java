package io.sasync.bench;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.StatementListener;
import io.sasync.TableSpec;
import io.sasync.core.AccessBroker;
import io.sasync.spi.Upsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.async.JdbiExecutor;

/**
 * The tiny transaction on one {@link BenchDatabase}: a table {@code bench_<random>(k BIGINT
 * PRIMARY KEY, v BIGINT)}, the dialect's upsert into it, and the ways of running it: through the
 * broker (as configured, with the default settings, with a statement listener that does
 * nothing, and completing its futures on the worker), in raw JDBC on the broker's own pool,
 * behind a bare executor hop, through Jdbi's {@link JdbiExecutor} on the same pool, and at the
 * floor: one connection per thread, held for the whole trial, its statement prepared once, in
 * auto-commit or a transaction per upsert.
 *
 * <p>Every transaction upserts key {@code n % }{@value #KEYS} with value {@code n}, {@code n}
 * counting transactions: the table stays small, and the transactions in flight (at most
 * {@value #WINDOW}) never wait on each other's row locks.
 *
 * <p>The library side calls {@link io.sasync.core.AccessBroker#update}, the call a user writes
 * for one statement (its session reuses the prepared statement on each pooled connection, as it
 * does for every query and update). The raw side borrows a connection, turns auto-commit off,
 * prepares the same SQL, binds the same values, executes and commits, as plain JDBC over a
 * pool does; the pool does not pool statements (sAsync configures it so), and the drivers' own
 * caches (H2's, pgjdbc's server-side statements) serve both sides alike.
 */
final class Fixture {

    /** Transactions in flight in the pipelined benchmarks. */
    static final int WINDOW = 256;
    /** Distinct keys the transactions cycle through. */
    static final int KEYS = 10_000;

    private final BenchDatabase database;
    private final AccessBroker defaults;
    private final AccessBroker listened;
    private final AccessBroker onWorker;
    private final Upsert upsert;
    private final List<Floor> floors = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Floor> floor = ThreadLocal.withInitial(this::newFloor);
    private final AtomicLong counter = new AtomicLong();
    private final ExecutorService hop;
    private final ThreadPoolExecutor jdbiThreads;
    private final JdbiExecutor jdbi;

    private Fixture(BenchDatabase database) {
        this.database = database;
        TableSpec spec = database.table(table -> table
                .column(Column.of("k", ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of("v", ColumnType.BIGINT)));
        upsert = database.dialect().upsert(spec, List.of("k"), List.of("v"));
        defaults = database.withDefaults();
        listened = database.withListener(new StatementListener() {
        });
        onWorker = database.withCallbacksOnWorker();
        hop = Executors.newSingleThreadExecutor(named("bench-hop"));
        // As JdbiExecutor's Javadoc advises: as many threads as the queue has workers, a bounded queue.
        jdbiThreads = new ThreadPoolExecutor(database.workers(), database.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(database.maxPending()), named("bench-jdbi"));
        jdbi = JdbiExecutor.create(Jdbi.create(database.dataSource()), jdbiThreads);
    }

    /**
     * Starts a broker on a database and creates the table.
     *
     * @param config the database
     * @return the fixture, ready
     */
    static Fixture open(DatabaseConfig config) {
        return new Fixture(BenchDatabase.open(config));
    }

    // ------------------------------------------------------------------ one transaction

    /** @return the upsert's SQL, with {@code ?} placeholders */
    String upsertSql() {
        return upsert.sql();
    }

    /** @return the next upsert's parameters, in placeholder order */
    Object[] nextParameters() {
        long n = counter.getAndIncrement();
        return upsert.arrange(new Object[] {n % KEYS, n});
    }

    /** @return the row count of one upsert through the broker, waited for */
    int sasyncOne() {
        return database.broker().update(upsert.sql(), nextParameters()).join();
    }

    /** @return the row count of one upsert through a broker with the default settings, waited for */
    int sasyncDefaultsOne() {
        return defaults.update(upsert.sql(), nextParameters()).join();
    }

    /**
     * @param autoCommit whether the upsert runs in auto-commit rather than in a transaction of its own
     * @return the row count of one upsert on the calling thread's own connection, its statement
     *         prepared once: the floor of any way of running it
     * @throws SQLException when the database fails
     */
    int floorOne(boolean autoCommit) throws SQLException {
        return floor.get().upsert(autoCommit, nextParameters());
    }

    /** @return the row count of {@link #floorOne} in a transaction, run on the one-thread executor, waited for */
    int floorHopOne() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return floorOne(false);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, hop).join();
    }

    private Floor newFloor() {
        try {
            Floor made = new Floor(database.dataSource().getConnection(), upsert.sql());
            floors.add(made);
            return made;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a floor connection", e);
        }
    }

    /** A connection of one thread's own, held for the whole trial, and its statement prepared once. */
    private static final class Floor implements AutoCloseable {
        private final Connection pooled;
        private final Connection connection;
        private final PreparedStatement statement;

        Floor(Connection pooled, String sql) throws SQLException {
            this.pooled = pooled;
            this.connection = BenchDatabase.physical(pooled);
            this.statement = connection.prepareStatement(sql);
        }

        int upsert(boolean autoCommit, Object[] parameters) throws SQLException {
            if (connection.getAutoCommit() != autoCommit) {
                connection.setAutoCommit(autoCommit);
            }
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            int rows = statement.executeUpdate();
            if (!autoCommit) {
                connection.commit();
            }
            return rows;
        }

        @Override
        public void close() throws SQLException {
            try {
                statement.close();
                connection.setAutoCommit(true);
            } finally {
                pooled.close();
            }
        }
    }

    /**
     * @return the row count of one upsert in raw JDBC on the calling thread
     * @throws SQLException when the database fails
     */
    int rawOne() throws SQLException {
        Object[] parameters = nextParameters();
        return database.raw(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(upsert.sql())) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** @return the row count of {@link #rawOne()} run on a one-thread executor, waited for */
    int hopOne() {
        return CompletableFuture.supplyAsync(this::rawUnchecked, hop).join();
    }

    /** @return 1, handed to the one-thread executor and back: the cost of the hand-off alone */
    int hopEmpty() {
        return CompletableFuture.supplyAsync(() -> 1, hop).join();
    }

    private int rawUnchecked() {
        try {
            return rawOne();
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    // ------------------------------------------------------------------ pipelined

    /**
     * Submits {@value #WINDOW} upserts to the broker, then waits for all with
     * {@link CompletableFuture#allOf}, as a caller waiting for a batch does (joining each in turn
     * would wake the caller once per transaction).
     */
    void sasyncWindow() {
        window(database.broker());
    }

    /** As {@link #sasyncWindow()}, through a broker with the default settings. */
    void sasyncDefaultsWindow() {
        window(defaults);
    }

    /** As {@link #sasyncWindow()}, through a broker on the same queue with one statement listener that does nothing. */
    void sasyncListenedWindow() {
        window(listened);
    }

    /**
     * As {@link #sasyncWindow()}, through a broker on the same queue that completes its futures on
     * the worker instead of handing them to the callback thread.
     */
    void sasyncOnWorkerWindow() {
        window(onWorker);
    }

    private void window(AccessBroker broker) {
        CompletableFuture<?>[] window = new CompletableFuture<?>[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            window[i] = broker.update(upsert.sql(), nextParameters());
        }
        CompletableFuture.allOf(window).join();
    }

    /**
     * Runs {@value #WINDOW} upserts one after the other on the calling thread's own connection.
     *
     * @param autoCommit whether they run in auto-commit rather than each in a transaction
     * @throws SQLException when the database fails
     */
    void floorLoop(boolean autoCommit) throws SQLException {
        for (int i = 0; i < WINDOW; i++) {
            floorOne(autoCommit);
        }
    }

    /**
     * Runs {@value #WINDOW} raw upsert transactions one after the other on the calling thread.
     *
     * @throws SQLException when the database fails
     */
    void rawLoop() throws SQLException {
        for (int i = 0; i < WINDOW; i++) {
            rawOne();
        }
    }

    /** @return the row count of one upsert through the {@link JdbiExecutor}, waited for */
    int jdbiOne() {
        Object[] parameters = nextParameters();
        return jdbi.inTransaction(handle -> handle.execute(upsert.sql(), parameters)).toCompletableFuture().join();
    }

    /** Submits {@value #WINDOW} upserts to the {@link JdbiExecutor}, then waits for all. */
    void jdbiWindow() {
        CompletableFuture<?>[] window = new CompletableFuture<?>[WINDOW];
        String sql = upsert.sql();
        for (int i = 0; i < WINDOW; i++) {
            Object[] parameters = nextParameters();
            window[i] = jdbi.useTransaction(handle -> handle.execute(sql, parameters)).toCompletableFuture();
        }
        CompletableFuture.allOf(window).join();
    }

    /**
     * @param url  the PostgreSQL JDBC URL of the broker
     * @param user its user
     * @return the peers on the same database, as many connections as the broker's workers
     */
    Peers peers(String url, String user) {
        return new Peers(this, url, user, database.dataSource(), database.workers());
    }

    // ------------------------------------------------------------------ end

    /**
     * Drops the table and shuts everything down.
     *
     * @throws SQLException when the table cannot be dropped
     */
    void close() throws SQLException {
        hop.shutdown();
        jdbiThreads.shutdown();
        try {
            for (Floor held : floors) {
                held.close();
            }
        } finally {
            database.close();
        }
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
