package io.sasync.persistence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The writes of a {@link DictStore} that wait to be written behind, in the order issued, and
 * what became of those written: the failures a later flush reports.
 *
 * <p>Writes wait as one {@link Op} per key (a later write to the same key replaces the bytes of
 * the waiting one and shares its future), preceded by at most one clear, which absorbs the writes
 * issued before it. {@link #take} moves the clear and up to a batch of ops into a {@link Batch}.
 * Every write gets a sequence number, so that a flush can tell which failures concern it.
 *
 * <p>A key can be <em>held</em> ({@link #hold}) while an atomic operation on it waits in the
 * dict's lane: the writes to it issued meanwhile wait apart, where {@link #take} does not see
 * them, so that none commits before the operation; a clear issued meanwhile waits too, with
 * everything after it. {@link #release} lets them join the waiting writes.
 *
 * <p>Guarded by the dict's lock: every method must be called holding it.
 *
 * @param <K> the key type
 */
final class WriteQueue<K> {

    /** The most failures kept for flushes to report. */
    private static final int MAX_FAILURES = 100;

    /**
     * The waiting write of one key (bytes, or null for a delete), or a clear (key null). Each
     * call that wrote it has its own future in {@code waiters}; {@code done} completes after all
     * of them, so that whoever waits on {@code done} (a flush) finds the callers' futures complete.
     */
    static final class Op<K> {
        final K key;
        final String name;
        byte[] bytes;
        long seq;
        final List<CompletableFuture<Void>> waiters = new ArrayList<>(1);
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** {@link System#nanoTime()} of the first write it holds: how long it has waited. */
        final long issuedAt = System.nanoTime();

        Op(K key, String name) {
            this.key = key;
            this.name = name;
        }

        CompletableFuture<Void> waiter() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            waiters.add(f);
            return f;
        }

        /**
         * Completes the callers' futures of every op, then every op's {@code done}, so that a
         * flush woken by a {@code done} finds the callers' futures complete.
         *
         * @param failure the failure, or {@code null} when the ops are committed
         */
        static <K> void settleAll(List<Op<K>> ops, Throwable failure) {
            for (Op<K> op : ops) {
                op.waiters.forEach(f -> settle(f, failure));
            }
            for (Op<K> op : ops) {
                settle(op.done, failure);
            }
        }

        static void settle(CompletableFuture<Void> future, Throwable failure) {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(null);
            }
        }
    }

    /** A write as the database receives it: the stored name, and bytes or {@code null} for a delete. */
    record Write(String name, byte[] bytes) {
    }

    /**
     * Writes taken to be committed in one transaction.
     *
     * @param clear  a clear to commit first, or {@code null}
     * @param ops    the ops, in order
     * @param writes what is written for each op
     * @param keys   their keys
     * @param maxSeq the sequence number of the last write in it
     * @param done   completes after every future of the batch
     */
    record Batch<K>(Op<K> clear, List<Op<K>> ops, List<Write> writes, Set<K> keys, long maxSeq,
                    CompletableFuture<Void> done) {

        /** @return when its oldest write was issued ({@link System#nanoTime()}) */
        long oldestIssuedAt() {
            return clear != null ? clear.issuedAt : ops.isEmpty() ? Long.MAX_VALUE : ops.get(0).issuedAt;
        }

        /** @return the clear, if any, then the ops */
        List<Op<K>> allOps() {
            List<Op<K>> all = new ArrayList<>(ops.size() + 1);
            if (clear != null) {
                all.add(clear);
            }
            all.addAll(ops);
            return all;
        }

        /** Completes every future of the batch: the callers', the ops', then the batch's. */
        void settle(Throwable failure) {
            Op.settleAll(allOps(), failure);
            Op.settle(done, failure);
        }
    }

    private record Failure(long maxSeq, Throwable error) {
    }

    private final LinkedHashMap<K, Op<K>> pending = new LinkedHashMap<>();
    private Op<K> pendingClear;
    /** How many atomic operations hold each key. */
    private final Map<K, Integer> holds = new HashMap<>();
    /** The writes to held keys issued while they are held. */
    private final LinkedHashMap<K, Op<K>> held = new LinkedHashMap<>();
    /** The waiting clear was issued while a key was held: nothing is taken until none is. */
    private boolean clearHeld;
    /** The op that will be committed last among those waiting, or null when none waits. */
    private Op<K> tail;
    /**
     * The batch taken last, kept after it finishes: its future completes after those of all its
     * writes, so a flush that finds nothing waiting waits for it.
     */
    private Batch<K> lastTaken;
    private long seq;
    private long lastFlushSeq;
    private final ArrayDeque<Failure> failures = new ArrayDeque<>();

    /**
     * Queues a write of one key.
     *
     * @param bytes the value's bytes, or {@code null} for a removal
     * @return completes when the write is committed
     */
    CompletableFuture<Void> stage(K key, String name, byte[] bytes) {
        Map<K, Op<K>> into = holds.containsKey(key) ? held : pending;
        Op<K> op = into.get(key);
        if (op == null) {
            op = new Op<>(key, name);
            into.put(key, op);
            tail = op;
        }
        op.bytes = bytes;
        op.seq = ++seq;
        return op.waiter();
    }

    /** @return whether a clear waits: a new one merges into it */
    boolean clearPending() {
        return pendingClear != null;
    }

    /**
     * Queues a clear, which absorbs every write waiting before it.
     *
     * @return completes when the clear is committed
     */
    CompletableFuture<Void> stageClear() {
        Op<K> clear = pendingClear;
        if (clear == null) {
            clear = new Op<>(null, null);
            pendingClear = clear;
        }
        for (Op<K> superseded : pending.values()) {
            clear.waiters.addAll(superseded.waiters);
        }
        for (Op<K> superseded : held.values()) {
            clear.waiters.addAll(superseded.waiters);
        }
        pending.clear();
        held.clear();
        clearHeld |= !holds.isEmpty();
        clear.seq = ++seq;
        tail = clear;
        return clear.waiter();
    }

    /** @return whether anything waits to be taken */
    boolean hasWork() {
        return pendingClear != null || !pending.isEmpty();
    }

    /** @return whether the key has a write waiting, held or not */
    boolean isPending(K key) {
        return pending.containsKey(key) || held.containsKey(key);
    }

    /** @return the keys with a write waiting, held or not */
    Set<K> pendingKeys() {
        if (held.isEmpty()) {
            return pending.keySet();
        }
        Set<K> keys = new LinkedHashSet<>(pending.keySet());
        keys.addAll(held.keySet());
        return keys;
    }

    /**
     * Holds a key for an atomic operation issued now: the writes to it issued from now on wait
     * until {@link #release}.
     *
     * @return the writes the operation must commit before it: those issued while another
     *         operation held the key, which no batch will take; none otherwise
     */
    List<Op<K>> hold(K key) {
        holds.merge(key, 1, Integer::sum);
        Op<K> before = held.remove(key);
        return before == null ? List.of() : List.of(before);
    }

    /** Ends a hold. The last one lets the key's held write, and a held clear, be taken. */
    void release(K key) {
        if (holds.merge(key, -1, Integer::sum) > 0) {
            return;
        }
        holds.remove(key);
        Op<K> op = held.remove(key);
        if (op != null) {
            Op<K> waiting = pending.remove(key);
            if (waiting != null) {
                absorb(op, waiting);
            }
            pending.put(key, op);
        }
        clearHeld &= !holds.isEmpty();
    }

    /**
     * Takes the key's waiting write out of the queue (not a held one), for an atomic operation to
     * commit it before itself.
     *
     * @return it, or {@code null}
     */
    Op<K> takeOne(K key) {
        return pending.remove(key);
    }

    /** Puts back writes taken by {@link #takeOne} or {@link #hold} that could not be committed. */
    void putBack(List<Op<K>> ops) {
        for (Op<K> op : ops) {
            Map<K, Op<K>> into = holds.containsKey(op.key) ? held : pending;
            Op<K> later = into.get(op.key);
            if (later != null) {
                absorb(later, op);
            } else {
                into.put(op.key, op);
            }
        }
    }

    /** The later write of a key takes the callers of the earlier one, whose {@code done} follows its own. */
    private static <K> void absorb(Op<K> later, Op<K> earlier) {
        later.waiters.addAll(0, earlier.waiters);
        later.done.whenComplete((v, e) -> Op.settle(earlier.done, e));
    }

    /** @return whether a clear waits that was issued while a key was held */
    boolean clearHeld() {
        return clearHeld;
    }

    /**
     * @return when the oldest write waiting was issued ({@link System#nanoTime()}), or
     *         {@code Long.MAX_VALUE} when none waits
     */
    long oldestIssuedAt() {
        if (pendingClear != null) {
            return pendingClear.issuedAt;
        }
        return pending.isEmpty() ? Long.MAX_VALUE : pending.values().iterator().next().issuedAt;
    }

    /**
     * Takes the waiting clear and up to {@code max} ops.
     *
     * @return the batch, or {@code null} when nothing waits
     */
    Batch<K> take(int max) {
        if (!hasWork() || clearHeld) {
            return null;
        }
        Op<K> clear = pendingClear;
        pendingClear = null;
        long maxSeq = clear == null ? 0 : clear.seq;
        List<Op<K>> ops = new ArrayList<>(Math.min(pending.size(), max));
        List<Write> writes = new ArrayList<>(Math.min(pending.size(), max));
        Set<K> keys = new HashSet<>();
        for (Iterator<Op<K>> it = pending.values().iterator(); it.hasNext() && ops.size() < max; ) {
            Op<K> op = it.next();
            it.remove();
            ops.add(op);
            writes.add(new Write(op.name, op.bytes));
            keys.add(op.key);
            maxSeq = Math.max(maxSeq, op.seq);
        }
        if (pending.isEmpty()) {
            tail = null;
        }
        lastTaken = new Batch<>(clear, ops, writes, keys, maxSeq, new CompletableFuture<>());
        return lastTaken;
    }

    /**
     * Takes everything that waits, to give it up.
     *
     * @return the waiting clear, if any, then the waiting ops
     */
    List<Op<K>> drain() {
        List<Op<K>> ops = new ArrayList<>();
        if (pendingClear != null) {
            ops.add(pendingClear);
        }
        ops.addAll(pending.values());
        ops.addAll(held.values());
        pendingClear = null;
        pending.clear();
        held.clear();
        tail = null;
        return ops;
    }

    /**
     * Starts a flush: what it waits for, and from which sequence number failures concern it.
     *
     * @return the sequence number of the previous flush
     */
    long markFlush() {
        long since = lastFlushSeq;
        lastFlushSeq = seq;
        return since;
    }

    /** @return completes after every write issued so far; {@code null} when none ever was */
    CompletableFuture<Void> lastDone() {
        return tail != null ? tail.done : lastTaken != null ? lastTaken.done : null;
    }

    /** @return the sequence number of the last write issued */
    long seq() {
        return seq;
    }

    /** Keeps a failure for the flushes that cover writes up to {@code maxSeq}. */
    void recordFailure(long maxSeq, Throwable error) {
        failures.addLast(new Failure(maxSeq, error));
        if (failures.size() > MAX_FAILURES) {
            failures.removeFirst();
        }
    }

    /** @return a failure of a write issued after sequence number {@code since}, if any */
    Throwable failureSince(long since) {
        for (Failure f : failures) {
            if (f.maxSeq > since) {
                return f.error;
            }
        }
        return null;
    }
}
