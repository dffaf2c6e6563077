package io.sasync.persistence;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.Priority;
import io.sasync.Session;
import io.sasync.TableSpec;
import io.sasync.TransactionException;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import io.sasync.store.KeyCodec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coherence where the database has no change notifications: a change counter per store, in
 * table {@value #TABLE} (in the items table's schema), which every batch and atomic operation of
 * a coherent dict increments in its own transaction, and which each coherent dict polls. When
 * the counter moved by more than the dict's own changes, the dict refreshes everything it
 * caches.
 *
 * <p>A dict's own change is recognised by the value its transaction read back after the
 * increment: one more than the last value seen means nobody else changed the store in between.
 */
final class ChangePolling {

    /** The table of change counters. */
    static final String TABLE = "sasync_changes";
    private static final Logger LOG = LoggerFactory.getLogger(ChangePolling.class);

    private final StoreContext ctx;
    private final TableSpec table;
    private final Duration interval;
    private final Runnable changed;
    private final AtomicLong seen = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean closed;
    private volatile boolean answering;
    private volatile Sql sql;

    private record Sql(Dialect dialect, String select, String insert, String increment) {
    }

    /**
     * @param changed called when another process changed the store
     */
    ChangePolling(StoreContext ctx, Duration interval, Runnable changed) {
        this.ctx = ctx;
        this.interval = interval;
        this.changed = changed;
        this.table = TableSpec.builder(TABLE).schema(ctx.table().schema())
                .column(Column.of("items_table", ColumnType.VARCHAR).withSize(KeyCodec.MAX_LENGTH).asPrimaryKey())
                .column(Column.of(Tables.GROUP, ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of("changes", ColumnType.BIGINT).notNull())
                .build();
    }

    private Sql sql(Dialect d) {
        Sql s = sql;
        if (s == null || s.dialect() != d) {
            String name = d.qualifiedName(table);
            String where = " WHERE " + d.quote("items_table") + " = ? AND " + d.quote(Tables.GROUP) + " = ?";
            String changes = d.quote("changes");
            s = new Sql(d, "SELECT " + changes + " FROM " + name + where,
                    "INSERT INTO " + name + " (" + d.quote("items_table") + ", " + d.quote(Tables.GROUP) + ", " + changes
                            + ") VALUES (?, ?, 0)",
                    "UPDATE " + name + " SET " + changes + " = " + changes + " + 1" + where);
            sql = s;
        }
        return s;
    }

    /** @return completes once the store's counter exists and is read; then polls until closed */
    CompletableFuture<Void> start() {
        return ctx.call(b -> b.table(table)).thenCompose(v -> counterRow(1)).thenAccept(count -> {
            seen.set(count);
            answering = true;
            schedule();
        });
    }

    private CompletableFuture<Long> counterRow(int attempt) {
        return ctx.<Long>transactUnready(StoreContext.WRITE, "create change counter", s -> {
            Sql q = sql(s.dialect());
            var row = s.first(q.select(), itemsTable(s), ctx.group);
            if (row.isPresent()) {
                return row.get().get(0, Long.class);
            }
            s.update(q.insert(), itemsTable(s), ctx.group);
            return 0L;
        }).exceptionallyCompose(e -> {
            Throwable t = SqlStates.unwrap(e);
            if (attempt < 3 && t instanceof TransactionException && t.getCause() instanceof SQLException sqe
                    && ctx.broker.dialect().isDuplicateKey(sqe)) {
                return counterRow(attempt + 1); // another process created it meanwhile
            }
            return CompletableFuture.failedFuture(t);
        });
    }

    private String itemsTable(Session s) {
        return ctx.sql(s.dialect()).table();
    }

    /**
     * Within a write's transaction: increments the counter.
     *
     * @return once committed, records the change as the dict's own if nobody else's came between
     */
    Runnable announce(Session s) throws SQLException {
        Sql q = sql(s.dialect());
        s.update(q.increment(), itemsTable(s), ctx.group);
        long now = s.first(q.select(), itemsTable(s), ctx.group).orElseThrow().get(0, Long.class);
        return () -> seen.compareAndSet(now - 1, now);
    }

    private void schedule() {
        if (!closed) {
            CompletableFuture.delayedExecutor(interval.toNanos(), TimeUnit.NANOSECONDS).execute(this::poll);
        }
    }

    private void poll() {
        if (closed) {
            return;
        }
        ctx.<Long>transactUnready(Priority.NORMAL, "poll change counter", s -> s.first(sql(s.dialect()).select(), itemsTable(s), ctx.group)
                        .map(r -> r.get(0, Long.class)).orElse(0L))
                .whenComplete((count, e) -> {
                    if (e != null) {
                        if (answering) {
                            LOG.warn("{}: polling its change counter failed; trying again every {} ms: {}", ctx.label,
                                    interval.toMillis(), SqlStates.unwrap(e).toString());
                        }
                        answering = false;
                    } else {
                        answering = true;
                        long before = seen.getAndSet(count);
                        if (before != count && !closed) {
                            changed.run();
                        }
                    }
                    schedule();
                });
    }

    /** @return whether the last poll succeeded */
    boolean answering() {
        return answering && !closed;
    }

    void close() {
        closed = true;
    }
}
