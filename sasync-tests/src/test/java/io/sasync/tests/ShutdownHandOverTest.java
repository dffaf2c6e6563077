package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sasync.Broker;
import io.sasync.BrokerShutdownException;
import io.sasync.DatabaseConfig;
import io.sasync.core.AccessBroker;
import io.sasync.persistence.Stores;
import io.sasync.store.PersistentArray;
import io.sasync.store.PersistentDict;
import io.sasync.testkit.StoreContractSupport;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * A broker refuses new work from the moment its shutdown begins, which may be well before it
 * runs its stores' flushes (it waits for a start in progress first). What a store accepted from
 * its callers meanwhile must still reach the database: stores submit through their shutdown
 * registration, which accepts their work until the flushes are done.
 */
class ShutdownHandOverTest extends StoreContractSupport {

    @Override
    public DatabaseConfig.Builder newDatabase() {
        return DatabaseConfig.builder("jdbc:h2:mem:stores-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void writesAStoreAcceptsAfterTheBrokersShutdownBeganAreCommitted() {
        String id = uniqueId("gap");
        CompletableFuture<Void> startupGate = new CompletableFuture<>();
        AccessBroker gated = new AccessBroker(config()) {
            @Override
            protected CompletionStage<?> startup() {
                return startupGate;
            }
        };
        PersistentDict<String, Object> dict = Stores.dict(gated, id);
        PersistentArray<Object> array = Stores.array(gated, id);
        CompletableFuture<Void> before = dict.put("before", 0);
        CompletableFuture<Void> setBefore = array.set(0, 0, 0, "before");

        CompletableFuture<Void> shutdown = gated.shutdown(); // waits for the start-up held at the gate
        CompletableFuture<Void> during = dict.put("during", 1);
        CompletableFuture<Void> setDuring = array.set(1, 1, 1, "during");
        failure(gated.transact(s -> 1), BrokerShutdownException.class);
        assertFalse(during.isDone() || setDuring.isDone() || shutdown.isDone(), "everything waits for the start");

        startupGate.complete(null);
        await(before);
        await(setBefore);
        await(during);
        await(setDuring);
        await(shutdown);

        Broker reopened = newBroker();
        assertEquals(0, await(Stores.dict(reopened, id).get("before")));
        assertEquals(1, await(Stores.dict(reopened, id).get("during")));
        assertEquals("during", await(Stores.array(reopened, id).get(1, 1, 1)));
    }

    @Test
    void aStoreOnABrokerShutDownBeforeItStartedFailsInsteadOfWaiting() {
        Broker neverStarted = newBroker();
        PersistentDict<String, Object> dict = Stores.dict(neverStarted, uniqueId("unstarted"));
        await(neverStarted.shutdown());
        failure(dict.put("k", 1), BrokerShutdownException.class);
        failure(dict.get("uncached"), BrokerShutdownException.class);
        failure(dict.flush(), BrokerShutdownException.class);
    }
}
