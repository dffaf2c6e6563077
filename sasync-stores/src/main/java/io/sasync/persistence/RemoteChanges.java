package io.sasync.persistence;

import io.sasync.spi.SqlStates;
import io.sasync.store.CodecException;
import io.sasync.store.KeyCodec;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the changes another process made to a coherent {@link DictStore}'s store into its
 * cache: the keys named are dropped from the cache (a preloaded dict re-reads them into its map
 * instead); "anything changed" drops every cached entry (a preloaded dict reloads).
 *
 * <p>Changes are applied on the dict's {@link SerialLane}, so never while one of its batches
 * is being committed: those that arrive while one lane task waits are applied together by it,
 * with one read, and skips the keys with a write of this dict not yet committed: that write
 * commits after the change it was told of, and wins in the database as in the cache
 * (last committed wins). When a re-read fails, everything is refreshed again a second later,
 * until it succeeds or the dict closes, so that no entry stays stale.
 *
 * <p>Takes the dict's lock to touch the cache; holds no lock of its own.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class RemoteChanges<K, V> {

    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(RemoteChanges.class);

    private final StoreContext ctx;
    private final KeyCodec<K> keyCodec;
    private final Object lock;
    private final DictCache<K, V> cache;
    private final SerialLane lane;
    private final DictLoader<K, V> loader;
    /** Whether a key has a write not yet committed; asked holding the lock. */
    private final Predicate<K> dirty;

    /** The most names re-read at once; more changed names than that refresh everything. */
    private static final int MAX_NAMES = 500;

    /** Guarded by the lock: the changes waiting to be applied. */
    private final Set<String> pendingNames = new LinkedHashSet<>();
    private boolean pendingAll;
    private long oldestSent;
    private boolean applyQueued;

    private volatile long notifications;
    private volatile long keysRefreshed;
    private volatile long fullRefreshes;
    private volatile long lastStalenessNanos;
    private volatile long maxStalenessNanos;

    RemoteChanges(StoreContext ctx, KeyCodec<K> keyCodec, Object lock, DictCache<K, V> cache, SerialLane lane,
                  DictLoader<K, V> loader, Predicate<K> dirty) {
        this.ctx = ctx;
        this.keyCodec = keyCodec;
        this.lock = lock;
        this.cache = cache;
        this.lane = lane;
        this.loader = loader;
        this.dirty = dirty;
    }

    /**
     * Some keys changed elsewhere.
     *
     * @param names      their stored names
     * @param sentMillis when the change was sent, by the sender's clock; 0 when unknown
     */
    void keysChanged(List<String> names, long sentMillis) {
        synchronized (lock) {
            notifications++;
            pendingNames.addAll(names);
            if (pendingNames.size() > MAX_NAMES) {
                pendingAll = true;
            }
            pending(sentMillis);
        }
        lane.pump();
    }

    /**
     * Anything may have changed elsewhere: refreshes everything cached.
     *
     * @param sentMillis when the change was sent, by the sender's clock; 0 when unknown
     */
    void everythingChanged(long sentMillis) {
        synchronized (lock) {
            notifications++;
            pendingAll = true;
            pending(sentMillis);
        }
        lane.pump();
    }

    /** The changes of a while were lost: refreshes everything cached. */
    void refreshAll() {
        synchronized (lock) {
            pendingAll = true;
            pending(0);
        }
        lane.pump();
    }

    /** Must hold the lock: one lane task applies every change that waits when it runs. */
    private void pending(long sentMillis) {
        if (sentMillis > 0 && (oldestSent == 0 || sentMillis < oldestSent)) {
            oldestSent = sentMillis;
        }
        if (!applyQueued) {
            applyQueued = true;
            lane.add(this::applyPending);
        }
    }

    private CompletableFuture<?> applyPending() {
        List<String> names;
        boolean all;
        long sent;
        synchronized (lock) {
            applyQueued = false;
            names = List.copyOf(pendingNames);
            all = pendingAll;
            sent = oldestSent;
            pendingNames.clear();
            pendingAll = false;
            oldestSent = 0;
        }
        if (ctx.isClosed() || (names.isEmpty() && !all)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?> applied;
        try {
            applied = all ? refreshEverything() : refreshKeys(names);
        } catch (RuntimeException e) {
            applied = CompletableFuture.failedFuture(e);
        }
        return applied.whenComplete((v, e) -> {
            if (e == null) {
                applied(sent);
            } else if (!ctx.isClosed()) {
                LOG.warn("{}: applying a change of another process failed; everything cached is refreshed in {} s: {}",
                        ctx.label, RETRY.toSeconds(), SqlStates.unwrap(e).toString());
                CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS).execute(this::refreshAll);
            }
        }).handle((v, e) -> null);
    }

    private CompletableFuture<?> refreshKeys(List<String> names) {
        if (!cache.isPreloaded()) {
            synchronized (lock) {
                names.forEach(name -> apply(name, k -> cache.forget(k)));
            }
            return CompletableFuture.completedFuture(null);
        }
        return loader.stored(names).thenAccept(found -> {
            synchronized (lock) {
                names.forEach(name -> apply(name, k -> cache.stored(k, found.get(name))));
            }
        });
    }

    /** Must hold the lock. */
    private void apply(String name, Consumer<K> change) {
        K key;
        try {
            key = ctx.args.decodeName(keyCodec, name);
        } catch (CodecException other) {
            return; // written by a dict with another key codec: not a key of this one
        }
        if (!dirty.test(key)) {
            change.accept(key);
            keysRefreshed++;
        }
    }

    private CompletableFuture<?> refreshEverything() {
        fullRefreshes++;
        if (cache.isPreloaded()) {
            return loader.entries(true);
        }
        synchronized (lock) {
            cache.refresh(dirty);
        }
        return CompletableFuture.completedFuture(null);
    }

    private void applied(long sentMillis) {
        if (sentMillis > 0) {
            long nanos = Math.max(0, TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - sentMillis));
            lastStalenessNanos = nanos;
            if (nanos > maxStalenessNanos) {
                maxStalenessNanos = nanos;
            }
        }
    }

    long notifications() {
        return notifications;
    }

    long keysRefreshed() {
        return keysRefreshed;
    }

    long fullRefreshes() {
        return fullRefreshes;
    }

    Duration lastStaleness() {
        return Duration.ofNanos(lastStalenessNanos);
    }

    Duration maxStaleness() {
        return Duration.ofNanos(maxStalenessNanos);
    }
}
