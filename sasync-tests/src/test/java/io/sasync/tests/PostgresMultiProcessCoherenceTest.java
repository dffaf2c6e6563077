package io.sasync.tests;

import io.sasync.DatabaseConfig;
import java.time.Duration;
import java.util.List;

/**
 * {@link MultiProcessCoherenceScenario} on PostgreSQL, through {@code LISTEN}/{@code NOTIFY}, in a
 * schema of its own on the shared server.
 */
class PostgresMultiProcessCoherenceTest extends MultiProcessCoherenceScenario {

    private PostgresSchema schema;

    @Override
    void createDatabase() throws Exception {
        TestPostgres.assumeAvailable();
        schema = new PostgresSchema();
    }

    @Override
    void dropDatabase() throws Exception {
        if (schema != null) {
            schema.close();
        }
    }

    @Override
    DatabaseConfig.Builder config() {
        return schema.config(TestPostgres.url());
    }

    @Override
    List<String> childConnection() {
        return List.of(TestPostgres.url(), TestPostgres.user(), "currentSchema=" + schema.name());
    }

    @Override
    long pollMillis() {
        return 0;
    }

    /** The README: milliseconds on a healthy connection; two seconds' margin for a loaded machine. */
    @Override
    Duration stalenessBound() {
        return Duration.ofSeconds(2);
    }
}
