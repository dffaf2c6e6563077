package io.sasync.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.name.Names;
import io.sasync.Broker;
import io.sasync.DatabaseConfig;
import io.sasync.Isolation;
import io.sasync.Session;
import io.sasync.Transact;
import io.sasync.TransactionException;
import io.sasync.spi.Dialect;
import jakarta.inject.Provider;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SAsyncModuleTest {

    private final List<Broker> brokers = new ArrayList<>();

    @AfterEach
    void shutDown() throws Exception {
        for (Broker broker : brokers) {
            broker.shutdown().get(30, SECONDS);
        }
    }

    /** A service whose methods run as transactions. */
    public static class People {
        private final Provider<Session> session;

        @Inject
        People(Provider<Session> session) {
            this.session = session;
        }

        @Transact
        public CompletableFuture<Integer> create() throws SQLException {
            return CompletableFuture.completedFuture(
                    session.get().update("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(20))"));
        }

        @Transact(niceness = -5)
        public CompletableFuture<Integer> add(int id, String name) throws SQLException {
            return CompletableFuture.completedFuture(
                    session.get().update("INSERT INTO people VALUES (?, ?)", id, name));
        }

        @Transact
        public CompletionStage<Integer> addTwiceThenCount(int id, String name) throws SQLException {
            Session outer = session.get();
            add(id, name).join();
            CompletableFuture<Integer> nested = add(id + 1, name);
            if (!nested.isDone()) {
                throw new IllegalStateException("a nested @Transact call must run inline");
            }
            if (outer != session.get()) {
                throw new IllegalStateException("nested calls share the session");
            }
            return CompletableFuture.completedFuture(outer.query("SELECT * FROM people").size());
        }

        @Transact
        public CompletableFuture<Integer> failAfterInsert(int id) throws SQLException {
            session.get().update("INSERT INTO people VALUES (?, 'doomed')", id);
            throw new IllegalStateException("no");
        }

        private final java.util.concurrent.atomic.AtomicInteger flaky = new java.util.concurrent.atomic.AtomicInteger();

        @Transact(attempts = 3)
        public CompletableFuture<Integer> flakyAdd(int id) throws SQLException {
            session.get().update("INSERT INTO people VALUES (?, 'flaky')", id);
            if (flaky.incrementAndGet() < 3) {
                throw new SQLException("deadlock", "40001");
            }
            return CompletableFuture.completedFuture(flaky.get());
        }

        @Transact
        public CompletableFuture<Integer> count() throws SQLException {
            return CompletableFuture.completedFuture(session.get().query("SELECT * FROM people").size());
        }

        @Transact(savepoint = true)
        public CompletableFuture<Integer> addInSavepointThenFail(int id) throws SQLException {
            session.get().update("INSERT INTO people VALUES (?, 'undone')", id);
            throw new IllegalStateException("only this part is undone");
        }

        @Transact(isolation = Isolation.SERIALIZABLE, readOnly = true)
        public CompletableFuture<Integer> isolationSeen() throws SQLException {
            return CompletableFuture.completedFuture(session.get().connection().getTransactionIsolation());
        }

        @Transact(standby = true)
        public CompletableFuture<String> urlOnTheStandby() throws SQLException {
            return CompletableFuture.completedFuture(session.get().connection().getMetaData().getURL());
        }

        @Transact
        public CompletableFuture<String> url() throws SQLException {
            return CompletableFuture.completedFuture(session.get().connection().getMetaData().getURL());
        }

        @Transact
        public CompletableFuture<Integer> addKeepingAFailedSavepoint(int id) throws SQLException {
            add(id, "kept").join();
            CompletableFuture<Integer> failed = addInSavepointThenFail(id + 1);
            if (!failed.isCompletedExceptionally()) {
                throw new IllegalStateException("the nested call in a savepoint fails on its own");
            }
            return count();
        }
    }

    /** A service with a @Transact method Guice cannot honour. */
    public static class Broken {
        @Inject
        Broken() {
        }

        @Transact
        public int notAFuture() {
            return 0;
        }

        @Transact(niceness = 99)
        public CompletableFuture<Integer> tooNice() {
            return CompletableFuture.completedFuture(0);
        }

        @Transact(attempts = 0)
        public CompletableFuture<Integer> neverTried() {
            return CompletableFuture.completedFuture(0);
        }
    }

    /** A service on a second, named database. */
    public static class Audit {
        private final Provider<Session> session;

        @Inject
        Audit(@com.google.inject.name.Named("audit") Provider<Session> session) {
            this.session = session;
        }

        @Transact(database = "audit")
        public CompletableFuture<String> where() throws SQLException {
            return CompletableFuture.completedFuture(
                    session.get().first("SELECT DATABASE()").orElseThrow().get(0, String.class));
        }
    }

    private static Injector strictInjector(com.google.inject.Module... modules) {
        return Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                binder().requireAtInjectOnConstructors();
                binder().disableCircularProxies();
                for (com.google.inject.Module m : modules) {
                    install(m);
                }
            }
        });
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, SECONDS);
    }

    @Test
    void transactMethodsRunAsQueuedTransactionsAndNestInline() throws Exception {
        Injector injector = strictInjector(new SAsyncModule(H2.database().build()), new AbstractModule() {
            @Override
            protected void configure() {
                bind(People.class);
            }
        });
        Broker broker = injector.getInstance(Broker.class);
        brokers.add(broker);
        assertSame(broker, injector.getInstance(Broker.class), "the broker is a singleton");
        People people = injector.getInstance(People.class);
        await(people.create());
        assertEquals(1, await(people.add(1, "Ann")));
        assertEquals(3, await(people.addTwiceThenCount(2, "Bob")));
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(people.failAfterInsert(9)));
        TransactionException te = assertInstanceOf(TransactionException.class, e.getCause());
        assertTrue(te.getMessage().contains("People.failAfterInsert"), te.getMessage());
        assertEquals(3, await(people.count()), "the failed method's insert was rolled back");
        assertEquals(3, await(people.flakyAdd(50)), "@Transact(attempts = 3) re-ran a retryable failure");
        assertEquals(4, await(people.count()));
        assertEquals(5, await(people.addKeepingAFailedSavepoint(60)), "@Transact(savepoint = true) undid only itself");
        assertEquals(5, await(people.count()));
        assertEquals(Connection.TRANSACTION_SERIALIZABLE, await(people.isolationSeen()));
        assertEquals("h2", injector.getInstance(Dialect.class).name());
    }

    @Test
    void aTransactMethodMarkedForTheStandbyRunsThere() throws Exception {
        String standby = "jdbc:h2:mem:standby-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Injector injector = strictInjector(new SAsyncModule(H2.database().standby(standby).build()), new AbstractModule() {
            @Override
            protected void configure() {
                bind(People.class);
            }
        });
        brokers.add(injector.getInstance(Broker.class));
        People people = injector.getInstance(People.class);
        assertTrue(await(people.urlOnTheStandby()).startsWith("jdbc:h2:mem:standby-"), "@Transact(standby = true)");
        assertNotEquals(await(people.urlOnTheStandby()), await(people.url()), "plain @Transact runs on the primary");
    }

    @Test
    void theSessionProviderWorksOnlyInsideATransaction() {
        Injector injector = strictInjector(new SAsyncModule(H2.database().build()));
        brokers.add(injector.getInstance(Broker.class));
        ProvisionException e = assertThrows(ProvisionException.class, () -> injector.getInstance(Session.class));
        assertTrue(e.getMessage().contains("no transaction"), e.getMessage());
    }

    @Test
    void badTransactMethodsAreReportedWhenTheInjectorIsCreated() {
        CreationException e = assertThrows(CreationException.class,
                () -> strictInjector(new SAsyncModule(H2.database().build()), new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Broken.class);
                    }
                }));
        assertTrue(e.getMessage().contains("notAFuture") && e.getMessage().contains("must return CompletableFuture"),
                e.getMessage());
        assertTrue(e.getMessage().contains("tooNice") && e.getMessage().contains("niceness 99"), e.getMessage());
        assertTrue(e.getMessage().contains("neverTried") && e.getMessage().contains("attempts 0"), e.getMessage());
    }

    @Test
    void aTransactMethodNamingAnUnboundDatabaseIsReportedAtCreation() {
        CreationException e = assertThrows(CreationException.class,
                () -> strictInjector(new SAsyncModule(H2.database().build()), new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Audit.class);
                    }
                }));
        assertTrue(e.getMessage().contains("audit"), e.getMessage());
    }

    @Test
    void twoDatabasesLiveInOneInjectorThroughNames() throws Exception {
        DatabaseConfig main = H2.database().build();
        DatabaseConfig audit = H2.database().build();
        Injector injector = strictInjector(new SAsyncModule(main), SAsyncModule.named("audit", audit),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(People.class);
                        bind(Audit.class);
                    }
                });
        Broker mainBroker = injector.getInstance(Broker.class);
        Broker auditBroker = injector.getInstance(Key.get(Broker.class, Names.named("audit")));
        brokers.add(mainBroker);
        brokers.add(auditBroker);
        assertNotEquals(mainBroker, auditBroker);
        String database = await(injector.getInstance(Audit.class).where());
        String auditName = audit.url().substring("jdbc:h2:mem:".length());
        assertEquals(auditName.toUpperCase(), database.toUpperCase());
        await(injector.getInstance(People.class).create());
        assertEquals(0, await(injector.getInstance(People.class).count()));
    }
}
