package io.sasync.stores;

import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.Broker;
import io.sasync.DatabaseConfig;
import io.sasync.TableSpec;
import io.sasync.core.AccessBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the store contracts share: a database per test from {@link #newDatabase()}, brokers on
 * it that are shut down after the test, the store tables dropped afterwards, and waits that
 * always time out.
 *
 * <p>To run the contracts on another database, subclass each contract and return a config of a
 * database the test may fill and empty (the store tables are dropped after every test):
 *
 * <pre>{@code
 * class DerbyItemsTest extends ItemsContract {
 *     protected DatabaseConfig newDatabase() { return DatabaseConfig.of("jdbc:derby:target/stores;create=true"); }
 * }
 * }</pre>
 */
public abstract class StoreContractSupport {

    /** How long any single wait may take. */
    protected static final long TIMEOUT_SECONDS = 30;

    /** The database of the current test. */
    protected DatabaseConfig config;
    /** A broker on it, shut down after the test. */
    protected Broker broker;
    private final List<Broker> brokers = new ArrayList<>();

    /**
     * @return a database for one test; the same config is used for every broker the test opens,
     *         so it must keep its data while no broker is open (H2 in memory:
     *         {@code DB_CLOSE_DELAY=-1})
     */
    protected abstract DatabaseConfig newDatabase();

    @BeforeEach
    void openDatabase() {
        config = newDatabase();
        broker = openBroker();
    }

    @AfterEach
    void dropStoreTables() throws Exception {
        try {
            for (Broker b : brokers) {
                await(b.shutdown());
            }
            brokers.clear();
            if (config == null) {
                return; // newDatabase() skipped the test
            }
            Broker cleanup = new AccessBroker(config);
            try {
                await(cleanup.transact(s -> {
                    for (TableSpec table : List.of(Stores.itemsTable(), Stores.arrayTable())) {
                        if (s.dialect().tableExists(s.connection(), table.name())) {
                            s.update("DROP TABLE " + s.dialect().quote(table.name()));
                        }
                    }
                    return null;
                }));
            } finally {
                await(cleanup.shutdown());
            }
        } finally {
            releaseDatabase();
        }
    }

    /**
     * Releases what {@link #newDatabase()} made for the test, once its brokers are shut down and
     * the store tables dropped: a schema of its own on a server other tests share, say. Does
     * nothing by default.
     *
     * @throws Exception when it cannot be released
     */
    protected void releaseDatabase() throws Exception {
    }

    /** @return a new broker on the test's database, shut down after the test */
    protected Broker openBroker() {
        Broker b = new AccessBroker(config);
        brokers.add(b);
        return b;
    }

    /**
     * @param prefix what the store is for
     * @return a store id no other test uses
     */
    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /**
     * @param stage a stage
     * @param <T>   its result type
     * @return its result, within {@link #TIMEOUT_SECONDS}
     */
    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
     * @param type  the expected failure
     * @param <X>   its type
     * @return the failure, unwrapped
     */
    protected static <X extends Throwable> X failure(CompletionStage<?> stage, Class<X> type) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        try {
            future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            throw new AssertionError("expected " + type.getName() + ", failed with " + cause, cause);
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return fail("expected " + type.getName() + ", but the stage succeeded");
    }
}
