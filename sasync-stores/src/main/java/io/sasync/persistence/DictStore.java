package io.sasync.persistence;

import io.sasync.AsyncException;
import io.sasync.RetryPolicy;
import io.sasync.Row;
import io.sasync.Session;
import io.sasync.TransactionException;
import io.sasync.spi.SqlStates;
import io.sasync.store.Codec;
import io.sasync.store.KeyCodec;
import io.sasync.store.PersistentDict;
import io.sasync.store.WriteBehindException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PersistentDict} over {@code sasync_items}, with a cache and a write-behind queue.
 *
 * <h2>State</h2>
 * The cache is {@code present} (keys known to have a value) and {@code absent} (keys known to
 * have none: removed here). Both are concurrent so that reads, and the preloaded view's
 * iteration, need no lock; every change to them happens under {@code lock} together with the
 * change to the write queue, so the queue always ends in the state the cache shows. A put
 * writes {@code present} before clearing {@code absent} and a remove fills {@code absent} before
 * clearing {@code present}, so a reader without the lock never sees a cached key as uncached.
 * The cache is <em>authoritative</em> (a miss means absent, without asking the database) once
 * preloaded, and while a {@link #clear()} is waiting to be committed.
 *
 * <h2>Write-behind</h2>
 * Writes wait in {@code pending}, one {@link Op} per key (a later write to the same key replaces
 * the bytes of the waiting one and shares its future), preceded by at most one pending clear,
 * which absorbs the writes issued before it. A <em>lane</em> runs one task at a time: the
 * batches, which take the clear and up to {@value #MAX_BATCH} ops and commit them in one
 * transaction, and the loads of every entry, which must not run while a batch is being
 * committed (a load then sees every committed write, and the writes not yet committed are laid
 * over it from the cache). Batches follow each other as long as writes keep coming, so writes
 * coalesce naturally while a batch is in flight, with no timer.
 *
 * <h2>When the database cannot be reached</h2>
 * A batch that fails because the database could not be reached ({@link StoreContext#unreachable})
 * stays {@code inflight} and is tried again, as it is, after a jittered exponential backoff
 * ({@link #BACKOFF}); the timer holds no queue worker and the lane is free meanwhile, so loads
 * run (laying the batch's writes over what they read, as for waiting writes) and new writes
 * queue behind it. Once {@link #shutdown()} has begun the dict stops waiting for the database:
 * each <em>round</em> (the shutdown, or a flush or shutdown called after it) tries at once and
 * up to {@value #ATTEMPTS} times, then <em>parks</em> the batch, keeping every unwritten write,
 * and fails the waiting flushes with {@link WriteBehindException}. A new round unparks it. The
 * broker's shutdown is the last round: if it parks, the dict gives its writes up, failing their
 * futures, since no broker is left to write them.
 *
 * <h2>Reads of single keys</h2>
 * A miss reads the database outside the lane and caches what it found only if the key is still
 * uncached and neither {@code clear()} nor {@code refresh()} happened meanwhile ({@code epoch}):
 * a newer local write always wins over what the read saw.
 */
final class DictStore<K, V> implements PersistentDict<K, V> {

    static final int MAX_BATCH = 1000;
    private static final int ATTEMPTS = 3;
    /**
     * The wait before trying again a batch that could not reach the database: random, up to
     * 100 ms after the first failure, doubling to at most 5 s.
     */
    static final RetryPolicy BACKOFF = new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofSeconds(5));
    private static final int MAX_FAILURES = 100;
    private static final Logger LOG = LoggerFactory.getLogger(DictStore.class);

    private final StoreContext ctx;
    private final KeyCodec<K> keyCodec;
    private final Codec<V> codec;

    private final Object lock = new Object();

    // The cache: changed under lock, read without it.
    private final ConcurrentHashMap<K, V> present = new ConcurrentHashMap<>();
    private final Set<K> absent = ConcurrentHashMap.newKeySet();
    private volatile boolean preloaded;
    private volatile int clearsOutstanding;
    private volatile long epoch;

    // The write-behind queue: guarded by lock.
    private final LinkedHashMap<K, Op<K>> pending = new LinkedHashMap<>();
    private Op<K> pendingClear;
    /** The op that will be committed last among those waiting, or null when none waits. */
    private Op<K> tail;
    private Batch<K> inflight;
    /**
     * The batch taken last, kept after it finishes: its future completes after those of all its
     * writes, so a flush that finds nothing waiting waits for it.
     */
    private Batch<K> lastTaken;
    private long seq;
    private long lastFlushSeq;
    private final ArrayDeque<Failure> failures = new ArrayDeque<>();
    /** The flushes waiting, failed when the batch parks. */
    private final Set<CompletableFuture<Void>> flushWaiters = ConcurrentHashMap.newKeySet();
    /** Consecutive failures of the inflight batch to reach the database. */
    private int unreachable;
    /** Failures to reach the database in the current round of a closing dict. */
    private int roundFailures;
    /** The inflight batch waits for its backoff timer. */
    private boolean backingOff;
    /** Tells a backoff timer that fires late that it was superseded. */
    private long wakeups;
    /** The inflight batch gave up in a closing dict and waits for a flush or a shutdown. */
    private boolean parked;
    /** shutdown() has begun: no new writes, and no waiting for the database without end. */
    private boolean closing;

    // The lane: guarded by lock.
    private final ArrayDeque<Supplier<CompletableFuture<?>>> lane = new ArrayDeque<>();
    private boolean laneBusy;
    private boolean batchQueued;

    private CompletableFuture<Void> shutdown;
    private final View view = new View();

    /**
     * The waiting write of one key (bytes, or null for a delete), or a clear (key null). Each
     * call that wrote it has its own future in {@code waiters}; {@code done} completes after all
     * of them, so that whoever waits on {@code done} (a flush) finds the callers' futures complete.
     */
    private static final class Op<K> {
        final K key;
        final String name;
        byte[] bytes;
        long seq;
        final List<CompletableFuture<Void>> waiters = new ArrayList<>(1);
        final CompletableFuture<Void> done = new CompletableFuture<>();

        CompletableFuture<Void> waiter() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            waiters.add(f);
            return f;
        }

        Op(K key, String name) {
            this.key = key;
            this.name = name;
        }
    }

    private record Write(String name, byte[] bytes) {
    }

    private record Batch<K>(Op<K> clear, List<Op<K>> ops, List<Write> writes, Set<K> keys, long maxSeq,
                            CompletableFuture<Void> done) {
    }

    private record Failure(long maxSeq, Throwable error) {
    }

    DictStore(StoreContext ctx, KeyCodec<K> keyCodec, Codec<V> codec) {
        this.ctx = ctx;
        this.keyCodec = keyCodec;
        this.codec = codec;
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
        V value = key == null ? null : present.get(key);
        if (value != null) {
            return CompletableFuture.completedFuture(value);
        }
        String name = ctx.name(keyCodec, key);
        if (absent.contains(key) || authoritative()) {
            return CompletableFuture.completedFuture(null);
        }
        return load(key, name);
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
        if (preloaded) {
            return CompletableFuture.completedFuture(Set.copyOf(present.keySet()));
        }
        return inLane(this::loadKeys);
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
        if (preloaded) {
            return CompletableFuture.completedFuture(present.size());
        }
        return keys().thenApply(Set::size);
    }

    @Override
    public CompletableFuture<Map<K, V>> copy() {
        ctx.checkOpen();
        if (preloaded) {
            return CompletableFuture.completedFuture(new HashMap<>(present));
        }
        return inLane(() -> loadEntries(false));
    }

    @Override
    public CompletableFuture<Map<K, V>> preload() {
        ctx.checkOpen();
        return inLane(() -> loadEntries(true)).thenApply(m -> view);
    }

    @Override
    public boolean isPreloaded() {
        return preloaded;
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
        if (preloaded) {
            return inLane(() -> loadEntries(true)).thenApply(m -> null);
        }
        synchronized (lock) {
            epoch++;
            present.keySet().removeIf(k -> !isDirty(k));
            absent.removeIf(k -> !isDirty(k));
        }
        return CompletableFuture.completedFuture(null);
    }

    private void requirePreloaded(String toDo) {
        if (!preloaded) {
            throw new AsyncException(ctx.label + " is not preloaded: to " + toDo
                    + " synchronously, call preload() first and wait for it; otherwise use keys(), entries() or copy()");
        }
    }

    private boolean authoritative() {
        return preloaded || clearsOutstanding > 0;
    }

    /** Must hold the lock. */
    private boolean isDirty(K key) {
        return pending.containsKey(key) || (inflight != null && inflight.keys.contains(key));
    }

    /**
     * Must hold the lock.
     *
     * @return the keys whose writes are not committed: those waiting, and those of a batch that
     *         waits to be tried again (a load runs in the lane, so no batch is being committed)
     */
    private Set<K> dirtyKeys() {
        if (inflight == null) {
            return pending.keySet();
        }
        Set<K> keys = new HashSet<>(inflight.keys);
        keys.addAll(pending.keySet());
        return keys;
    }

    private CompletableFuture<V> load(K key, String name) {
        long since = epoch;
        return ctx.read("load '" + name + "'", s -> s.first(ctx.sql(s.dialect()).selectOne(), ctx.group, name), name)
                .thenApply(row -> {
                    if (row.isEmpty()) {
                        return null;
                    }
                    V value = ctx.decode(codec, name, Tables.payload(row.get()));
                    synchronized (lock) {
                        if (epoch == since && !authoritative() && !present.containsKey(key) && !absent.contains(key)) {
                            present.put(key, value);
                        }
                    }
                    return value;
                });
    }

    /** A lane task: every entry, with the writes not yet committed laid over them. */
    private CompletableFuture<Map<K, V>> loadEntries(boolean preload) {
        if (clearsOutstanding > 0) {
            return CompletableFuture.completedFuture(merge(null, preload));
        }
        return ctx.read("load all", s -> s.query(ctx.sql(s.dialect()).selectAll(), ctx.group))
                .thenApply(rows -> {
                    Map<K, V> stored = new HashMap<>();
                    for (Row r : rows) {
                        String name = r.get(Tables.NAME, String.class);
                        stored.put(ctx.decodeName(keyCodec, name), ctx.decode(codec, name, Tables.payload(r)));
                    }
                    return merge(stored, preload);
                });
    }

    private Map<K, V> merge(Map<K, V> stored, boolean preload) {
        synchronized (lock) {
            Map<K, V> result;
            if (stored == null || clearsOutstanding > 0) {
                // A clear waits to be committed: what is stored no longer counts, the cache is all.
                result = new HashMap<>(present);
            } else {
                result = new HashMap<>(stored);
                for (K key : dirtyKeys()) {
                    V mine = present.get(key);
                    if (mine != null) {
                        result.put(key, mine);
                    } else {
                        result.remove(key);
                    }
                }
                // The load ran between two batches, so it is at least as fresh as the cache for
                // every key without an uncommitted write: make the cache agree with it.
                for (Map.Entry<K, V> e : stored.entrySet()) {
                    if (!isDirty(e.getKey())) {
                        present.put(e.getKey(), e.getValue());
                        absent.remove(e.getKey());
                    }
                }
                present.keySet().removeIf(k -> !stored.containsKey(k) && !isDirty(k));
            }
            if (preload) {
                preloaded = true;
            }
            return result;
        }
    }

    /** A lane task: every key, with the writes not yet committed laid over them. */
    private CompletableFuture<Set<K>> loadKeys() {
        if (clearsOutstanding > 0) {
            return CompletableFuture.completedFuture(mergeKeys(null));
        }
        return ctx.read("load names", s -> s.query(ctx.sql(s.dialect()).selectKeys(), ctx.group))
                .thenApply(rows -> {
                    Set<K> stored = new HashSet<>();
                    for (Row r : rows) {
                        stored.add(ctx.decodeName(keyCodec, r.get(Tables.NAME, String.class)));
                    }
                    return mergeKeys(stored);
                });
    }

    private Set<K> mergeKeys(Set<K> stored) {
        synchronized (lock) {
            if (stored == null || clearsOutstanding > 0) {
                return Set.copyOf(present.keySet());
            }
            Set<K> result = new HashSet<>(stored);
            for (K key : dirtyKeys()) {
                if (present.containsKey(key)) {
                    result.add(key);
                } else {
                    result.remove(key);
                }
            }
            return Set.copyOf(result);
        }
    }

    // ------------------------------------------------------------------ writes

    @Override
    public CompletableFuture<Void> put(K key, V value) {
        String name = ctx.name(keyCodec, key);
        byte[] bytes = ctx.bytes(codec, name, value);
        CompletableFuture<Void> done;
        synchronized (lock) {
            ctx.checkOpen();
            done = stagePut(key, name, value, bytes);
        }
        pump();
        return done;
    }

    @Override
    public CompletableFuture<Void> remove(K key) {
        String name = ctx.name(keyCodec, key);
        CompletableFuture<Void> done;
        synchronized (lock) {
            ctx.checkOpen();
            done = stageRemove(key, name);
        }
        pump();
        return done;
    }

    @Override
    public CompletableFuture<V> setDefault(K key, V value) {
        String name = ctx.name(keyCodec, key);
        byte[] bytes = ctx.bytes(codec, name, value);
        CompletableFuture<V> known = setDefaultFromCache(key, name, value, bytes, false);
        if (known != null) {
            return known;
        }
        long since = epoch;
        return ctx.read("load '" + name + "'", s -> s.first(ctx.sql(s.dialect()).selectOne(), ctx.group, name), name)
                .thenCompose(row -> {
                    V stored = row.map(r -> ctx.decode(codec, name, Tables.payload(r))).orElse(null);
                    if (stored == null) {
                        return setDefaultFromCache(key, name, value, bytes, true);
                    }
                    synchronized (lock) {
                        V mine = present.get(key);
                        if (mine != null) {
                            return CompletableFuture.completedFuture(mine);
                        }
                        if (!absent.contains(key) && !authoritative()) {
                            if (epoch == since) {
                                present.put(key, stored);
                            }
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
        CompletableFuture<Void> done;
        synchronized (lock) {
            ctx.checkOpen();
            V mine = present.get(key);
            if (mine != null) {
                return CompletableFuture.completedFuture(mine);
            }
            if (!knownAbsent && !absent.contains(key) && !authoritative()) {
                return null;
            }
            done = stagePut(key, name, value, bytes);
        }
        pump();
        return done.thenApply(v -> value);
    }

    @Override
    public CompletableFuture<Void> clear() {
        CompletableFuture<Void> done;
        synchronized (lock) {
            ctx.checkOpen();
            done = stageClear();
        }
        pump();
        return done;
    }

    /** Must hold the lock. */
    private CompletableFuture<Void> stagePut(K key, String name, V value, byte[] bytes) {
        present.put(key, value);
        absent.remove(key);
        return stage(key, name, bytes);
    }

    /** Must hold the lock. */
    private CompletableFuture<Void> stageRemove(K key, String name) {
        absent.add(key);
        present.remove(key);
        return stage(key, name, null);
    }

    /** Must hold the lock. */
    private CompletableFuture<Void> stage(K key, String name, byte[] bytes) {
        Op<K> op = pending.get(key);
        if (op == null) {
            op = new Op<>(key, name);
            pending.put(key, op);
            tail = op;
        }
        op.bytes = bytes;
        op.seq = ++seq;
        scheduleBatch();
        return op.waiter();
    }

    /** Must hold the lock. */
    private CompletableFuture<Void> stageClear() {
        epoch++;
        Op<K> clear = pendingClear;
        if (clear == null) {
            clear = new Op<>(null, null);
            pendingClear = clear;
            clearsOutstanding++;
        }
        for (Op<K> superseded : pending.values()) {
            clear.waiters.addAll(superseded.waiters);
        }
        pending.clear();
        clear.seq = ++seq;
        tail = clear;
        absent.clear();
        present.clear();
        scheduleBatch();
        return clear.waiter();
    }

    // ------------------------------------------------------------------ flushing

    @Override
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        CompletableFuture<Void> last;
        long since;
        synchronized (lock) {
            since = lastFlushSeq;
            lastFlushSeq = seq;
            last = tail != null ? tail.done : lastTaken != null ? lastTaken.done : null;
            if (closing && last != null && !last.isDone()) {
                startRound();
            }
            if (last != null && !last.isDone()) {
                flushWaiters.add(result);
            }
        }
        pump();
        if (last == null) {
            last = CompletableFuture.completedFuture(null);
        }
        last.handle((v, e) -> null).thenRun(() -> {
            Throwable failure = failureSince(since);
            if (failure == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(failure);
            }
        });
        result.whenComplete((v, e) -> flushWaiters.remove(result));
        return result;
    }

    private Throwable failureSince(long since) {
        synchronized (lock) {
            for (Failure f : failures) {
                if (f.maxSeq > since) {
                    return f.error;
                }
            }
            return null;
        }
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
                closing = true;
                ctx.close();
                shutdown = flush().whenComplete((v, e) -> {
                    if (e == null) {
                        ctx.detach();
                    }
                });
            }
            result = shutdown;
        }
        pump();
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
            return CompletableFuture.failedFuture(cause instanceof WriteBehindException ? abandon(cause.getCause()) : cause);
        });
    }

    /** Must hold the lock. Starts a round of a closing dict: try at once, a few times. */
    private void startRound() {
        if (parked || backingOff) {
            parked = false;
            backingOff = false;
            wakeups++;
            roundFailures = 0;
            scheduleBatch();
        }
    }

    /**
     * Must hold the lock.
     *
     * @param why   what happened, to start the message
     * @param then  what becomes of the writes, to end it
     * @param cause the last failure to reach the database
     * @return what is not written, with its count
     */
    private WriteBehindException unwritten(String why, String then, Throwable cause) {
        boolean clearFirst = pendingClear != null || (inflight != null && inflight.clear != null);
        Map<Object, Object> entries = new LinkedHashMap<>();
        if (pendingClear == null && inflight != null) {
            for (Op<K> op : inflight.ops) {
                entries.put(op.key, present.get(op.key));
            }
        }
        for (K key : pending.keySet()) {
            entries.put(key, present.get(key));
        }
        int n = entries.size();
        return new WriteBehindException(ctx.label + ": " + why + ": " + entryCount(n)
                + (clearFirst ? " and a clear of the whole dict" : "") + " could not be written (" + cause + "); "
                + then, cause, clearFirst, entries);
    }

    /**
     * Gives up every unwritten write after the broker's shutdown failed to write them: their
     * futures, and those of flushes, fail with the returned exception, which lists them.
     */
    private WriteBehindException abandon(Throwable cause) {
        List<Op<K>> ops = new ArrayList<>();
        Batch<K> batch;
        WriteBehindException lost;
        synchronized (lock) {
            lost = unwritten("the broker shut down while the database could not be reached",
                    "they are no longer in the dict: unwritten() lists them", cause);
            batch = inflight;
            if (batch != null) {
                if (batch.clear != null) {
                    ops.add(batch.clear);
                }
                ops.addAll(batch.ops);
            }
            if (pendingClear != null) {
                ops.add(pendingClear);
            }
            ops.addAll(pending.values());
            inflight = null;
            pendingClear = null;
            pending.clear();
            tail = null;
            clearsOutstanding = 0;
            parked = false;
            backingOff = false;
            wakeups++;
            failures.addLast(new Failure(seq, lost));
            if (failures.size() > MAX_FAILURES) {
                failures.removeFirst();
            }
        }
        LOG.error(lost.getMessage());
        for (Op<K> op : ops) {
            op.waiters.forEach(f -> f.completeExceptionally(lost));
        }
        for (Op<K> op : ops) {
            op.done.completeExceptionally(lost);
        }
        if (batch != null) {
            batch.done.completeExceptionally(lost);
        }
        return lost;
    }

    /** Must hold the lock. */
    private void scheduleBatch() {
        if (!batchQueued) {
            batchQueued = true;
            lane.add(this::runBatch);
        }
    }

    private CompletableFuture<?> runBatch() {
        Batch<K> batch;
        synchronized (lock) {
            batchQueued = false;
            if (inflight != null) {
                if (backingOff || parked) {
                    return CompletableFuture.completedFuture(null); // its timer or the next round resumes it
                }
                batch = inflight;
            } else {
                batch = takeBatch();
            }
        }
        if (batch == null) {
            return CompletableFuture.completedFuture(null);
        }
        return ctx.ready().thenCompose(v -> {
            refuseUnstorable(batch);
            return attempt(batch, 1);
        }).handle((v, e) -> {
            Throwable failure = e == null ? null : SqlStates.unwrap(e);
            if (failure != null && ctx.unreachable(failure)) {
                retryLater(batch, failure);
            } else {
                finish(batch, failure);
            }
            return null;
        });
    }

    /** Must hold the lock. */
    private Batch<K> takeBatch() {
        if (pendingClear == null && pending.isEmpty()) {
            return null;
        }
        Op<K> clear = pendingClear;
        pendingClear = null;
        long maxSeq = clear == null ? 0 : clear.seq;
        List<Op<K>> ops = new ArrayList<>(Math.min(pending.size(), MAX_BATCH));
        List<Write> writes = new ArrayList<>(Math.min(pending.size(), MAX_BATCH));
        Set<K> keys = new HashSet<>();
        for (Iterator<Op<K>> it = pending.values().iterator(); it.hasNext() && ops.size() < MAX_BATCH; ) {
            Op<K> op = it.next();
            it.remove();
            ops.add(op);
            writes.add(new Write(op.name, op.bytes));
            keys.add(op.key);
            maxSeq = Math.max(maxSeq, op.seq);
        }
        if (pending.isEmpty()) {
            tail = null;
        } else {
            scheduleBatch();
        }
        inflight = new Batch<>(clear, ops, writes, keys, maxSeq, new CompletableFuture<>());
        lastTaken = inflight;
        return inflight;
    }

    /**
     * Takes out of the batch, before it is written, the writes of keys the database cannot store,
     * failing their futures and the next flush: keys accepted while the broker's dialect was not
     * known, which only the portable rules checked ({@link StoreContext#refusal}). The rest of
     * the batch is written as usual. Once the table is ready the dialect is known.
     */
    private void refuseUnstorable(Batch<K> batch) {
        Map<Op<K>, IllegalArgumentException> refused = new LinkedHashMap<>();
        synchronized (lock) {
            if (inflight != batch) {
                return;
            }
            for (int i = 0; i < batch.ops.size(); i++) {
                Op<K> op = batch.ops.get(i);
                IllegalArgumentException e = ctx.refusal("key " + op.key, op.name);
                if (e != null) {
                    refused.put(op, e);
                    failures.addLast(new Failure(op.seq, e));
                    if (failures.size() > MAX_FAILURES) {
                        failures.removeFirst();
                    }
                }
            }
            if (refused.isEmpty()) {
                return;
            }
            for (int i = batch.ops.size() - 1; i >= 0; i--) {
                if (refused.containsKey(batch.ops.get(i))) {
                    batch.keys.remove(batch.ops.get(i).key);
                    batch.ops.remove(i);
                    batch.writes.remove(i);
                }
            }
        }
        refused.forEach((op, e) -> {
            LOG.warn("{}; the write is not made, the cache keeps it", e.getMessage());
            op.waiters.forEach(f -> f.completeExceptionally(e));
            op.done.completeExceptionally(e);
        });
    }

    private CompletableFuture<Void> attempt(Batch<K> batch, int attempt) {
        String what = "write behind " + entryCount(batch.writes.size()) + (batch.clear != null ? " after a clear" : "");
        return ctx.<Void>writeDetached(what, s -> {
            write(s, batch);
            return null;
        }).exceptionallyCompose(e -> {
            Throwable cause = SqlStates.unwrap(e);
            if (attempt < ATTEMPTS && cause instanceof TransactionException t && t.isRetryable()) {
                return attempt(batch, attempt + 1);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /**
     * The batch could not reach the database: it stays inflight and is tried again after a
     * backoff, or, in a closing dict whose round has tried enough, parks.
     */
    private void retryLater(Batch<K> batch, Throwable failure) {
        WriteBehindException parkedWith = null;
        List<CompletableFuture<Void>> waiting = List.of();
        Duration delay = Duration.ZERO;
        long wakeup = 0;
        int failed;
        synchronized (lock) {
            if (inflight != batch) {
                return; // given up meanwhile by the broker's shutdown
            }
            failed = ++unreachable;
            if (closing && ++roundFailures >= ATTEMPTS) {
                parked = true;
                parkedWith = unwritten("the database could not be reached", "they are kept: call flush() or "
                        + "shutdown() again once the database is back to write them", failure);
                waiting = new ArrayList<>(flushWaiters);
            } else {
                backingOff = true;
                wakeup = ++wakeups;
                delay = BACKOFF.backoff(closing ? roundFailures : failed);
            }
        }
        if (parkedWith != null) {
            LOG.warn(parkedWith.getMessage());
            for (CompletableFuture<Void> f : waiting) {
                f.completeExceptionally(parkedWith);
            }
            return;
        }
        if (failed == 1) {
            LOG.warn(ctx.label + ": the database could not be reached; writing "
                    + entryCount(batch.writes.size()) + (batch.clear != null ? " and a clear" : "") + " behind is tried"
                    + " again with backoff, up to " + BACKOFF.maxBackoff().toSeconds() + " s apart, and every write"
                    + " waiting stays in the cache: " + failure);
        } else {
            LOG.debug("{}: still unreachable after {} attempts: {}", ctx.label, failed, failure.toString());
        }
        long w = wakeup;
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(() -> wake(w));
    }

    /** A backoff timer fired: unless it was superseded, the inflight batch is tried again. */
    private void wake(long wakeup) {
        synchronized (lock) {
            if (!backingOff || wakeup != wakeups) {
                return;
            }
            backingOff = false;
            scheduleBatch();
        }
        pump();
    }

    private void write(Session s, Batch<K> batch) throws SQLException {
        Tables.Sql q = ctx.sql(s.dialect());
        if (batch.clear != null) {
            s.update(q.deleteGroup(), ctx.group);
        }
        List<Object[]> upserts = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        for (Write w : batch.writes) {
            if (w.bytes != null) {
                upserts.add(q.upsert().arrange(new Object[] {ctx.group, w.name, w.bytes}));
            } else {
                deletes.add(new Object[] {ctx.group, w.name});
            }
        }
        if (!upserts.isEmpty()) {
            s.batch(q.upsert().sql(), upserts);
        }
        if (!deletes.isEmpty()) {
            s.batch(q.deleteOne(), deletes);
        }
    }

    private void finish(Batch<K> batch, Throwable failure) {
        int failedBefore;
        synchronized (lock) {
            if (inflight != batch) {
                return; // given up meanwhile by the broker's shutdown
            }
            inflight = null;
            failedBefore = unreachable;
            unreachable = 0;
            if (batch.clear != null) {
                clearsOutstanding--;
            }
            if (failure != null) {
                failures.addLast(new Failure(batch.maxSeq, failure));
                if (failures.size() > MAX_FAILURES) {
                    failures.removeFirst();
                }
            }
            if (pendingClear != null || !pending.isEmpty()) {
                scheduleBatch();
            }
        }
        if (failure != null) {
            LOG.warn(ctx.label + ": writing " + entryCount(batch.writes.size())
                    + " behind failed; they stay in the cache but are not in the database", failure);
        } else if (failedBefore > 0) {
            LOG.info(ctx.label + ": the database is back; " + entryCount(batch.writes.size())
                    + " written after " + failedBefore + " failed attempts");
        }
        List<Op<K>> ops = new ArrayList<>(batch.ops.size() + 1);
        if (batch.clear != null) {
            ops.add(batch.clear);
        }
        ops.addAll(batch.ops);
        for (Op<K> op : ops) {
            op.waiters.forEach(f -> settle(f, failure));
        }
        for (Op<K> op : ops) {
            settle(op.done, failure);
        }
        settle(batch.done, failure);
    }

    private static String entryCount(int n) {
        return n + (n == 1 ? " entry" : " entries");
    }

    private static void settle(CompletableFuture<Void> future, Throwable failure) {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(null);
        }
    }

    // ------------------------------------------------------------------ the lane

    private <T> CompletableFuture<T> inLane(Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        synchronized (lock) {
            ctx.checkOpen();
            lane.add(() -> {
                CompletableFuture<T> f;
                try {
                    f = task.get();
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                return f.whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(SqlStates.unwrap(e));
                    } else {
                        result.complete(v);
                    }
                });
            });
        }
        pump();
        return result;
    }

    /**
     * Runs the lane's tasks one at a time; called after anything is added and when a task ends.
     * Never runs under the lock: a compound operation of the view, which holds it, pumps once it
     * has let go.
     */
    private void pump() {
        if (Thread.holdsLock(lock)) {
            return;
        }
        while (true) {
            Supplier<CompletableFuture<?>> task;
            synchronized (lock) {
                if (laneBusy || lane.isEmpty()) {
                    return;
                }
                laneBusy = true;
                task = lane.poll();
            }
            CompletableFuture<?> running;
            try {
                running = task.get();
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            if (!running.isDone()) {
                running.whenComplete((v, e) -> {
                    synchronized (lock) {
                        laneBusy = false;
                    }
                    pump();
                });
                return;
            }
            synchronized (lock) {
                laneBusy = false;
            }
        }
    }

    @Override
    public String toString() {
        return "PersistentDict{" + ctx.id + (preloaded ? ", preloaded" : "") + "}";
    }

    // ------------------------------------------------------------------ the live view

    private V putNow(K key, V value) {
        String name = ctx.name(keyCodec, key);
        byte[] bytes = ctx.bytes(codec, name, value);
        V previous;
        synchronized (lock) {
            ctx.checkOpen();
            previous = present.get(key);
            stagePut(key, name, value, bytes);
        }
        pump();
        return previous;
    }

    /** Checks every entry before staging any, so that one refused changes nothing. */
    private void putAllNow(Map<? extends K, ? extends V> entries) {
        record Checked<K, V>(K key, String name, V value, byte[] bytes) {
        }
        List<Checked<K, V>> checked = new ArrayList<>(entries.size());
        for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
            String name = ctx.name(keyCodec, e.getKey());
            checked.add(new Checked<>(e.getKey(), name, e.getValue(), ctx.bytes(codec, name, e.getValue())));
        }
        synchronized (lock) {
            ctx.checkOpen();
            for (Checked<K, V> c : checked) {
                stagePut(c.key, c.name, c.value, c.bytes);
            }
        }
        pump();
    }

    private V removeNow(Object key) {
        V previous;
        synchronized (lock) {
            ctx.checkOpen();
            previous = present.get(key);
            if (previous == null) {
                return null;
            }
            @SuppressWarnings("unchecked") // it is a key of the map
            K k = (K) key;
            stageRemove(k, ctx.name(keyCodec, k));
        }
        pump();
        return previous;
    }

    /**
     * The synchronous map of a preloaded dict, backed by the cache. Iteration is weakly
     * consistent (never throws {@code ConcurrentModificationException}); compound operations run
     * under the dict's lock.
     */
    private final class View extends AbstractMap<K, V> {
        private final EntrySet entries = new EntrySet();

        @Override
        public int size() {
            return present.size();
        }

        @Override
        public boolean isEmpty() {
            return present.isEmpty();
        }

        @Override
        public boolean containsKey(Object key) {
            return key != null && present.containsKey(key);
        }

        @Override
        public boolean containsValue(Object value) {
            return value != null && present.containsValue(value);
        }

        @Override
        public V get(Object key) {
            return key == null ? null : present.get(key);
        }

        @Override
        public V put(K key, V value) {
            return putNow(key, value);
        }

        @Override
        public void putAll(Map<? extends K, ? extends V> entries) {
            putAllNow(entries);
        }

        @Override
        public V remove(Object key) {
            return key == null ? null : removeNow(key);
        }

        @Override
        public void clear() {
            DictStore.this.clear();
        }

        @Override
        public Set<Map.Entry<K, V>> entrySet() {
            return entries;
        }

        @Override
        public V putIfAbsent(K key, V value) {
            return changing(() -> super.putIfAbsent(key, value));
        }

        @Override
        public boolean remove(Object key, Object value) {
            return changing(() -> super.remove(key, value));
        }

        @Override
        public boolean replace(K key, V oldValue, V newValue) {
            return changing(() -> super.replace(key, oldValue, newValue));
        }

        @Override
        public V replace(K key, V value) {
            return changing(() -> super.replace(key, value));
        }

        @Override
        public V computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
            return changing(() -> super.computeIfAbsent(key, mapping));
        }

        @Override
        public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
            return changing(() -> super.computeIfPresent(key, remapping));
        }

        @Override
        public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
            return changing(() -> super.compute(key, remapping));
        }

        @Override
        public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
            return changing(() -> super.merge(key, value, remapping));
        }

        @Override
        public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
            changing(() -> {
                super.replaceAll(function);
                return null;
            });
        }

        /** Makes a change of the map's atomic defaults under the dict's lock, then writes it behind. */
        private <R> R changing(Supplier<R> change) {
            R result;
            synchronized (lock) {
                result = change.get();
            }
            pump();
            return result;
        }
    }

    private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            Iterator<Map.Entry<K, V>> it = present.entrySet().iterator();
            return new Iterator<>() {
                private K last;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Map.Entry<K, V> next() {
                    if (!it.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Map.Entry<K, V> e = it.next();
                    last = e.getKey();
                    return new WriteThroughEntry(e.getKey(), e.getValue());
                }

                @Override
                public void remove() {
                    if (last == null) {
                        throw new IllegalStateException("next() has not been called, or remove() was already called");
                    }
                    removeNow(last);
                    last = null;
                }
            };
        }

        @Override
        public int size() {
            return present.size();
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof Map.Entry<?, ?> e && e.getKey() != null && e.getValue() != null
                    && e.getValue().equals(present.get(e.getKey()));
        }

        @Override
        public boolean remove(Object o) {
            synchronized (lock) {
                if (!contains(o)) {
                    return false;
                }
                removeNow(((Map.Entry<?, ?>) o).getKey());
            }
            pump();
            return true;
        }

        @Override
        public void clear() {
            DictStore.this.clear();
        }
    }

    /** An entry of the view: {@code setValue} writes through to the dict. */
    private final class WriteThroughEntry extends AbstractMap.SimpleEntry<K, V> {
        WriteThroughEntry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            V previous = putNow(getKey(), value);
            super.setValue(value);
            return previous;
        }
    }
}
