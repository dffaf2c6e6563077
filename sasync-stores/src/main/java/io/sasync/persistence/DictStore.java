package io.sasync.persistence;

import io.sasync.AsyncException;
import io.sasync.spi.SqlStates;
import io.sasync.store.Codec;
import io.sasync.store.CoherenceStats;
import io.sasync.store.KeyCodec;
import io.sasync.store.PersistentDict;
import io.sasync.store.WriteBehindException;
import io.sasync.store.WriteBehindStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@link PersistentDict} over {@code sasync_items}: the front that owns the dict's one lock and
 * wires its parts, which hold no lock of their own.
 *
 * <ul>
 *   <li>{@link DictCache}: what the dict knows of its entries;</li>
 *   <li>{@link WriteQueue}: the writes waiting to be written behind, and the failures of those
 *       written;</li>
 *   <li>{@link BatchFlusher}: commits the waiting writes a batch at a time, and waits out an
 *       unreachable database;</li>
 *   <li>{@link SerialLane}: runs the batches and the loads of every entry one at a time, so that
 *       a load never runs while a batch is being committed (it then sees every committed write,
 *       and lays the writes not yet committed over it from the cache);</li>
 *   <li>{@link PreloadedMapView}: the live {@code Map} of a preloaded dict.</li>
 * </ul>
 *
 * <p>Every change to the cache happens under the lock together with the change to the write
 * queue, so the queue always ends in the state the cache shows. What the dict promises is
 * stated once, in {@link PersistentDict}.
 *
 * <p>Longer than most classes here because it is the whole of {@code PersistentDict}'s surface,
 * about thirty operations, each a few lines that take the lock, change cache and queue together
 * and hand on to the parts above; moving them out would only add forwarding.
 */
final class DictStore<K, V> implements PersistentDict<K, V> {

    private final StoreContext ctx;
    private final KeyCodec<K> keyCodec;
    private final Codec<V> codec;

    private final Object lock = new Object();
    private final DictCache<K, V> cache = new DictCache<>();
    private final WriteQueue<K> queue = new WriteQueue<>();
    private final SerialLane lane = new SerialLane(lock);
    private final BatchFlusher<K> flusher;
    private final DictFlushes<K> flushes;
    private final DictLoader<K, V> loader;
    private final PreloadedMapView<K, V> view;
    private final DictAtomics<K, V> atomics;
    /** {@code null} for a dict that is not coherent. */
    private final DictCoherence coherence;

    /** Guarded by the lock. */
    private CompletableFuture<Void> shutdown;

    DictStore(StoreContext ctx, KeyCodec<K> keyCodec, Codec<V> codec, Coherence coherent) {
        this.ctx = ctx;
        this.keyCodec = keyCodec;
        this.codec = codec;
        this.coherence = coherent.enabled() ? new DictCoherence(ctx, coherent) : null;
        ChangeAnnouncer announcer = coherence != null ? coherence : ChangeAnnouncer.NONE;
        this.flusher = new BatchFlusher<>(lock, ctx, queue, cache, lane, announcer);
        this.flushes = new DictFlushes<>(lock, queue, lane, flusher);
        this.loader = new DictLoader<>(ctx, keyCodec, codec, lock, cache, flusher::dirtyKeys);
        this.view = new PreloadedMapView<>(cache, new ViewWrites());
        this.atomics = new DictAtomics<>(ctx, codec, announcer, lock, queue, cache, lane, flusher);
        if (coherence != null) {
            coherence.deliverTo(new RemoteChanges<>(ctx, keyCodec, lock, cache, lane, loader, flusher::isDirty));
            ctx.prepareWith(coherence::start);
        }
        ctx.open(this::shutdownByBroker);
    }

    @Override
    public String id() {
        return ctx.id;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public CompletableFuture<V> get(K key) {
        ctx.checkOpen();
        // A cached key was accepted by the key codec when it was cached: a hit needs no encoding.
        V value = cache.get(key);
        if (value != null) {
            return CompletableFuture.completedFuture(value);
        }
        String name = ctx.args.name(keyCodec, key);
        if (cache.knownAbsent(key)) {
            return CompletableFuture.completedFuture(null);
        }
        return loader.load(key, name);
    }

    @Override
    public CompletableFuture<V> getOrDefault(K key, V defaultValue) {
        return get(key).thenApply(v -> v == null ? defaultValue : v);
    }

    @Override
    public CompletableFuture<Boolean> containsKey(K key) {
        return get(key).thenApply(Objects::nonNull);
    }

    @Override
    public CompletableFuture<Set<K>> keys() {
        ctx.checkOpen();
        if (cache.isPreloaded()) {
            return CompletableFuture.completedFuture(Set.copyOf(cache.entries().keySet()));
        }
        return inLane(loader::keys);
    }

    @Override
    public CompletableFuture<List<V>> values() {
        return copy().thenApply(m -> List.copyOf(m.values()));
    }

    @Override
    public CompletableFuture<Set<Map.Entry<K, V>>> entries() {
        return copy().thenApply(m -> m.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public CompletableFuture<Integer> size() {
        ctx.checkOpen();
        if (cache.isPreloaded()) {
            return CompletableFuture.completedFuture(cache.entries().size());
        }
        return keys().thenApply(Set::size);
    }

    @Override
    public CompletableFuture<Map<K, V>> copy() {
        ctx.checkOpen();
        if (cache.isPreloaded()) {
            return CompletableFuture.completedFuture(new HashMap<>(cache.entries()));
        }
        return inLane(() -> loader.entries(false));
    }

    @Override
    public CompletableFuture<Map<K, V>> preload() {
        ctx.checkOpen();
        return inLane(() -> loader.entries(true)).thenApply(m -> view);
    }

    @Override
    public boolean isPreloaded() {
        return cache.isPreloaded();
    }

    @Override
    public Map<K, V> map() {
        requirePreloaded("use its live map");
        return view;
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        requirePreloaded("iterate it");
        return view.entrySet().iterator();
    }

    @Override
    public CompletableFuture<Void> refresh() {
        ctx.checkOpen();
        if (cache.isPreloaded()) {
            return inLane(() -> loader.entries(true)).thenApply(m -> null);
        }
        synchronized (lock) {
            cache.refresh(flusher::isDirty);
        }
        return CompletableFuture.completedFuture(null);
    }

    private void requirePreloaded(String toDo) {
        if (!cache.isPreloaded()) {
            throw new AsyncException(ctx.label + " is not preloaded: to " + toDo
                    + " synchronously, call preload() first and wait for it; otherwise use keys(), entries() or copy()");
        }
    }

    // ------------------------------------------------------------------ writes

    @Override
    public CompletableFuture<Void> put(K key, V value) {
        String name = ctx.args.name(keyCodec, key);
        byte[] bytes = ctx.args.bytes(codec, name, value);
        return changing(() -> stagePut(key, name, value, bytes));
    }

    @Override
    public CompletableFuture<Void> remove(K key) {
        String name = ctx.args.name(keyCodec, key);
        return changing(() -> stageRemove(key, name));
    }

    @Override
    public CompletableFuture<V> setDefault(K key, V value) {
        String name = ctx.args.name(keyCodec, key);
        byte[] bytes = ctx.args.bytes(codec, name, value);
        CompletableFuture<V> known = setDefaultFromCache(key, name, value, bytes, false);
        if (known != null) {
            return known;
        }
        long since = cache.epoch();
        return loader.stored(name)
                .thenCompose(found -> {
                    V stored = found.orElse(null);
                    if (stored == null) {
                        return setDefaultFromCache(key, name, value, bytes, true);
                    }
                    synchronized (lock) {
                        V mine = cache.get(key);
                        if (mine != null) {
                            return CompletableFuture.completedFuture(mine);
                        }
                        if (!cache.knownAbsent(key)) {
                            cache.loaded(key, stored, since);
                            return CompletableFuture.completedFuture(stored);
                        }
                    }
                    return setDefaultFromCache(key, name, value, bytes, true);
                });
    }

    /**
     * @param knownAbsent the database has no value for the key
     * @return the answer, or null when only the database can tell
     */
    private CompletableFuture<V> setDefaultFromCache(K key, String name, V value, byte[] bytes, boolean knownAbsent) {
        return changing(() -> {
            V mine = cache.get(key);
            if (mine != null) {
                return CompletableFuture.completedFuture(mine);
            }
            if (!knownAbsent && !cache.knownAbsent(key)) {
                return null;
            }
            return stagePut(key, name, value, bytes).thenApply(v -> value);
        });
    }

    @Override
    public CompletableFuture<Void> clear() {
        return changing(this::stageClear);
    }

    /**
     * Makes a change of an open dict under the lock, then lets the lane write it behind.
     *
     * @param change stages the change, holding the lock
     * @return what the change returned
     */
    private <R> R changing(Supplier<R> change) {
        R result;
        synchronized (lock) {
            ctx.checkOpen();
            result = change.get();
        }
        lane.pump();
        return result;
    }

    /** Must hold the lock. */
    private CompletableFuture<Void> stagePut(K key, String name, V value, byte[] bytes) {
        cache.put(key, value);
        return staged(queue.stage(key, name, bytes));
    }

    /** Must hold the lock. */
    private CompletableFuture<Void> stageRemove(K key, String name) {
        cache.remove(key);
        return staged(queue.stage(key, name, null));
    }

    /** Must hold the lock. */
    private CompletableFuture<Void> stageClear() {
        cache.clear(!queue.clearPending());
        return staged(queue.stageClear());
    }

    /** Must hold the lock: a write was queued, a batch will take it. */
    private CompletableFuture<Void> staged(CompletableFuture<Void> written) {
        flusher.schedule();
        return written;
    }

    // ------------------------------------------------------------------ atomic across processes

    @Override
    public CompletableFuture<Boolean> putIfAbsent(K key, V value) {
        return compareAndSet(key, null, value);
    }

    @Override
    public CompletableFuture<Boolean> replace(K key, V expected, V value) {
        Objects.requireNonNull(expected, () -> ctx.label + ": replace needs an expected value; use putIfAbsent for an absent key");
        return compareAndSet(key, expected, value);
    }

    private CompletableFuture<Boolean> compareAndSet(K key, V expected, V value) {
        return atomics.compareAndSet(key, ctx.args.name(keyCodec, key), expected, value);
    }

    // ------------------------------------------------------------------ flushing

    @Override
    public CompletableFuture<Void> flush() {
        return flushes.flush();
    }

    /**
     * Flushes, then refuses further calls. While it runs, and once it has succeeded, every call
     * returns the same future. When it failed with {@link WriteBehindException} (the database
     * could not be reached; the writes are kept), a call tries again.
     */
    @Override
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> result;
        synchronized (lock) {
            if (shutdown == null || failedForWantOfTheDatabase(shutdown)) {
                flusher.close();
                ctx.close();
                CompletableFuture<Void> unheard = coherence != null ? coherence.close() : CompletableFuture.completedFuture(null);
                shutdown = flush().thenCompose(v -> unheard).whenComplete((v, e) -> {
                    if (e == null) {
                        ctx.detach();
                    }
                });
            }
            result = shutdown;
        }
        lane.pump();
        return result;
    }

    private static boolean failedForWantOfTheDatabase(CompletableFuture<Void> future) {
        return future.isCompletedExceptionally()
                && future.handle((v, e) -> SqlStates.unwrap(e) instanceof WriteBehindException).join();
    }

    /**
     * The broker's shutdown flushes the dict through this: the dict's own shutdown, after which no
     * broker is left to write what it could not. So when it fails for want of the database, the
     * dict gives its writes up: their futures fail, and the exception lists them.
     */
    private CompletableFuture<Void> shutdownByBroker() {
        return shutdown().exceptionallyCompose(e -> {
            Throwable cause = SqlStates.unwrap(e);
            return CompletableFuture.failedFuture(cause instanceof WriteBehindException
                    ? flusher.abandon(cause.getCause()) : cause);
        });
    }

    private <T> CompletableFuture<T> inLane(Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result;
        synchronized (lock) {
            ctx.checkOpen();
            result = lane.submit(task);
        }
        lane.pump();
        return result;
    }

    @Override
    public WriteBehindStats writeBehind() {
        synchronized (lock) {
            return flusher.stats();
        }
    }

    @Override
    public CoherenceStats coherence() {
        return coherence == null ? CoherenceStats.OFF : coherence.stats();
    }

    @Override
    public String toString() {
        return "PersistentDict{" + ctx.id + (cache.isPreloaded() ? ", preloaded" : "") + "}";
    }

    /** The preloaded view's changes: staged as the dict's own, under its lock. */
    private final class ViewWrites implements PreloadedMapView.Writes<K, V> {
        @Override
        public V put(K key, V value) {
            String name = ctx.args.name(keyCodec, key);
            byte[] bytes = ctx.args.bytes(codec, name, value);
            return changing(() -> {
                V previous = cache.get(key);
                stagePut(key, name, value, bytes);
                return previous;
            });
        }

        @Override
        public void putAll(Map<? extends K, ? extends V> entries) {
            record Checked<K, V>(K key, String name, V value, byte[] bytes) {
            }
            List<Checked<K, V>> checked = new ArrayList<>(entries.size());
            for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
                String name = ctx.args.name(keyCodec, e.getKey());
                checked.add(new Checked<>(e.getKey(), name, e.getValue(), ctx.args.bytes(codec, name, e.getValue())));
            }
            changing(() -> {
                checked.forEach(c -> stagePut(c.key, c.name, c.value, c.bytes));
                return null;
            });
        }

        @Override
        @SuppressWarnings("unchecked") // a key the cache holds is a K
        public V remove(Object key) {
            return changing(() -> {
                V previous = cache.get(key);
                if (previous != null) {
                    stageRemove((K) key, ctx.args.name(keyCodec, (K) key));
                }
                return previous;
            });
        }

        @Override
        public void clear() {
            DictStore.this.clear();
        }

        @Override
        public <R> R atomically(Supplier<R> change) {
            R result;
            synchronized (lock) {
                result = change.get();
            }
            lane.pump();
            return result;
        }
    }
}
