package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sasync.DatabaseConfig;
import java.time.Duration;
import java.util.List;

/**
 * {@link MultiProcessCoherenceScenario} on PostgreSQL, through {@code LISTEN}/{@code NOTIFY}, in a
 * schema of its own on the shared server. Halfway through the mix, the children's listening
 * connections are ended with {@code pg_terminate_backend}: only the backends under this test's
 * own application name, which the children's listeners carry.
 */
class PostgresMultiProcessCoherenceTest extends MultiProcessCoherenceScenario {

    private final String application = LoadSupport.unique("sasync_coherent_procs");
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
        return List.of(TestPostgres.url(), TestPostgres.user(), "currentSchema=" + schema.name(),
                "ApplicationName=" + application);
    }

    /** Ends every child's listening connection; the children connect again and refresh. */
    @Override
    void midRun() throws Exception {
        int ended = PostgresCoherenceTest.terminateListeners(application);
        assertEquals(3, ended, "one listening connection per child");
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
