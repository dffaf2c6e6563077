package io.sasync.testkit;

import io.sasync.DatabaseConfig;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The hooks through which a test class tells the contracts about its database. Every contract of
 * the kit implements this interface: a test class extends a contract, implements
 * {@link #newDatabase()}, and overrides any other hook where its database differs from the
 * default. Only {@code newDatabase()} has no default.
 *
 * <pre>{@code
 * class MyDbBrokerTest extends BrokerContract {
 *     @Override
 *     public DatabaseConfig.Builder newDatabase() {
 *         return DatabaseConfig.builder("jdbc:mydb:mem:" + UUID.randomUUID());
 *     }
 * }
 * }</pre>
 *
 * <p>To describe a database once for all the contracts, extend this interface, give the hooks as
 * default methods, and let each test class implement it beside its contract:
 *
 * <pre>{@code
 * interface MyDb extends DatabaseUnderTest {
 *     @Override
 *     default DatabaseConfig.Builder newDatabase() {
 *         return DatabaseConfig.builder("jdbc:mydb:mem:" + UUID.randomUUID());
 *     }
 *
 *     @Override
 *     default Set<Capability> lacks() {
 *         return EnumSet.of(Capability.TRANSACTIONAL_DDL);
 *     }
 * }
 *
 * class MyDbBrokerTest extends BrokerContract implements MyDb {}
 * class MyDbStreamTest extends StreamContract implements MyDb {}
 * }</pre>
 *
 * <p>The contracts never override a hook themselves, so a hook given by such an interface is the
 * one they call.
 */
public interface DatabaseUnderTest {

    /**
     * Called before every test: a database for that test alone. The contracts create tables with
     * names unique to the run and drop every table they made after the test, so a database may be
     * reused; but some checks use fixed names (the store tables {@code sasync_items} and
     * {@code sasync_array}, reserved words, names that need quoting), so no other test may use the
     * same database at the same time. On a server shared with other tests or builds, create a
     * schema or database of the test's own here and drop it in {@link #releaseDatabase}.
     *
     * <p>The database must keep its data while no connection is open (H2 in memory:
     * {@code ;DB_CLOSE_DELAY=-1}), because some checks shut a broker down and open another on
     * it. The contracts set the pool's {@code maxConnections} themselves. To skip the test where
     * the database cannot be reached, abort it with a JUnit assumption
     * ({@code Assumptions.abort(reason)}); to make that a failure in continuous integration, fail
     * instead.
     *
     * @return a config of the test's database
     * @throws Exception when no database can be made
     */
    DatabaseConfig.Builder newDatabase() throws Exception;

    /**
     * Called after every test whose {@link #newDatabase()} returned, once the test's brokers are
     * shut down, its tables dropped and its dialect's {@code afterClose} has run: release what
     * {@code newDatabase()} made for the test (drop its schema, delete its files). The default
     * does nothing.
     *
     * @param config the config {@code newDatabase()} returned, built
     * @throws Exception when it cannot be released
     */
    default void releaseDatabase(DatabaseConfig config) throws Exception {
    }

    /**
     * The capabilities this database lacks; the checks that need one are skipped, and say so in
     * the test report. The default is none: the database has every {@link Capability}.
     *
     * @return what the database lacks
     */
    default Set<Capability> lacks() {
        return Set.of();
    }

    /**
     * The {@code name()} of the dialect under test. Where it is given, the dialect contract fails
     * when another dialect serves the database's URL (a built-in dialect of higher
     * {@code priority()}, say), instead of proving that one. The default is none: whichever
     * dialect {@code Dialects} picks for the config is tested.
     *
     * @return the expected dialect's name, if any
     */
    default Optional<String> dialectName() {
        return Optional.empty();
    }

    /**
     * The statement that drops an empty schema a test made, for the databases with
     * {@link Capability#SCHEMAS}. The default is standard SQL, which PostgreSQL, H2 and Derby
     * (which requires the {@code RESTRICT}) take; MariaDB and MySQL take {@code DROP SCHEMA name}.
     *
     * @param quotedSchema the schema's name, quoted as the dialect quotes it
     * @return the statement
     */
    default String dropSchemaStatement(String quotedSchema) {
        return "DROP SCHEMA " + quotedSchema + " RESTRICT";
    }

    /**
     * The connections in use in an application's pool, for a config made with
     * {@code DatabaseConfig.builder(dataSource)}, whose figures the broker's queue does not know
     * ({@code stats().poolActive()} is {@code -1}); for example HikariCP's
     * {@code getHikariPoolMXBean().getActiveConnections()}. The contracts check with it that
     * streams return their connections and that nothing is left open after a test; where it gives
     * nothing, the checks that need it are skipped. Not asked for configs of a URL.
     *
     * @param config the test's config
     * @return the connections in use, if the pool tells
     */
    default OptionalInt connectionsInUse(DatabaseConfig config) {
        return OptionalInt.empty();
    }

    // ------------------------------------------------------------------ values

    /**
     * Whether the dialect's {@code read} returns {@code TEXT} and {@code BLOB} values as
     * {@link java.sql.Clob} and {@link java.sql.Blob}, valid only inside their transaction
     * (Derby, and H2 with the standard LOB types), rather than as {@code String} and
     * {@code byte[]}. Either is correct: the broker copies LOBs out before the transaction ends,
     * which the broker contract checks. The dialect contract checks that the values come back as
     * this says. The default is {@code false}.
     *
     * @return whether large values are read as LOBs
     */
    default boolean readsLobs() {
        return false;
    }

    /**
     * Whether creating an index on the same columns as an existing one, under that one's name,
     * succeeds because the database reuses the existing index (Derby warns instead), rather than
     * failing as "object exists". The default is {@code false}.
     *
     * @return whether identical indexes are reused
     */
    default boolean reusesIdenticalIndexes() {
        return false;
    }

    // ------------------------------------------------------------------ faults

    /**
     * Statements each of the two connections of the deadlock check runs right after it connects,
     * in auto-commit mode, so that the database detects the deadlock well within a minute and
     * before a lock timeout ends either wait. The check makes the deadlock itself: two
     * transactions each update a row of a table {@code (k INTEGER PRIMARY KEY, v INTEGER)}, then
     * the row the other holds. For example H2: {@code SET LOCK_TIMEOUT 10000}; Derby:
     * {@code CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.deadlockTimeout', '1')}.
     * The default is none.
     *
     * @return the statements
     */
    default List<String> deadlockSettings() {
        return List.of();
    }

    /**
     * The SQL states a deadlock may fail with on this database, checked besides the dialect's
     * {@code isRetryable}; for example {@code 40P01} on PostgreSQL, {@code 40001} on H2 and
     * Derby. The default is empty: any state, as long as the dialect calls the failure
     * retryable.
     *
     * @return the SQL states
     */
    default Set<String> deadlockSqlStates() {
        return Set.of();
    }

    /**
     * Statements the waiting connection of the lock-timeout check runs right after it connects,
     * in auto-commit mode, so that its wait for a row lock another transaction holds ends in
     * seconds; for example H2: {@code SET LOCK_TIMEOUT 100}; PostgreSQL:
     * {@code SET lock_timeout = '100ms'}; MariaDB: {@code SET innodb_lock_wait_timeout = 1}. The
     * default is none, so the database's own lock timeout applies, which must then end the wait
     * within a minute.
     *
     * @return the statements
     */
    default List<String> lockTimeoutSettings() {
        return List.of();
    }

    /**
     * The SQL states a lock timeout may fail with on this database, checked besides the
     * dialect's {@code isRetryable}; for example {@code 55P03} on PostgreSQL, {@code HYT00} on
     * H2, {@code 40XL1} on Derby. The default is empty: any state, as long as the dialect calls
     * the failure retryable.
     *
     * @return the SQL states
     */
    default Set<String> lockTimeoutSqlStates() {
        return Set.of();
    }

    /**
     * A config of a database that does not exist on a server (or in a place) that does, for the
     * check that failing to connect to it is a connection failure to the dialect; for example
     * H2: {@code jdbc:h2:mem:absent;IFEXISTS=TRUE}; Derby: {@code jdbc:derby:memory:absent}
     * (without {@code create=true}); PostgreSQL: the test server's URL with another database
     * name. The default is none, and the check is skipped.
     *
     * @return the config, if any
     */
    default Optional<DatabaseConfig> missingDatabase() {
        return Optional.empty();
    }

    /**
     * A query that runs for 30 seconds or more unless it is cancelled, for the check that a
     * transaction's timeout cancels its running statement on the server rather than waiting it
     * out; for example PostgreSQL: {@code SELECT pg_sleep(30)}. The default is none, and the
     * check is skipped.
     *
     * @return the query, if any
     */
    default Optional<String> slowQuery() {
        return Optional.empty();
    }

    /**
     * A query that makes the server end the session that runs it, for the check that a
     * transaction whose connection is lost midway is a connection failure and commits nothing;
     * for example PostgreSQL: {@code SELECT pg_terminate_backend(pg_backend_pid())}. The default
     * is none, and the check is skipped.
     *
     * @return the query, if any
     */
    default Optional<String> sessionEndingQuery() {
        return Optional.empty();
    }
}
