package io.sasync.persistence;

import io.sasync.TransactionException;
import io.sasync.spi.SqlStates;
import io.sasync.store.Codec;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The compare-and-set operations of a {@link DictStore}, executed in the database rather than
 * written behind, so that they are atomic across every process sharing the table.
 *
 * <p>Each runs as one transaction at niceness 6: an update that changes nothing takes the row's
 * write lock ({@link Tables.Sql#lockOne}); the row is then read, its value compared with the
 * expected one ({@link Object#equals} of the decoded values), and written only when they match.
 * A concurrent operation on the same row waits for the lock, so of two that expect the same
 * value only one takes effect. When the row does not exist there is nothing to lock: of two
 * inserts racing, the second fails on the primary key, and the operation is run again, now
 * finding the row. Failures the dialect calls retryable (a deadlock) are tried again too, up to
 * {@value #ATTEMPTS} times in all.
 *
 * <p>The row's version is its value: the comparison is on what is stored when the lock is held,
 * so a write committed by anyone in between makes the operation fail, unless it wrote the
 * expected value again.
 *
 * @param <V> the value type
 */
final class DictAtomics<V> {

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

    private final StoreContext ctx;
    private final Codec<V> codec;
    private final ChangeAnnouncer announcer;

    DictAtomics(StoreContext ctx, Codec<V> codec, ChangeAnnouncer announcer) {
        this.ctx = ctx;
        this.codec = codec;
        this.announcer = announcer;
    }

    /**
     * @param name     the key's stored name
     * @param expected the value the row must hold, or {@code null} for a row that must not exist
     * @param value    the value to write
     * @param bytes    its encoding
     * @return what it found, once committed
     */
    CompletableFuture<Outcome<V>> compareAndSet(String name, V expected, V value, byte[] bytes) {
        return attempt(name, expected, value, bytes, 1);
    }

    private CompletableFuture<Outcome<V>> attempt(String name, V expected, V value, byte[] bytes, int attempt) {
        String what = (expected == null ? "put if absent '" : "replace '") + name + "'";
        return ctx.<Outcome<V>>writeDetached(what, s -> {
            Tables.Sql q = ctx.sql(s.dialect());
            s.update(q.lockOne(), ctx.group, name);
            Optional<V> stored = s.first(q.selectOne(), ctx.group, name)
                    .map(r -> ctx.decode(codec, name, Tables.payload(r)));
            if (!Objects.equals(stored.orElse(null), expected)) {
                return new Outcome<>(false, stored.orElse(null), null);
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
                return attempt(name, expected, value, bytes, attempt + 1);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** @return whether the failure is an insert that found the row inserted meanwhile */
    private boolean lostInsertRace(TransactionException t) {
        return t.getCause() instanceof SQLException e && ctx.broker.dialect().isDuplicateKey(e);
    }
}
