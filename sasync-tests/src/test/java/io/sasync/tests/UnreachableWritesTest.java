package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    @Test
    void anAtomicOperationRefusesWhileAnEarlierWriteToItsKeyWaitsForTheDatabase() {
        String id = uniqueId("atomic_waiting");
        PersistentDict<String, Object> dict = Stores.dict(refusing, id);
        refusing.refuse("08006");
        CompletableFuture<Void> put = dict.put("k", 1);
        refusing.awaitRefusals(1);

        WriteBehindException e = failure(dict.putIfAbsent("k", 2), WriteBehindException.class);
        assertTrue(e.getMessage().contains("put if absent 'k' is refused"), e.getMessage());
        assertEquals(Map.of("k", 1), e.unwritten(), "the earlier write is kept");
        assertFalse(put.isDone());

        refusing.refuse(null);
        await(put);
        assertEquals(1, await(dict.get("k")));
        assertEquals(Map.of("k", 1), await(Stores.dict(broker(), id).copy()));
        assertFalse(await(dict.putIfAbsent("k", 2)), "once the write is committed, the operation finds it");
        await(dict.shutdown());
    }

    @Test
    void writesIssuedAfterAnAtomicOperationCommitAfterIt() {
        String id = uniqueId("atomic_order");
        PersistentDict<String, Object> dict = Stores.dict(refusing, id);
        CompletableFuture<Void> gate = refusing.hold();
        CompletableFuture<Void> put = inFlight(dict.put("k", 1));
        CompletableFuture<Boolean> absent = dict.putIfAbsent("k", 2);
        CompletableFuture<Void> removed = dict.remove("k");
        CompletableFuture<Boolean> replaced = dict.replace("j", 3, 4);
        CompletableFuture<Void> putJ = dict.put("j", 3);
        gate.complete(null);

        await(put);
        assertFalse(await(absent), "the put issued before it is committed before it");
        await(removed);
        assertFalse(await(replaced), "the put issued after it is committed after it");
        await(putJ);
        assertEquals(Map.of("j", 3), await(Stores.dict(broker(), id).copy()), "the removal issued after it wins");
        assertNull(await(dict.get("k")));
        assertEquals(3, await(dict.get("j")));
        await(dict.shutdown());
    }

    @Test
    void aWriteStillWaitingIsCommittedByTheAtomicOperationOfItsKey() {
        String id = uniqueId("atomic_carry");
        PersistentDict<String, Object> dict = Stores.dict(refusing, id);
        CompletableFuture<Void> gate = refusing.hold();
        CompletableFuture<Void> first = inFlight(dict.put("a", 0));
        CompletableFuture<Boolean> one = dict.putIfAbsent("k", 1);
        CompletableFuture<Void> put = dict.put("k", 5);
        CompletableFuture<Boolean> two = dict.replace("k", 5, 6);
        gate.complete(null);

        await(first);
        assertTrue(await(one));
        assertTrue(await(two), "the put between the two is committed before the second");
        await(put);
        assertEquals(Map.of("a", 0, "k", 6), await(Stores.dict(broker(), id).copy()));
        assertEquals(6, await(dict.get("k")));
        await(dict.shutdown());
    }

    /**
     * @param write a write issued while the writes are held
     * @return it, once its batch is held in flight
     */
    private CompletableFuture<Void> inFlight(CompletableFuture<Void> write) {
        refusing.awaitRefusals(1);
        assertFalse(write.isDone());
        return write;
    }

    @Test
    void replaceComparesArraysByContent() {
        PersistentDict<String, Object> dict = Stores.dict(broker(), uniqueId("atomic_array"));
        await(dict.put("k", new byte[] {1, 2}));
        await(dict.flush());
        assertTrue(await(dict.replace("k", new byte[] {1, 2}, new byte[] {3})), "a do-while loop of replace ends");
        assertFalse(await(dict.replace("k", new byte[] {1, 2}, new byte[] {4})));
        await(dict.shutdown());
    }

    /** What the writes are refused with, shared by the broker and its shutdown registrations' brokers. */
    private static final class Refusal {
        final Semaphore refusals = new Semaphore(0);
        volatile String refusedWith;
        /** While not null, the writes wait for it (each counted as a refusal). */
        volatile CompletableFuture<Void> gate;
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

        void awaitRefusals(int n) {
            try {
                if (!refusal.refusals.tryAcquire(n, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    fail("fewer than " + n + " writes were tried within " + TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** @return completing it lets the writes held meanwhile through, and the later ones */
        CompletableFuture<Void> hold() {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            refusal.gate = gate.whenComplete((v, e) -> refusal.gate = null);
            return gate;
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
            CompletableFuture<Void> gate = refusal.gate;
            if (gate != null && options.priority().equals(Priority.of(6))) {
                refusal.refusals.release();
                return gate.thenCompose(v -> inner.transact(options, work));
            }
            return inner.transact(options, work);
        }

        @Override
        Broker over(Broker registered) {
            return new WriteRefusingBroker(registered, refusal);
        }
    }
}
