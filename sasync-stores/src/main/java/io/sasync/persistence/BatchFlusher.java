package io.sasync.persistence;

import io.sasync.RetryPolicy;
import io.sasync.Session;
import io.sasync.TransactionException;
import io.sasync.persistence.WriteQueue.Batch;
import io.sasync.persistence.WriteQueue.Op;
import io.sasync.persistence.WriteQueue.Write;
import io.sasync.spi.SqlStates;
import io.sasync.store.WriteBehindException;
import io.sasync.store.WriteBehindStats;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a {@link DictStore}'s waiting writes, a batch at a time, on the dict's
 * {@link SerialLane}: each batch takes the waiting clear and up to {@value #MAX_BATCH} writes
 * from the {@link WriteQueue} and commits them in one transaction (a JDBC batch of the dialect's
 * upsert and one of deletes), at niceness 6, as a transaction of its own. Batches follow each
 * other while writes keep coming, so writes coalesce while a batch is in flight, with no timer.
 * A batch whose failure the dialect calls retryable is tried up to {@value #ATTEMPTS} times.
 *
 * <h2>When the database cannot be reached</h2>
 * A batch that fails because the database could not be reached ({@link StoreContext#unreachable})
 * stays in flight and is tried again, as it is, after a jittered exponential backoff
 * ({@link #BACKOFF}); the timer holds no queue worker and the lane is free meanwhile, so loads
 * run (laying the batch's writes over what they read) and new writes queue behind it. Once the
 * dict is closing it stops waiting for the database: each <em>round</em> (its shutdown, or a
 * flush or shutdown called after it) tries at once and up to {@value #ATTEMPTS} times, then
 * <em>parks</em> the batch, keeping every unwritten write, and fails the waiting flushes with
 * {@link WriteBehindException}. A new round unparks it. {@link #abandon} gives everything up.
 *
 * <p>Guarded by the dict's lock, like the queue and the cache it works on; it holds no lock of
 * its own. Methods that must be called holding the lock say so.
 *
 * <p>Longer than most classes here because a batch's whole life is one state machine (taken,
 * committed or retried, waiting out the database, parked, abandoned) whose steps share the batch
 * in flight and the lock's invariants; the messages of its failures are built here too.
 *
 * @param <K> the key type
 */
final class BatchFlusher<K> {

    static final int MAX_BATCH = 1000;
    private static final int ATTEMPTS = 3;
    /**
     * The wait before trying again a batch that could not reach the database: random, up to
     * 100 ms after the first failure, doubling to at most 5 s.
     */
    static final RetryPolicy BACKOFF = new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofSeconds(5));
    private static final Logger LOG = LoggerFactory.getLogger(BatchFlusher.class);

    private final Object lock;
    private final StoreContext ctx;
    private final WriteQueue<K> queue;
    private final DictCache<K, ?> cache;
    private final SerialLane lane;
    private final ChangeAnnouncer announcer;

    private Batch<K> inflight;
    private boolean batchQueued;
    /** Consecutive failures of the inflight batch to reach the database. */
    private int unreachable;
    /** The last of those failures. */
    private Throwable lastUnreachable;
    /** Failures to reach the database in the current round of a closing dict. */
    private int roundFailures;
    /** The inflight batch waits for its backoff timer. */
    private boolean backingOff;
    /** Tells a backoff timer that fires late that it was superseded. */
    private long wakeups;
    /** The inflight batch gave up in a closing dict and waits for a flush or a shutdown. */
    private boolean parked;
    /** The dict's shutdown has begun: no waiting for the database without end. */
    private boolean closing;
    /** The flushes waiting, failed when the batch parks. */
    private final Set<CompletableFuture<Void>> flushWaiters = ConcurrentHashMap.newKeySet();
    private long batches;
    private long entriesWritten;
    private long failedBatches;
    private long unreachableAttempts;

    BatchFlusher(Object lock, StoreContext ctx, WriteQueue<K> queue, DictCache<K, ?> cache, SerialLane lane,
                 ChangeAnnouncer announcer) {
        this.lock = lock;
        this.announcer = announcer;
        this.ctx = ctx;
        this.queue = queue;
        this.cache = cache;
        this.lane = lane;
    }

    /** Must hold the lock. Runs a batch on the lane, unless one is queued there already. */
    void schedule() {
        if (!batchQueued) {
            batchQueued = true;
            lane.add(this::runBatch);
        }
    }

    /** Must hold the lock. */
    boolean isDirty(K key) {
        return queue.isPending(key) || (inflight != null && inflight.keys().contains(key));
    }

    /**
     * Must hold the lock, from a task of the lane (no batch is being committed).
     *
     * @return whether a write to the key, or a clear, is in a batch that waits for the database
     */
    boolean waitsForTheDatabase(K key) {
        return inflight != null && (inflight.clear() != null || inflight.keys().contains(key));
    }

    /**
     * Must hold the lock.
     *
     * @return the keys whose writes are not committed: those waiting, and those of a batch that
     *         waits to be tried again (a load runs in the lane, so no batch is being committed)
     */
    Set<K> dirtyKeys() {
        if (inflight == null) {
            return queue.pendingKeys();
        }
        Set<K> keys = new HashSet<>(inflight.keys());
        keys.addAll(queue.pendingKeys());
        return keys;
    }

    /** Must hold the lock. From now on each round gives up after a few attempts. */
    void close() {
        closing = true;
    }

    /** Must hold the lock. In a closing dict, starts a round: try at once, a few times. */
    void roundIfClosing() {
        if (closing && (parked || backingOff)) {
            parked = false;
            backingOff = false;
            wakeups++;
            roundFailures = 0;
            schedule();
        }
    }

    /** Fails {@code flush} too when the batch parks, until it completes. */
    void failWithParking(CompletableFuture<Void> flush) {
        flushWaiters.add(flush);
        flush.whenComplete((v, e) -> flushWaiters.remove(flush));
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
                batch = queue.take(MAX_BATCH);
                if (batch != null && queue.hasWork()) {
                    schedule();
                }
                inflight = batch;
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

    /**
     * Takes out of the batch, before it is written, the writes of keys the database cannot store,
     * failing their futures and the next flush: keys accepted while the broker's dialect was not
     * known, which only the portable rules checked ({@link StoreArguments#refusal}). The rest of
     * the batch is written as usual. Once the table is ready the dialect is known.
     */
    private void refuseUnstorable(Batch<K> batch) {
        Map<Op<K>, IllegalArgumentException> refused = new LinkedHashMap<>();
        synchronized (lock) {
            if (inflight != batch) {
                return;
            }
            for (Op<K> op : batch.ops()) {
                IllegalArgumentException e = ctx.args.refusal("key " + op.key, op.name);
                if (e != null) {
                    refused.put(op, e);
                    queue.recordFailure(op.seq, e);
                }
            }
            if (refused.isEmpty()) {
                return;
            }
            for (int i = batch.ops().size() - 1; i >= 0; i--) {
                if (refused.containsKey(batch.ops().get(i))) {
                    batch.keys().remove(batch.ops().get(i).key);
                    batch.ops().remove(i);
                    batch.writes().remove(i);
                }
            }
        }
        refused.forEach((op, e) -> {
            LOG.warn("{}; the write is not made, the cache keeps it", e.getMessage());
            Op.settleAll(List.of(op), e);
        });
    }

    private CompletableFuture<Void> attempt(Batch<K> batch, int attempt) {
        String what = "write behind " + entryCount(batch.writes().size()) + (batch.clear() != null ? " after a clear" : "");
        return ctx.<Runnable>writeDetached(what, s -> write(s, batch)).<Void>thenApply(committed -> {
            if (committed != null) {
                committed.run();
            }
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
     * Writes the batch ({@link ItemRows#writeAll}), after its clear, then announces the change.
     *
     * @return what the announcement does once committed, or {@code null}
     */
    private Runnable write(Session s, Batch<K> batch) throws SQLException {
        Tables.Sql q = ctx.sql(s.dialect());
        if (batch.clear() != null) {
            s.update(q.deleteGroup(), ctx.group);
        }
        List<Write> written = ItemRows.writeAll(s, q, ctx.group, batch.writes());
        return announcer.announce(s, written.stream().map(Write::name).toList(), batch.clear() != null);
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
            lastUnreachable = failure;
            unreachableAttempts++;
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
                    + entryCount(batch.writes().size()) + (batch.clear() != null ? " and a clear" : "") + " behind is"
                    + " tried again with backoff, up to " + BACKOFF.maxBackoff().toSeconds() + " s apart, and every"
                    + " write waiting stays in the cache: " + failure);
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
            schedule();
        }
        lane.pump();
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
            if (batch.clear() != null) {
                cache.clearCommitted();
            }
            if (failure != null) {
                queue.recordFailure(batch.maxSeq(), failure);
                failedBatches++;
            } else {
                batches++;
                entriesWritten += batch.writes().size();
            }
            if (queue.hasWork()) {
                schedule();
            }
        }
        if (failure != null) {
            LOG.warn(ctx.label + ": writing " + entryCount(batch.writes().size())
                    + " behind failed; they stay in the cache but are not in the database", failure);
        } else if (failedBefore > 0) {
            LOG.info(ctx.label + ": the database is back; " + entryCount(batch.writes().size())
                    + " written after " + failedBefore + " failed attempts");
        }
        batch.settle(failure);
    }

    /**
     * Must hold the lock.
     *
     * @return what the write-behind is doing now
     */
    WriteBehindStats stats() {
        int unwritten = queue.pendingKeys().size() + (inflight == null ? 0 : inflight.ops().size());
        long oldest = Math.min(queue.oldestIssuedAt(), inflight == null ? Long.MAX_VALUE : inflight.oldestIssuedAt());
        Duration lag = oldest == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(Math.max(0, System.nanoTime() - oldest));
        return new WriteBehindStats(unwritten, lag, backingOff || parked, parked, batches, entriesWritten, failedBatches,
                unreachableAttempts);
    }

    /**
     * Must hold the lock, while a batch waits for the database.
     *
     * @param why  what happened, to start the message
     * @param then what becomes of the writes, to end it
     * @return what is not written, with its count and the last failure to reach the database
     */
    WriteBehindException unwritten(String why, String then) {
        return unwritten(why, then, lastUnreachable);
    }

    /**
     * Must hold the lock.
     *
     * @param why   what happened, to start the message
     * @param then  what becomes of the writes, to end it
     * @param cause the last failure to reach the database
     * @return what is not written, with its count
     */
    WriteBehindException unwritten(String why, String then, Throwable cause) {
        boolean clearFirst = queue.clearPending() || (inflight != null && inflight.clear() != null);
        Map<Object, Object> entries = new LinkedHashMap<>();
        if (!queue.clearPending() && inflight != null) {
            for (Op<K> op : inflight.ops()) {
                entries.put(op.key, cache.get(op.key));
            }
        }
        for (K key : queue.pendingKeys()) {
            entries.put(key, cache.get(key));
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
    WriteBehindException abandon(Throwable cause) {
        List<Op<K>> ops = new ArrayList<>();
        Batch<K> batch;
        WriteBehindException lost;
        synchronized (lock) {
            lost = unwritten("the broker shut down while the database could not be reached",
                    "they are no longer in the dict: unwritten() lists them", cause);
            batch = inflight;
            if (batch != null) {
                ops.addAll(batch.allOps());
            }
            ops.addAll(queue.drain());
            inflight = null;
            cache.clearsAbandoned();
            parked = false;
            backingOff = false;
            wakeups++;
            queue.recordFailure(queue.seq(), lost);
        }
        LOG.error(lost.getMessage());
        Op.settleAll(ops, lost);
        if (batch != null) {
            Op.settle(batch.done(), lost);
        }
        return lost;
    }

    static String entryCount(int n) {
        return n + (n == 1 ? " entry" : " entries");
    }
}
