package io.sasync.testkit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.DatabaseConfig;
import io.sasync.TableSpec;
import io.sasync.TaskQueue;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.spi.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every contract shares: the test's database from {@link #newDatabase()}, brokers on it,
 * table names unique to the run, waits that time out, and the checks after each test that
 * nothing leaked.
 *
 * <p>Before each test it builds the config {@code newDatabase()} gives and finds its dialect the
 * way the broker does ({@code Dialects.load().forConfig(config)}). After each test it shuts down
 * every broker the test made (even one that failed to start) and checks, through each queue's
 * {@link TaskQueue#stats()}, that every pool closed with no connection open and no worker alive;
 * then it drops every table the test made through {@link #table} or {@link #track}, runs the
 * dialect's {@code afterClose} (as the broker does when its last pool closes), and calls
 * {@link #releaseDatabase}.
 *
 * <p>Test classes extend one of the contracts rather than this class. A test class may add tests
 * of its own that use what is here: {@link #broker()}, {@link #dialect()}, {@link #table}.
 */
public abstract class ContractSupport implements DatabaseUnderTest {

    /** How long any single wait of a contract may take, in seconds. */
    protected static final long TIMEOUT_SECONDS = 60;

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final String prefix = "t" + Long.toString(ProcessHandle.current().pid(), 36) + "_";
    private final List<AccessBroker> brokers = new ArrayList<>();
    private final Set<TaskQueue> queues = ConcurrentHashMap.newKeySet();
    private final List<String> tables = new ArrayList<>();
    private final List<TableSpec> tablesInSchemas = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();
    private DatabaseConfig config;
    private DefaultQueueFactory factory;
    private Dialect dialect;
    private AccessBroker broker;

    /** For subclasses. */
    protected ContractSupport() {
    }

    /**
     * @return the most connections the test's pool may open; each contract sets what its checks
     *         need (2 unless it says otherwise)
     */
    protected int maxConnections() {
        return 2;
    }

    /**
     * Makes the test's database and finds its dialect.
     *
     * @throws Exception when {@link #newDatabase()} fails
     */
    @BeforeEach
    public final void openDatabaseUnderTest() throws Exception {
        DatabaseConfig built = newDatabase().maxConnections(maxConnections()).build();
        config = built;
        factory = new DefaultQueueFactory(Dialects.load());
        dialect = factory.dialects().forConfig(built);
    }

    /**
     * Shuts the test's brokers down, checks that nothing leaked, drops the test's tables and
     * releases its database.
     *
     * @throws Exception when a check fails or something cannot be cleaned up
     */
    @AfterEach
    public final void closeDatabaseUnderTest() throws Exception {
        if (config == null) {
            return; // newDatabase() skipped or failed the test
        }
        try {
            for (AccessBroker b : brokers) {
                b.shutdown().handle((v, e) -> null).get(TIMEOUT_SECONDS, SECONDS);
            }
            for (TaskQueue queue : queues) {
                queue.shutdown().get(TIMEOUT_SECONDS, SECONDS);
                OptionalInt open = inUse(queue);
                if (open.isPresent()) {
                    assertEquals(0, open.getAsInt(), "connections left open");
                }
                if (queue.stats().poolIdle() >= 0) {
                    assertEquals(0, queue.stats().poolIdle(), "idle connections left in a closed pool");
                }
                assertEquals(0, queue.stats().workers(), "worker threads left alive");
            }
            dropTables();
        } finally {
            try {
                dialect.afterClose(config);
            } finally {
                releaseDatabase(config);
            }
        }
    }

    private void dropTables() throws SQLException {
        if (tables.isEmpty() && schemas.isEmpty()) {
            return;
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) TIMEOUT_SECONDS);
            for (String table : tables) {
                if (dialect.tableExists(c, table)) {
                    s.execute("DROP TABLE " + dialect.quote(table));
                }
            }
            for (TableSpec table : tablesInSchemas) {
                if (dialect.tableExists(c, table)) {
                    s.execute("DROP TABLE " + dialect.qualifiedName(table));
                }
            }
            for (String schema : schemas) {
                if (dialect.schemaExists(c, schema)) {
                    s.execute(dropSchemaStatement(dialect.quote(schema)));
                }
            }
        }
    }

    /** @return the config of the test's database, as {@link #newDatabase()} gave it, built */
    protected final DatabaseConfig config() {
        return config;
    }

    /** @return the dialect serving the test's database */
    protected final Dialect dialect() {
        return dialect;
    }

    /**
     * @return the test's broker on its database, made on first use and shut down after the
     *         test; it starts on its first call
     */
    protected final AccessBroker broker() {
        if (broker == null) {
            broker = newBroker();
        }
        return broker;
    }

    /**
     * @return a new broker on the test's database, sharing the queue and pool of the test's other
     *         brokers, shut down and checked for leaks after the test
     */
    protected final AccessBroker newBroker() {
        AccessBroker b = new AccessBroker(factory, config) {
            @Override
            protected CompletionStage<?> startup() {
                queues.add(queue()); // checked after the test: every pool closed, nothing open
                return super.startup();
            }
        };
        brokers.add(b);
        return b;
    }

    /**
     * @return a new plain JDBC connection to the test's database, with the config's user,
     *         password and driver properties; the caller closes it
     * @throws SQLException when it cannot connect
     */
    protected final Connection connect() throws SQLException {
        return connect(config);
    }

    /**
     * @param database a config
     * @return a new plain JDBC connection to its database, with its user, password and driver
     *         properties; the caller closes it
     * @throws SQLException when it cannot connect
     */
    protected static Connection connect(DatabaseConfig database) throws SQLException {
        if (database.dataSource().isPresent()) {
            return database.dataSource().get().getConnection();
        }
        Properties properties = new Properties();
        properties.putAll(database.driverProperties());
        database.user().ifPresent(user -> properties.setProperty("user", user));
        database.password().ifPresent(password -> properties.setProperty("password", password));
        return DriverManager.getConnection(database.url(), properties);
    }

    /**
     * @param stem what the table is for: letters, digits and {@code _}
     * @return a table name unique in this run, dropped after the test
     */
    protected final String table(String stem) {
        return track(prefix + stem + "_" + TABLES.incrementAndGet());
    }

    /**
     * @param name the name of a table the test makes otherwise (a quoted name, a fixed one)
     * @return the name, dropped after the test if the table exists
     */
    protected final String track(String name) {
        tables.add(name);
        return name;
    }

    /**
     * @param table a table the test makes otherwise, perhaps in a schema of its own
     * @return the table, dropped after the test if it exists (before the test's schemas)
     */
    protected final TableSpec track(TableSpec table) {
        if (table.schema() == null) {
            track(table.name());
        } else {
            tablesInSchemas.add(table);
        }
        return table;
    }

    /**
     * Creates a schema of the test's own ({@code CREATE SCHEMA}), skipping the test where the
     * database lacks {@link Capability#SCHEMAS}.
     *
     * @param stem what the schema is for: letters, digits and {@code _}
     * @return its name, unique in this run and needing no quotes; dropped after the test
     *         ({@link #dropSchemaStatement}), once the tables tracked in it are
     * @throws SQLException when it cannot be created
     */
    protected final String schema(String stem) throws SQLException {
        requires(Capability.SCHEMAS);
        String name = prefix + stem + "_" + TABLES.incrementAndGet();
        schemas.add(name);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + dialect.quote(name));
        }
        return name;
    }

    /**
     * Skips the calling test, with a message naming the capability, where {@link #lacks()} names
     * it.
     *
     * @param capability what the rest of the test needs
     */
    protected final void requires(Capability capability) {
        Assumptions.assumeTrue(has(capability), () -> "needs " + capability + " (" + capability.description()
                + "), which this database lacks");
    }

    /**
     * @param capability a capability
     * @return whether the database has it: whether {@link #lacks()} leaves it out
     */
    protected final boolean has(Capability capability) {
        return !lacks().contains(capability);
    }

    /**
     * @param queue a queue of the test's
     * @return the connections of its pool in use: its own figure, or, for a broker on an
     *         application's pool (whose figures the queue does not know), what
     *         {@link #connectionsInUse(DatabaseConfig)} says, if anything
     */
    private OptionalInt inUse(TaskQueue queue) {
        int active = queue.stats().poolActive();
        return active >= 0 ? OptionalInt.of(active) : connectionsInUse(config);
    }

    /**
     * @param queue a queue of the test's
     * @return the connections of its pool in use, as {@link #connectionsInUse()} says; skips the
     *         calling test where that cannot be known
     */
    protected final int connectionsInUse(TaskQueue queue) {
        OptionalInt known = inUse(queue);
        Assumptions.assumeTrue(known.isPresent(), "needs the pool's connections in use, which the queue does not"
                + " know for an application's pool and connectionsInUse(config) does not give");
        return known.getAsInt();
    }

    /**
     * @return the connections in use in the pool of {@code broker()}'s queue: the queue's own
     *         figure, or, for a broker on an application's pool, {@link #connectionsInUse(DatabaseConfig)};
     *         skips the calling test where neither knows
     */
    protected final int connectionsInUse() {
        return connectionsInUse(broker().queue());
    }

    /**
     * Waits until the connections in use in the test's pool ({@link #connectionsInUse()})
     * satisfy a condition: a stream that ended returns its connection a moment after its last
     * signal.
     *
     * @param condition on the connections in use
     * @param what      what is waited for, for the failure message
     */
    protected final void awaitPoolActive(IntPredicate condition, String what) {
        TaskQueue queue = broker().queue();
        awaitTrue(() -> condition.test(connectionsInUse(queue)), () -> what + ": " + queue.stats());
    }

    /**
     * Waits, checking every few milliseconds, until a condition holds.
     *
     * @param condition the condition
     * @param what      what is waited for, for the failure message
     * @throws AssertionError when it does not hold within {@link #TIMEOUT_SECONDS}
     */
    protected static void awaitTrue(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what.get() + " within " + TIMEOUT_SECONDS + " s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * @param stage a stage
     * @param <T>   its result type
     * @return its result, within {@link #TIMEOUT_SECONDS}
     * @throws AssertionError when it fails (the failure is the cause) or does not complete in time
     */
    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the stage failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * @param stage a stage expected to fail
     * @return its failure (unwrapped from {@link CompletionException}), within
     *         {@link #TIMEOUT_SECONDS}
     * @throws AssertionError when it succeeds or does not complete in time
     */
    protected static Throwable failure(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        try {
            Object value = future.get(TIMEOUT_SECONDS, SECONDS);
            throw new AssertionError("expected a failure, but the stage completed with " + value);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause;
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + (config == null ? "" : " on " + config.safeUrl());
    }
}
