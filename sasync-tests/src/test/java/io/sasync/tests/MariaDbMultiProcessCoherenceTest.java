package io.sasync.tests;

import io.sasync.DatabaseConfig;
import java.time.Duration;
import java.util.List;

/**
 * {@link MultiProcessCoherenceScenario} on MariaDB, which has no change notifications: the dicts
 * poll their change counter every 200 ms. In a database of its own on the shared server.
 */
class MariaDbMultiProcessCoherenceTest extends MultiProcessCoherenceScenario {

    private static final long POLL_MILLIS = 200;

    private final String database = LoadSupport.unique("coherent");

    @Override
    void createDatabase() throws Exception {
        TestMariaDb.assumeAvailable();
        TestMariaDb.execute("CREATE DATABASE " + database);
    }

    @Override
    void dropDatabase() throws Exception {
        TestMariaDb.execute("DROP DATABASE IF EXISTS " + database);
    }

    @Override
    DatabaseConfig.Builder config() {
        return DatabaseConfig.builder(TestMariaDb.url(database)).user(TestMariaDb.USER);
    }

    @Override
    List<String> childConnection() {
        return List.of(TestMariaDb.url(database), TestMariaDb.USER);
    }

    @Override
    long pollMillis() {
        return POLL_MILLIS;
    }

    /** The README: the poll interval and one reload; two seconds' margin for a loaded machine. */
    @Override
    Duration stalenessBound() {
        return Duration.ofMillis(POLL_MILLIS).plusSeconds(2);
    }
}
