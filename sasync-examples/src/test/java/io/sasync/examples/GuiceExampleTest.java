package io.sasync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.sasync.Broker;
import io.sasync.DatabaseConfig;
import io.sasync.Session;
import io.sasync.Transact;
import io.sasync.core.SAsyncModule;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's Guice example runs as it says, with the {@code jakarta.inject} annotations that
 * Guice 7 reads: {@code @Inject}, {@code Provider}, and {@code @Named} for a database bound with
 * {@code SAsyncModule.named}.
 */
class GuiceExampleTest {

    private static final long WAIT_SECONDS = 10;

    /** The README's {@code People}. */
    public static class People {
        private final Provider<Session> session;

        @Inject
        People(Provider<Session> session) {
            this.session = session;
        }

        @Transact(niceness = -5)
        public CompletableFuture<Integer> rename(long id, String name) throws SQLException {
            return CompletableFuture.completedFuture(
                    session.get().update("UPDATE people SET name = ? WHERE id = ?", name, id));
        }
    }

    /** Takes both databases, the audit one by {@code jakarta.inject.Named}. */
    public static class Both {
        final Broker main;
        final Broker audit;

        @Inject
        Both(Broker main, @Named("audit") Broker audit) {
            this.main = main;
            this.audit = audit;
        }
    }

    @Test
    @Timeout(60)
    void aTransactMethodRunsAsATransaction() throws Exception {
        Injector injector = Guice.createInjector(new SAsyncModule(
                DatabaseConfig.of("jdbc:h2:mem:guice-" + UUID.randomUUID())));
        Broker broker = injector.getInstance(Broker.class);
        try {
            broker.update("CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(40))").get(WAIT_SECONDS, TimeUnit.SECONDS);
            broker.update("INSERT INTO people (id, name) VALUES (1, 'Ada')").get(WAIT_SECONDS, TimeUnit.SECONDS);

            People people = injector.getInstance(People.class);
            assertEquals(1, people.rename(1, "Ada Lovelace").get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals("Ada Lovelace", broker.sql("SELECT name FROM people WHERE id = 1")
                    .get(WAIT_SECONDS, TimeUnit.SECONDS).get(0).get("name", String.class));
        } finally {
            broker.shutdown().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void aNamedDatabaseIsInjectedThroughJakartaNamed() throws Exception {
        Injector injector = Guice.createInjector(
                new SAsyncModule(DatabaseConfig.of("jdbc:h2:mem:guice-main-" + UUID.randomUUID())),
                SAsyncModule.named("audit", DatabaseConfig.of("jdbc:h2:mem:guice-audit-" + UUID.randomUUID())));
        Both both = injector.getInstance(Both.class);
        try {
            assertNotSame(both.main, both.audit);
        } finally {
            both.main.shutdown().get(WAIT_SECONDS, TimeUnit.SECONDS);
            both.audit.shutdown().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
