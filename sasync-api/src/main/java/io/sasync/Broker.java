package io.sasync;

import io.sasync.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs database work asynchronously: every call queues a task on the broker's
 * {@link TaskQueue} and returns a future at once.
 *
 * <p>A broker starts on first use (or on {@link #whenRunning()}), runs its start-up hooks and
 * its first transaction, and only then releases user transactions, in priority order. It is
 * stopped with {@link #shutdown()}, which lets every accepted transaction finish.
 *
 * <pre>{@code
 * try (Broker broker = new AccessBroker(DatabaseConfig.of("jdbc:h2:mem:demo"))) {
 *     broker.update("CREATE TABLE greeting (text VARCHAR(20))").join();
 *     broker.transact(s -> s.update("INSERT INTO greeting VALUES (?)", "hello")).join();
 *     List<Row> rows = broker.sql("SELECT text FROM greeting").join();
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe. Methods that return a future never throw for a failure of the
 * work itself: the future completes exceptionally. Calls after {@link #shutdown()} return a
 * future failed with {@link BrokerShutdownException}.
 *
 * <p><b>Where continuations run.</b> The futures a broker returns never run your continuations
 * ({@code thenApply}, {@code whenComplete}, …) on a queue worker: a thread waiting in
 * {@code join()} or {@code get()} is handed the result directly, and otherwise the future is
 * completed on the broker's callback executor ({@link DatabaseConfig#callbackExecutor()}). So a
 * continuation may block on another call of the same broker without holding up the queue.
 */
public interface Broker extends AutoCloseable {

    /**
     * Runs work as a transaction at niceness 0.
     *
     * @param work the work
     * @param <T>  its result type
     * @return the work's result once committed; failed with {@link TransactionException} when
     *         the work threw or the commit failed (the transaction was rolled back)
     */
    default <T> CompletableFuture<T> transact(Work<T> work) {
        return transact(TransactOptions.DEFAULT, work);
    }

    /**
     * Runs work as a transaction at a priority. Called from inside a running work of this broker,
     * the work runs inline in the same transaction and the returned future is already complete;
     * a failure of the nested work completes it exceptionally with the work's own exception.
     *
     * @param priority when to run relative to other queued tasks
     * @param work     the work
     * @param <T>      its result type
     * @return the work's result once committed
     */
    default <T> CompletableFuture<T> transact(Priority priority, Work<T> work) {
        return transact(TransactOptions.of(priority), work);
    }

    /**
     * Runs work as a transaction with options: priority, a timeout covering the whole call, and
     * re-runs on retryable errors (see {@link TransactOptions}). Cancelling the returned future
     * removes the task if it is still queued, and cancels its statement and rolls it back if it
     * is running.
     *
     * @param options how to run it
     * @param work    the work; idempotent if the options retry it
     * @param <T>     its result type
     * @return the work's result once committed; failed with {@link TransactionException} when the
     *         last attempt failed (earlier attempts' failures are attached as suppressed) or the
     *         timeout expired
     */
    <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work);

    /**
     * Runs a query as a transaction at niceness 0.
     *
     * @param sql    SQL with {@code ?} placeholders
     * @param params one value per placeholder
     * @return the rows, detached
     */
    default CompletableFuture<List<Row>> sql(String sql, Object... params) {
        Objects.requireNonNull(sql, "sql");
        return transact(Work.named(sql, s -> s.query(sql, params)));
    }

    /**
     * Runs a query as a transaction at niceness 0 and returns its rows as Java objects: records,
     * beans, or single-column values, mapped by column name inside the transaction, as
     * {@link Row#as} maps them.
     *
     * <pre>{@code
     * record Person(long id, String name, LocalDate born) {}
     *
     * CompletableFuture<List<Person>> people = broker.sql(Person.class, "SELECT * FROM people WHERE team = ?", "blue");
     * }</pre>
     *
     * <p>The type comes first, before the SQL, so that this can never be taken for
     * {@link #sql(String, Object...)}, whatever the parameters. At another priority, run
     * {@link Session#query(Class, String, Object...)} in {@link #transact(Priority, Work)}.
     *
     * @param type   the record, bean or column type of each row
     * @param sql    SQL with {@code ?} placeholders
     * @param params one value per placeholder
     * @param <T>    the type
     * @return one object per row, in the order the database returned them; failed with a
     *         {@link TransactionException} whose cause is a {@link RowMappingException} when a
     *         row could not be mapped
     */
    default <T> CompletableFuture<List<T>> sql(Class<T> type, String sql, Object... params) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sql, "sql");
        return transact(Work.named(sql, s -> s.query(type, sql, params)));
    }

    /**
     * Runs a query as a transaction at niceness 0 and returns its first row, if any, as a Java
     * object, mapped as {@link Row#as} maps it. Only the first row is fetched.
     *
     * @param type   the record, bean or column type of the row
     * @param sql    SQL with {@code ?} placeholders
     * @param params one value per placeholder
     * @param <T>    the type
     * @return the first row as the type; empty when there is no row, or when the type is a
     *         column type and the value is {@code NULL}; failed as {@link #sql(Class, String,
     *         Object...)} fails
     */
    default <T> CompletableFuture<Optional<T>> sqlFirst(Class<T> type, String sql, Object... params) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sql, "sql");
        return transact(Work.named(sql, s -> s.first(type, sql, params)));
    }

    /**
     * Runs an update as a transaction at niceness 0.
     *
     * @param sql    SQL with {@code ?} placeholders
     * @param params one value per placeholder
     * @return the number of rows changed
     */
    default CompletableFuture<Integer> update(String sql, Object... params) {
        Objects.requireNonNull(sql, "sql");
        return transact(Work.named(sql, s -> s.update(sql, params)));
    }

    /**
     * Streams the rows of a query at niceness 0; see {@link #stream(Priority, String, Object...)}.
     *
     * @param sql    SQL with {@code ?} placeholders
     * @param params one value per placeholder
     * @return the stream; the query runs when it is subscribed
     */
    default RowStream stream(String sql, Object... params) {
        return stream(Priority.NORMAL, sql, params);
    }

    /**
     * Streams the rows of a query with backpressure. When the stream is subscribed, a queued
     * task at {@code priority} borrows a pooled connection for the stream alone and runs the
     * query with a driver fetch size (so databases that can, PostgreSQL among them, read through
     * a cursor rather than loading the whole result); later chunks of rows are read while the
     * subscriber has asked for more rows than are in hand, and at most three chunks wait to be
     * delivered: by the same task while no other task waits, otherwise by further tasks at the
     * same priority. No queue worker waits for the subscriber, so other transactions run while
     * a slow subscriber takes its time. Cancelling closes the cursor and returns the connection.
     *
     * <p>The stream counts as accepted work: {@link #shutdown()} waits until it has completed,
     * failed or been cancelled. Subscribed after shutdown, it signals
     * {@link BrokerShutdownException}.
     *
     * @param priority when its query and fetches run relative to other queued tasks
     * @param sql      a query with {@code ?} placeholders
     * @param params   one value per placeholder
     * @return the stream; the query runs when it is subscribed
     * @see RowStream
     */
    RowStream stream(Priority priority, String sql, Object... params);

    /**
     * Produces one new row per input, asynchronously, and inserts them in input order. The
     * asynchronous {@code f} is called for every input at once; its results may complete in any
     * order. When all have completed, one transaction inserts, for each input in order, a row of
     * {@code table} whose {@code column} holds what {@code f} produced for it and whose other
     * columns hold the {@code constants}. The Java form of the original {@code produceRows}.
     *
     * <pre>{@code
     * List<Object> ids = broker.produceRows(List.of("ann", "bob"), name -> lookUpEmail(name),
     *         "contact", "email", Map.of("source", "import"), "id").join();
     * }</pre>
     *
     * @param inputs    the inputs, in the order their rows are inserted
     * @param f         produces the value of {@code column} for an input; it must not block
     * @param table     the table, written as given (quoted where the dialect needs it)
     * @param column    the column that receives {@code f}'s value
     * @param constants values for other columns, the same in every row (may be empty)
     * @param keyColumn the column whose generated value identifies a row, e.g. {@code "id"}
     * @param <I>       the input type
     * @return the generated key of each row, in input order (integral keys as {@link Long});
     *         fails with the first failure of {@code f} (nothing is then written) or with a
     *         {@link TransactionException} when the insert failed (nothing is written either)
     * @throws IllegalArgumentException when {@code constants} names {@code column}
     */
    <I> CompletableFuture<List<Object>> produceRows(List<? extends I> inputs,
            Function<? super I, ? extends CompletionStage<?>> f,
            String table, String column, Map<String, ?> constants, String keyColumn);

    /**
     * Creates a table and its indexes unless they exist. Idempotent, and safe to call
     * concurrently for the same table (losing a race to create it counts as success). It does not
     * wait for the broker's first transaction, so {@code startup()} hooks may call it.
     *
     * @param spec the table
     * @return completes when the table and its indexes exist
     */
    CompletableFuture<Void> table(TableSpec spec);

    /**
     * Runs any task on the broker's queue, outside any transaction.
     *
     * @param priority when to run relative to other queued tasks
     * @param task     the task
     * @param <T>      its result type
     * @return the task's result, or its exception
     */
    <T> CompletableFuture<T> deferToQueue(Priority priority, Callable<T> task);

    /**
     * Starts the broker if it has not started.
     *
     * @return completes when the first transaction has committed and user work runs; fails when
     *         start-up failed
     */
    CompletableFuture<Void> whenRunning();

    /** @return whether the broker has started and is not shutting down */
    boolean isRunning();

    /**
     * The dialect of the broker's database. Starts the broker if needed.
     *
     * @return the dialect
     * @throws IllegalStateException when the broker uses the global queue and none is set yet
     */
    Dialect dialect();

    /**
     * Opens a new connection to the broker's database that belongs to no pool and no worker, for
     * a caller that holds one open for long, such as a listener of notifications
     * ({@link io.sasync.spi.ChangeNotifications}). The caller closes it. It is opened from the
     * broker's config (its URL and credentials, or its data source), whether the broker has
     * started or not; refused once the broker's shutdown has begun. The default refuses.
     *
     * @return the connection, in auto-commit mode
     * @throws SQLException when it cannot be opened, or the broker cannot open one
     * @throws BrokerShutdownException once the broker's shutdown has begun
     */
    default Connection dedicatedConnection() throws SQLException {
        throw new SQLFeatureNotSupportedException(this + " opens no dedicated connections");
    }

    /**
     * Registers something to flush when the broker shuts down, such as a store's write-behind
     * cache. The flush is called once, when {@link #shutdown()} begins, and shutdown waits for
     * the stage it returns.
     *
     * <p>The registration's {@link FlushRegistration#broker() broker} is for all the
     * registrant's work, the flush's included: it accepts work from the moment of registration
     * until every flush of the shutdown is done, whereas this broker refuses new work from the
     * moment {@code shutdown()} is called. So work the registrant accepted from its own callers
     * just before the shutdown is never refused on its way to the database.
     *
     * @param flush makes the flush and returns a stage that completes when it is done
     * @return the registration
     * @throws BrokerShutdownException when the broker is already shutting down
     */
    FlushRegistration beforeShutdown(Supplier<? extends CompletionStage<?>> flush);

    /** A flush registered with {@link Broker#beforeShutdown}. */
    interface FlushRegistration {
        /**
         * @return the broker to submit the registrant's work through: it accepts work until
         *         every shutdown flush is done
         */
        Broker broker();

        /** Withdraws the flush: the shutdown will not run it, and the broker keeps nothing of it. */
        void cancel();
    }

    /**
     * Shuts down: runs the {@link #beforeShutdown} flushes, refuses new work, lets every
     * accepted transaction finish, and releases the queue (whose pool closes when its last user
     * is gone). Idempotent: every call returns the same future. Called while start-up is still
     * running, it waits for start-up and then shuts down.
     *
     * @return completes when everything is done; fails when a flush failed (the queue is
     *         released all the same)
     */
    CompletableFuture<Void> shutdown();

    /** Shuts down and waits: {@code shutdown().join()}. */
    @Override
    default void close() {
        shutdown().join();
    }
}
