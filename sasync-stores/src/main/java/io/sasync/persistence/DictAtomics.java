package io.sasync.persistence;

import io.sasync.AsyncException;
import io.sasync.TransactionException;
import io.sasync.persistence.WriteQueue.Op;
import io.sasync.spi.SqlStates;
import io.sasync.store.Codec;
import io.sasync.store.WriteBehindException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The compare-and-set operations of a {@link DictStore}, executed in the database rather than
 * written behind, so that they are atomic across every process sharing the table.
 *
 * <h2>In call order with the dict's writes</h2>
 * An operation takes its place in the dict's {@link SerialLane} when it is called, and
 * {@linkplain WriteQueue#hold holds} its key until it has run: the writes to the key issued
 * before it are committed before it (by the batches ahead of it in the lane, or by its own
 * transaction, which writes the key's write still waiting first), and those issued after it
 * commit after it. When an earlier write to the key is in a batch that waits for the database
 * to come back ({@link BatchFlusher}), the operation fails with a {@link WriteBehindException}
 * and changes nothing: the write is kept, and the operation can be called again once
 * {@code flush()} has succeeded. A {@code clear()} issued while an operation waits in the lane
 * waits for it too; another operation issued after such a clear fails until the clear is
 * committed, for it cannot run after the clear without waiting for itself.
 *
 * <h2>In the database</h2>
 * Each runs as one transaction at niceness 6: an update that changes nothing takes the row's
 * write lock ({@link Tables.Sql#lockOne}); the row is then read, its value compared with the
 * expected one (equal when their encodings by the dict's codec are, so that arrays compare by
 * content, or when the decoded values are {@linkplain Object#equals equal}), and
 * written only when they match. A concurrent operation on the same row waits for the lock, so
 * of two that expect the same value only one takes effect. When the row does not exist there
 * is nothing to lock: of two inserts racing, the second fails on the primary key, and the
 * operation is run again, now finding the row. Failures the dialect calls retryable (a
 * deadlock) are tried again too, up to {@value #ATTEMPTS} times in all.
 *
 * <p>The row's version is its value: the comparison is on what is stored when the lock is held,
 * so a write committed by anyone in between makes the operation fail, unless it wrote the
 * expected value again.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class DictAtomics<K, V> {

    private static final int ATTEMPTS = 5;

    /**
     * What a compare-and-set found.
     *
     * @param took      whether it wrote
     * @param current   the value stored once it committed; {@code null} when absent
     * @param committed what its announcement does once committed, or {@code null}
     */
    record Outcome<V>(boolean took, V current, Runnable committed) {
    }

    /**
     * The value a row must hold, and its encoding; {@code null} for a row that must not exist.
     * A stored row matches when its bytes are the encoding, or its value is equal.
     */
    private record Expected<V>(V value, byte[] bytes) {
        boolean matches(byte[] stored, V current) {
            return value == null ? stored == null : Arrays.equals(stored, bytes) || value.equals(current);
        }
    }

    private final StoreContext ctx;
    private final Codec<V> codec;
    private final ChangeAnnouncer announcer;
    private final Object lock;
    private final WriteQueue<K> queue;
    private final DictCache<K, V> cache;
    private final SerialLane lane;
    private final BatchFlusher<K> flusher;

    DictAtomics(StoreContext ctx, Codec<V> codec, ChangeAnnouncer announcer, Object lock, WriteQueue<K> queue,
                DictCache<K, V> cache, SerialLane lane, BatchFlusher<K> flusher) {
        this.ctx = ctx;
        this.codec = codec;
        this.announcer = announcer;
        this.lock = lock;
        this.queue = queue;
        this.cache = cache;
        this.lane = lane;
        this.flusher = flusher;
    }

    /**
     * Runs a compare-and-set in its place among the dict's writes, then caches what it found,
     * unless a write to the key was issued meanwhile.
     *
     * @param name     the key's stored name
     * @param expected the value the row must hold, or {@code null} for a row that must not exist
     * @param value    the value to write
     * @return whether it wrote
     */
    CompletableFuture<Boolean> compareAndSet(K key, String name, V expected, V value) {
        byte[] bytes = ctx.args.bytes(codec, name, value);
        byte[] expectedBytes = expected == null ? null : ctx.args.bytes(codec, name, expected);
        Expected<V> want = new Expected<>(expected, expectedBytes);
        String what = (expected == null ? "put if absent '" : "replace '") + name + "'";
        CompletableFuture<Boolean> result;
        synchronized (lock) {
            ctx.checkOpen();
            if (queue.clearHeld()) {
                return CompletableFuture.failedFuture(new AsyncException(ctx.label + ": " + what + " is refused: a clear()"
                        + " issued while another put-if-absent or replace was waiting is not committed yet; call it"
                        + " again once flush() has completed"));
            }
            List<Op<K>> before = queue.hold(key);
            result = lane.submit(() -> inLane(key, name, what, want, value, bytes, before));
        }
        lane.pump();
        return result;
    }

    /** The operation's turn in the lane: no batch of the dict is being committed. */
    private CompletableFuture<Boolean> inLane(K key, String name, String what, Expected<V> expected, V value, byte[] bytes,
                                              List<Op<K>> heldBefore) {
        List<Op<K>> before = new ArrayList<>(2);
        WriteBehindException waiting;
        synchronized (lock) {
            Op<K> one = queue.takeOne(key);
            if (one != null) {
                before.add(one);
            }
            before.addAll(heldBefore);
            waiting = flusher.waitsForTheDatabase(key) ? flusher.unwritten(what + " is refused: an earlier write to the"
                    + " key waits for the database", "they are kept: call it again once flush() has succeeded") : null;
        }
        CompletableFuture<Outcome<V>> done = waiting != null ? CompletableFuture.failedFuture(waiting)
                : attempt(what, name, expected, value, bytes, before.isEmpty() ? null : before.get(before.size() - 1), 1);
        return done.handle((outcome, e) -> {
            synchronized (lock) {
                if (e != null) {
                    queue.putBack(before);
                }
                queue.release(key);
                if (queue.hasWork()) {
                    flusher.schedule();
                }
                if (e == null && !flusher.isDirty(key)) {
                    cache.stored(key, outcome.current());
                }
            }
            if (e != null) {
                throw new CompletionException(SqlStates.unwrap(e));
            }
            Op.settleAll(before, null);
            return outcome.took();
        });
    }

    /**
     * @param before the key's write issued before the operation and still waiting, which the
     *               transaction commits first; or {@code null}
     */
    private CompletableFuture<Outcome<V>> attempt(String what, String name, Expected<V> expected, V value, byte[] bytes,
                                                  Op<K> before, int attempt) {
        return ctx.<Outcome<V>>writeDetached(what, s -> {
            Tables.Sql q = ctx.sql(s.dialect());
            if (before != null) {
                ItemRows.write(s, q, ctx.group, name, before.bytes);
            }
            s.update(q.lockOne(), ctx.group, name);
            Optional<byte[]> stored = s.first(q.selectOne(), ctx.group, name).map(Tables::payload);
            V current = stored.map(b -> ctx.args.decode(codec, name, b)).orElse(null);
            if (!expected.matches(stored.orElse(null), current)) {
                return new Outcome<>(false, current, before == null ? null : announcer.announce(s, List.of(name), false));
            }
            if (stored.isEmpty()) {
                s.update(q.insert(), ctx.group, name, bytes);
            } else {
                s.update(q.updateOne(), bytes, ctx.group, name);
            }
            return new Outcome<>(true, value, announcer.announce(s, List.of(name), false));
        }).thenApply(outcome -> {
            if (outcome.committed() != null) {
                outcome.committed().run();
            }
            return outcome;
        }).exceptionallyCompose(e -> {
            Throwable cause = SqlStates.unwrap(e);
            if (attempt < ATTEMPTS && cause instanceof TransactionException t
                    && (t.isRetryable() || lostInsertRace(t))) {
                return attempt(what, name, expected, value, bytes, before, attempt + 1);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** @return whether the failure is an insert that found the row inserted meanwhile */
    private boolean lostInsertRace(TransactionException t) {
        return t.getCause() instanceof SQLException e && ctx.broker.dialect().isDuplicateKey(e);
    }
}
