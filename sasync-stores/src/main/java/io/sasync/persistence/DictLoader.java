package io.sasync.persistence;

import io.sasync.Row;
import io.sasync.store.Codec;
import io.sasync.store.KeyCodec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads a {@link DictStore}'s entries from the database and reconciles what it read with the
 * dict's {@link DictCache}: one key (cached unless the cache learnt something newer meanwhile),
 * or every entry or key, with the writes not yet committed laid over them. The loads of every
 * entry must run on the dict's lane, between two batches.
 *
 * <p>A miss of one key reads the database outside the lane and caches what it found only if the
 * key is still uncached and neither a clear nor a refresh happened meanwhile (the cache's epoch):
 * a newer local write always wins over what the read saw.
 *
 * <p>Takes the dict's lock to touch the cache; holds no lock of its own.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class DictLoader<K, V> {

    private final StoreContext ctx;
    private final KeyCodec<K> keyCodec;
    private final Codec<V> codec;
    private final Object lock;
    private final DictCache<K, V> cache;
    /** The keys with uncommitted writes; asked holding the lock. */
    private final Supplier<Set<K>> dirtyKeys;

    DictLoader(StoreContext ctx, KeyCodec<K> keyCodec, Codec<V> codec, Object lock, DictCache<K, V> cache,
               Supplier<Set<K>> dirtyKeys) {
        this.ctx = ctx;
        this.keyCodec = keyCodec;
        this.codec = codec;
        this.lock = lock;
        this.cache = cache;
        this.dirtyKeys = dirtyKeys;
    }

    /**
     * @param name the key's stored name
     * @return the stored value of one key, if any; not cached
     */
    CompletableFuture<Optional<V>> stored(String name) {
        return ctx.read("load '" + name + "'", s -> s.first(ctx.sql(s.dialect()).selectOne(), ctx.group, name), name)
                .thenApply(row -> row.map(r -> ctx.args.decode(codec, name, Tables.payload(r))));
    }

    /**
     * @param names stored names
     * @return the stored values of those names that have one, by name; not cached
     */
    CompletableFuture<Map<String, V>> stored(List<String> names) {
        return ctx.read("load " + names.size() + " names", s -> s.query(ctx.sql(s.dialect()).selectNames(names.size()),
                        Stream.concat(Stream.of(ctx.group), names.stream()).toArray()))
                .thenApply(rows -> {
                    Map<String, V> found = new HashMap<>();
                    for (Row r : rows) {
                        String name = r.get(Tables.NAME, String.class);
                        found.put(name, ctx.args.decode(codec, name, Tables.payload(r)));
                    }
                    return found;
                });
    }

    /** @return the stored value of one key, cached unless the cache learnt something newer meanwhile */
    CompletableFuture<V> load(K key, String name) {
        long since = cache.epoch();
        return stored(name).thenApply(found -> {
            found.ifPresent(value -> {
                synchronized (lock) {
                    cache.loaded(key, value, since);
                }
            });
            return found.orElse(null);
        });
    }

    /**
     * A lane task: every entry, with the writes not yet committed laid over them.
     *
     * @param preload whether the cache is to hold every entry from now on
     */
    CompletableFuture<Map<K, V>> entries(boolean preload) {
        if (cache.clearWaiting()) {
            return CompletableFuture.completedFuture(merge(null, preload));
        }
        return ctx.read("load all", s -> s.query(ctx.sql(s.dialect()).selectAll(), ctx.group))
                .thenApply(rows -> {
                    Map<K, V> stored = new HashMap<>();
                    for (Row r : rows) {
                        String name = r.get(Tables.NAME, String.class);
                        stored.put(ctx.args.decodeName(keyCodec, name), ctx.args.decode(codec, name, Tables.payload(r)));
                    }
                    return merge(stored, preload);
                });
    }

    private Map<K, V> merge(Map<K, V> stored, boolean preload) {
        synchronized (lock) {
            return cache.merge(stored, dirtyKeys.get(), preload);
        }
    }

    /** A lane task: every key, with the writes not yet committed laid over them. */
    CompletableFuture<Set<K>> keys() {
        if (cache.clearWaiting()) {
            return CompletableFuture.completedFuture(mergeKeys(null));
        }
        return ctx.read("load names", s -> s.query(ctx.sql(s.dialect()).selectKeys(), ctx.group))
                .thenApply(rows -> {
                    Set<K> stored = new HashSet<>();
                    for (Row r : rows) {
                        stored.add(ctx.args.decodeName(keyCodec, r.get(Tables.NAME, String.class)));
                    }
                    return mergeKeys(stored);
                });
    }

    private Set<K> mergeKeys(Set<K> stored) {
        synchronized (lock) {
            return cache.mergeKeys(stored, dirtyKeys.get());
        }
    }
}
