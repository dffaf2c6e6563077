package io.sasync.store;

import java.util.concurrent.CompletableFuture;

/**
 * What every persistent store has: an id, and a way to wait for and end its work.
 *
 * <p>A store keeps its rows in tables shared by all stores ({@code sasync_items},
 * {@code sasync_array}), under a <em>group id</em> computed from {@link #id()} by a stable
 * function (the first eight bytes of the SHA-256 of its UTF-8 bytes, big-endian). The same id
 * therefore finds the same rows in the next process, and stores with different ids never see each
 * other's rows. A store runs over a {@link io.sasync.Broker} it does not own: shutting a store
 * down does not shut its broker down, and shutting the broker down first flushes every store
 * made over it that is still open (a {@link PersistentDict} is shut down by it).
 *
 * <p>Argument errors (a {@code null} key, a key or value its codec refuses, a key whose text
 * the database cannot store exactly and distinct from every other, as the dialect's
 * {@link io.sasync.spi.Dialect#keyTextProblem} says) are thrown at once, before anything is
 * changed, as {@link NullPointerException} or {@link IllegalArgumentException} naming the store,
 * the key and the reason. Database failures complete the returned futures exceptionally.
 * All stores are safe for use by many threads at once.
 */
public interface Store {

    /** @return the id the store was made with */
    String id();

    /**
     * Waits for the work issued before this call.
     *
     * @return completes when every operation issued before this call has finished (for a
     *         {@link PersistentDict}: is committed). A {@link PersistentDict} fails it when one of
     *         those writes failed; {@link Items} and {@link PersistentArray} report failures only
     *         through each operation's own future.
     */
    CompletableFuture<Void> flush();

    /**
     * Flushes, then refuses further operations ({@link IllegalStateException}). Idempotent,
     * except that a {@link PersistentDict} whose shutdown failed for want of the database tries
     * again (see {@link PersistentDict#shutdown()}). Does not shut down the broker.
     *
     * @return the flush
     */
    CompletableFuture<Void> shutdown();
}
