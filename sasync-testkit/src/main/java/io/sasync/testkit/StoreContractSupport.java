package io.sasync.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.DatabaseConfig;
import io.sasync.persistence.Stores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/**
 * What the store contracts share, besides {@link ContractSupport}: store ids no other test uses,
 * the keys some databases cannot keep, and waits that time out. The store tables
 * ({@code sasync_items}, {@code sasync_array}) are dropped after every test.
 *
 * <p>To run the contracts on a database, extend each and implement {@link #newDatabase()}:
 *
 * <pre>{@code
 * class MyDbItemsTest extends ItemsContract {
 *     @Override
 *     public DatabaseConfig.Builder newDatabase() {
 *         return DatabaseConfig.builder("jdbc:mydb:mem:" + UUID.randomUUID());
 *     }
 * }
 * }</pre>
 */
public abstract class StoreContractSupport extends ContractSupport {

    /** For subclasses. */
    protected StoreContractSupport() {
    }

    /** @return the default pool size: stores run their writes beside the test's own calls */
    @Override
    protected int maxConnections() {
        return DatabaseConfig.DEFAULT_MAX_CONNECTIONS;
    }

    /** Drops the store tables after the test, with the test's other tables. */
    @BeforeEach
    public final void trackStoreTables() {
        track(Stores.itemsTable().name());
        track(Stores.arrayTable().name());
    }

    /**
     * @param prefix what the store is for
     * @return a store id no other test uses
     */
    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A key containing U+0000, which no database keeps (PostgreSQL refuses it). */
    protected static final String NUL_KEY = "bad\u0000key";
    /** A key ending with an unpaired surrogate, which PostgreSQL would store as {@code "a?"}. */
    protected static final String SURROGATE_KEY = "a\uD800";
    /** A key ending with a space, which Derby would store as the same key as {@code "trailing"}. */
    protected static final String SPACE_KEY = "trailing ";

    /**
     * Pairs of keys that differ only in what some database merges: each must either stay a key
     * of its own, or be refused at the call.
     */
    protected static final List<List<String>> MERGEABLE_KEYS = List.of(
            List.of(SURROGATE_KEY, "a?"), List.of("a?", SURROGATE_KEY), List.of("b", "b "), List.of("b ", "b"),
            List.of("", " "), List.of("c\uDC00", "c\uFFFD"), List.of("d\u0000", "d"));

    /**
     * @return the keys the test's database cannot keep, each with a phrase of the reason the
     *         refusal must give: NUL and an unpaired surrogate on every database, and a trailing
     *         space where the dialect says so
     */
    protected Map<String, String> unstorableKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(NUL_KEY, "U+0000");
        keys.put(SURROGATE_KEY, "unpaired surrogate");
        if (broker().dialect().keyTextProblem(SPACE_KEY).isPresent()) {
            keys.put(SPACE_KEY, "ends with a space");
        }
        return keys;
    }

    /**
     * @param keys key texts
     * @return those the test's database can store, as its dialect says (on Derby, not those
     *         ending with a space)
     */
    protected List<String> storable(List<String> keys) {
        return keys.stream().filter(k -> broker().dialect().keyTextProblem(k).isEmpty()).toList();
    }

    /**
     * @param texts texts
     * @return them with every character outside printable ASCII as {@code <XXXX>}, for messages
     */
    protected static String codes(List<String> texts) {
        StringBuilder out = new StringBuilder();
        for (String text : texts) {
            out.append(out.length() == 0 ? "[" : ", [");
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                out.append(c >= 0x21 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "<%04X>", (int) c));
            }
            out.append(']');
        }
        return out.toString();
    }

    /**
     * Asserts that a call is refused at once with an {@link IllegalArgumentException} whose
     * message names the store and gives the reason.
     *
     * @param storeId the store's id
     * @param reason  a phrase of the reason
     * @param call    the call
     * @return the refusal
     */
    protected static IllegalArgumentException assertRefusedAtTheCall(String storeId, String reason, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(storeId) && e.getMessage().contains(reason), e.getMessage());
        return e;
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
