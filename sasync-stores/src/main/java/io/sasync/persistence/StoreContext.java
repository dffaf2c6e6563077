package io.sasync.persistence;

import io.sasync.Broker;
import io.sasync.ConnectionFailureException;
import io.sasync.DatabaseException;
import io.sasync.OutcomeUnknownException;
import io.sasync.Priority;
import io.sasync.TableSpec;
import io.sasync.TransactionException;
import io.sasync.Work;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every store needs from its broker: its group id and table, the submission of its
 * transactions, the checks of its arguments ({@link StoreArguments}), and its part in the
 * broker's shutdown.
 *
 * <h2>Shutdown</h2>
 * A store registers its flush with the broker's shutdown when it is made, and submits all its
 * work through the registration's broker, which accepts it until every flush is done, where the
 * broker itself refuses new work from the moment {@code shutdown()} is called. So an operation
 * the store accepted just before the broker's shutdown (a write waiting behind, the next
 * operation of an ordered chain) is never refused on its way to the database.
 */
final class StoreContext {

    /** Niceness of writes, as in the original ({@code NICENESS_WRITE = 6}). */
    static final Priority WRITE = Priority.of(6);

    final Broker broker;
    final String id;
    final long group;
    final String label;
    /** The checks and codec calls of the store's arguments, with messages naming the store. */
    final StoreArguments args;
    private final TableSpec table;

    private volatile Broker.FlushRegistration registration;
    private final Object tableLock = new Object();
    private CompletableFuture<Void> tableReady;
    private volatile Tables.Sql sql;
    private volatile boolean closed;
    /** A last step of {@link #ready()}, after the table: a coherent dict's start; {@code null} for none. */
    private volatile Supplier<CompletableFuture<Void>> prepare;

    StoreContext(Broker broker, String id, TableSpec table) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.id = Objects.requireNonNull(id, "id");
        this.group = groupId(id);
        this.label = "store '" + id + "'";
        this.args = new StoreArguments(label, broker, this::isClosed);
        this.table = table;
    }

    /**
     * Registers the store with its broker's shutdown.
     *
     * @param flush the store's flush, run when the broker shuts down
     */
    void open(Supplier<CompletableFuture<Void>> flush) {
        registration = broker.beforeShutdown(flush);
    }

    /** @return the store's table */
    TableSpec table() {
        return table;
    }

    /**
     * Adds a last step to {@link #ready()}, run once the table exists and tried again with it
     * after a failure. Must be called before the store is first used.
     *
     * @param step makes the step
     */
    void prepareWith(Supplier<CompletableFuture<Void>> step) {
        prepare = step;
    }

    /** Refuses further operations. */
    void close() {
        closed = true;
    }

    /** Releases the store from its broker's shutdown, so that the broker keeps nothing of it. */
    void detach() {
        registration.cancel();
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException(label + " is shut down");
        }
    }

    /**
     * The group id: the first eight bytes, big-endian, of the SHA-256 digest of the id's UTF-8
     * bytes.
     */
    static long groupId(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    // ------------------------------------------------------------------ submission

    /** @return the statements for this session's dialect (made once per dialect) */
    Tables.Sql sql(Dialect dialect) {
        Tables.Sql s = sql;
        if (s == null || s.dialect() != dialect) {
            s = Tables.Sql.of(dialect, table);
            sql = s;
        }
        return s;
    }

    /**
     * @return completes when the store's table exists (created on the store's first use, through
     *         {@link Broker#table}, which is idempotent and safe concurrently; tried again after a
     *         failure)
     */
    CompletableFuture<Void> ready() {
        synchronized (tableLock) {
            if (tableReady == null || tableReady.isCompletedExceptionally()) {
                CompletableFuture<Void> schemaReady = table.schema() == null ? CompletableFuture.completedFuture(null) : checkSchema();
                Supplier<CompletableFuture<Void>> step = prepare;
                tableReady = schemaReady.thenCompose(v -> call(b -> b.table(table)))
                        .thenCompose(v -> step == null ? CompletableFuture.completedFuture(null) : step.get());
            }
            return tableReady;
        }
    }

    /**
     * Checks, for a store in a schema of its own ({@link StoreTables#inSchema}), that the schema
     * exists, since stores create their tables in it but never the schema itself (and Derby would
     * create a missing one silently), and that the dialect writes the schema into its upsert
     * ({@link Tables.Sql#of}).
     *
     * @return completes when both hold; fails with a {@link DatabaseException} when the schema
     *         does not exist or with an {@link IllegalStateException} when the dialect cannot
     *         write to it
     */
    private CompletableFuture<Void> checkSchema() {
        String where = table.schema() + "." + table.name();
        Work<Void> check = Work.named(label + ": check schema " + table.schema(), s -> {
            Dialect dialect = s.dialect();
            sql(dialect);
            if (!dialect.schemaExists(s.connection(), table.schema())) {
                throw new DatabaseException(label + ": schema " + table.schema() + " does not exist in the "
                        + dialect.name() + " database; create it first: stores create their tables (" + where
                        + ") in it, never the schema itself");
            }
            return null;
        });
        return call(b -> b.transact(Priority.NORMAL, check)).exceptionallyCompose(failure -> {
            Throwable t = SqlStates.unwrap(failure);
            boolean refused = t instanceof TransactionException && (t.getCause() instanceof DatabaseException
                    || t.getCause() instanceof IllegalStateException);
            return CompletableFuture.failedFuture(refused ? t.getCause() : t);
        });
    }

    /**
     * Runs a read at niceness 0.
     *
     * @param keys the texts of the keys it reads, checked again once the table is ready, when the
     *             dialect is known, for keys given before it was ({@link StoreArguments#refusal})
     */
    <T> CompletableFuture<T> read(String what, Work<T> work, String... keys) {
        Work<T> named = Work.named(label + ": " + what, work);
        return ready().thenCompose(v -> args.checkKeys(keys)).thenCompose(v -> call(b -> b.transact(Priority.NORMAL, named)));
    }

    /**
     * Runs a write at niceness 6.
     *
     * @param keys the texts of the keys it writes, checked as for {@link #read}
     */
    <T> CompletableFuture<T> write(String what, Work<T> work, String... keys) {
        Work<T> named = Work.named(label + ": " + what, work);
        return ready().thenCompose(v -> args.checkKeys(keys)).thenCompose(v -> call(b -> b.transact(WRITE, named)));
    }

    /** Runs a transaction without waiting for {@link #ready()}: for the steps of {@link #prepareWith}. */
    <T> CompletableFuture<T> transactUnready(Priority priority, String what, Work<T> work) {
        Work<T> named = Work.named(label + ": " + what, work);
        return call(b -> b.transact(priority, named));
    }

    /**
     * Runs a write at niceness 6 as a transaction of its own even when called from inside a
     * running work of the broker (which would otherwise run it inline, in that work's
     * transaction): the transaction is submitted from a queue task, outside any work.
     */
    <T> CompletableFuture<T> writeDetached(String what, Work<T> work) {
        Work<T> named = Work.named(label + ": " + what, work);
        return ready().thenCompose(v -> call(b -> b.deferToQueue(WRITE, () -> b.transact(WRITE, named))
                .thenCompose(Function.identity())));
    }

    /** Calls the broker through the store's registration, which accepts work until the shutdown flushes are done. */
    <T> CompletableFuture<T> call(Function<Broker, CompletableFuture<T>> op) {
        return attempt(op, registration.broker());
    }

    private static <T> CompletableFuture<T> attempt(Function<Broker, CompletableFuture<T>> op, Broker b) {
        try {
            return op.apply(b);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whether a failure means that the database could not be reached, so that the same work may
     * succeed once it is back: a {@link ConnectionFailureException} or an
     * {@link OutcomeUnknownException} (writes behind are idempotent upserts and deletes, so one
     * whose commit was cut may be written again), or another {@link TransactionException} or a
     * {@link DatabaseException} (a table creation, a broker that could not start) caused by
     * what the dialect calls a connection failure ({@link Dialect#isConnectionFailure}): the
     * broker may be another implementation than sAsync's own.
     *
     * @param failure a failure, perhaps wrapped
     * @return whether it is a failure to reach the database
     */
    boolean unreachable(Throwable failure) {
        Throwable t = SqlStates.unwrap(failure);
        if (t instanceof ConnectionFailureException || t instanceof OutcomeUnknownException) {
            return true;
        }
        if (!(t instanceof TransactionException || t instanceof DatabaseException)) {
            return false;
        }
        Dialect dialect;
        try {
            dialect = broker.dialect();
        } catch (RuntimeException noQueue) {
            return false;
        }
        return SqlStates.first(t).filter(dialect::isConnectionFailure).isPresent();
    }
}
