package io.sasync.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Named values within a group: the rows of {@code sasync_items} with this store's group id.
 *
 * <p>Every call is one transaction on the broker's queue: reads at niceness 0, writes at
 * niceness 6, as in the original. Calls are not ordered with respect to each other: to read
 * what a write wrote, wait for the write's future first. Names are stored as the text of the
 * store's {@link KeyCodec} and read back through it, so a stored {@code "04"} read with an
 * integer codec is {@code 4}.
 *
 * <pre>{@code
 * Items<String, Object> settings = Stores.items(broker, "settings");
 * settings.update("theme", "dark")
 *         .thenCompose(done -> settings.load("theme"))
 *         .thenAccept(theme -> System.out.println(theme.orElse("default")));
 * }</pre>
 *
 * <p>A {@link PersistentDict} with the same id and codecs sees the same items.
 *
 * @param <K> the type of the names
 * @param <V> the type of the values
 */
public interface Items<K, V> extends Store {

    /**
     * @param name a name
     * @return its value, or empty when there is none (absent is not an error); fails with
     *         {@link CodecException} when the stored bytes do not decode
     */
    CompletableFuture<Optional<V>> load(K name);

    /** @return every item of the group, in the order of the stored name texts */
    CompletableFuture<Map<K, V>> loadAll();

    /**
     * Adds an item that must not exist yet.
     *
     * @param name  a name
     * @param value its value
     * @return completes when committed; fails with {@link DuplicateKeyException}, changing
     *         nothing, when the name is already stored
     */
    CompletableFuture<Void> insert(K name, V value);

    /**
     * Writes an item, inserting or replacing it (an upsert).
     *
     * @param name  a name
     * @param value its value
     * @return completes when committed
     */
    CompletableFuture<Void> update(K name, V value);

    /**
     * @param name a name
     * @return the number of items deleted (0 or 1), once committed
     */
    CompletableFuture<Integer> delete(K name);

    /**
     * Deletes several items in one transaction.
     *
     * @param names the names
     * @return the number of items deleted, once committed
     */
    CompletableFuture<Integer> delete(Collection<? extends K> names);

    /** @return the names of every item of the group, in the order of their stored texts */
    CompletableFuture<List<K>> names();
}
