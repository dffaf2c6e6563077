package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.Broker;
import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.TransactOptions;
import io.sasync.TransactionException;
import io.sasync.Work;
import io.sasync.persistence.Stores;
import io.sasync.store.PersistentDict;
import io.sasync.store.WriteBehindException;
import io.sasync.testkit.StoreContractSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Write-behind when the writes cannot reach the database but everything else works, which a
 * broker that refuses only the dict's writes (niceness 6) shows deterministically: the batch
 * waiting to be tried again does not block the dict's loads, which see its writes; other work
 * runs meanwhile; a failure that is not a connection failure is not waited for.
 */
class UnreachableWritesTest extends StoreContractSupport {

    private WriteRefusingBroker refusing;

    @Override
    public DatabaseConfig.Builder newDatabase() {
        return DatabaseConfig.builder("jdbc:h2:mem:stores-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @BeforeEach
    void wrap() {
        refusing = new WriteRefusingBroker(broker());
    }

    @Test
    void loadsWhileABatchWaitsToBeTriedAgainSeeItsWritesAndOtherWorkRuns() throws Exception {
        String id = uniqueId("waiting");
        PersistentDict<String, Object> dict = Stores.dict(refusing, id);
        await(dict.put("a", 1));
        await(dict.put("b", 2));

        refusing.refuse("08001");
        CompletableFuture<Void> a = dict.put("a", 10);
        CompletableFuture<Void> b = dict.remove("b");
        CompletableFuture<Void> c = dict.put("c", 3);
        refusing.awaitRefusals(3);
        assertFalse(a.isDone() || b.isDone() || c.isDone(), "the writes wait for the database");

        Map<String, Object> expected = Map.of("a", 10, "c", 3);
        assertEquals(expected, await(dict.copy()), "a load lays the waiting writes over what it read");
        assertEquals(Set.of("a", "c"), await(dict.keys()));
        assertEquals(Integer.valueOf(1), await(broker().transact(s -> 1)), "no queue worker is held while the writes wait");
        PersistentDict<String, Object> other = Stores.dict(broker(), id);
        assertEquals(Map.of("a", 1, "b", 2), await(other.copy()), "nothing was written meanwhile");

        refusing.refuse(null);
        await(a);
        await(b);
        await(c);
        assertEquals(expected, await(Stores.dict(broker(), id).copy()));
        assertEquals(expected, await(dict.preload()));
    }

    @Test
    void aFailureThatIsNotAConnectionFailureIsNotWaitedFor() {
        PersistentDict<String, Object> dict = Stores.dict(refusing, uniqueId("refused"));
        await(dict.put("a", 1));
        refusing.refuse("23505");
        TransactionException e = failure(dict.put("a", 2), TransactionException.class);
        assertEquals("23505", e.sqlState().orElseThrow());
        assertSame(e, failure(dict.flush(), TransactionException.class));
        refusing.refuse(null);
        await(dict.shutdown());
    }

    @Test
    void aWriteThatFailsIsLoggedThroughSlf4jWhereTheCoreLogs() {
        PersistentDict<String, Object> dict = Stores.dict(refusing, uniqueId("logged"));
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            refusing.refuse("23514");
            failure(dict.put("a", 2), TransactionException.class);
        } finally {
            System.setErr(original);
            refusing.refuse(null);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("WARN io.sasync.persistence.") && logs.contains("behind failed"), logs);
        failure(dict.flush(), TransactionException.class);
        await(dict.shutdown());
    }

    @Test
    void aShutdownRetriedWhileTheDatabaseIsStillAwayFailsAgainAndKeepsEverything() {
        String id = uniqueId("kept");
        PersistentDict<String, Object> dict = Stores.dict(refusing, id);
        await(dict.put("a", 1));
        refusing.refuse("08006");
        CompletableFuture<Void> clear = dict.clear();
        CompletableFuture<Void> put = dict.put("b", 2);
        for (int i = 0; i < 3; i++) {
            WriteBehindException e = failure(dict.shutdown(), WriteBehindException.class);
            assertEquals(1, e.count(), e.getMessage());
            assertTrue(e.clearFirst());
            assertEquals(Map.of("b", 2), e.unwritten());
            assertFalse(clear.isDone() || put.isDone());
        }
        CompletableFuture<Void> flushed = dict.flush();
        assertEquals(1, failure(flushed, WriteBehindException.class).count(), "a flush is a retry too");

        refusing.refuse(null);
        await(dict.shutdown());
        await(clear);
        await(put);
        assertEquals(Map.of("b", 2), await(Stores.dict(broker(), id).copy()));
    }

    /** What the writes are refused with, shared by the broker and its shutdown registrations' brokers. */
    private static final class Refusal {
        final Semaphore refusals = new Semaphore(0);
        volatile String refusedWith;
    }

    /** Delegates to a real broker, refusing the dict's writes (niceness 6) on command. */
    private static final class WriteRefusingBroker extends ForwardingBroker {
        private final Refusal refusal;

        WriteRefusingBroker(Broker inner) {
            this(inner, new Refusal());
        }

        private WriteRefusingBroker(Broker inner, Refusal refusal) {
            super(inner);
            this.refusal = refusal;
        }

        /** @param sqlState the SQL state the writes fail with, or null to let them through */
        void refuse(String sqlState) {
            refusal.refusedWith = sqlState;
        }

        void awaitRefusals(int n) throws InterruptedException {
            if (!refusal.refusals.tryAcquire(n, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("fewer than " + n + " writes were tried within " + TIMEOUT_SECONDS + " s");
            }
        }

        @Override
        public <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work) {
            String state = refusal.refusedWith;
            if (state != null && options.priority().equals(Priority.of(6))) {
                refusal.refusals.release();
                SQLException cause = new SQLException("refused by the test", state);
                return CompletableFuture.failedFuture(new TransactionException("'" + work + "' failed: " + cause,
                        cause, state, 0, false));
            }
            return inner.transact(options, work);
        }

        @Override
        Broker over(Broker registered) {
            return new WriteRefusingBroker(registered, refusal);
        }
    }
}
