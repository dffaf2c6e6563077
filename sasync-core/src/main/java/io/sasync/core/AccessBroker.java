package io.sasync.core;

import io.sasync.Broker;
import io.sasync.BrokerStats;
import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.QueueFactory;
import io.sasync.RowStream;
import io.sasync.Session;
import io.sasync.StatementListener;
import io.sasync.TableSpec;
import io.sasync.TaskQueue;
import io.sasync.TransactOptions;
import io.sasync.Work;
import io.sasync.core.internal.BrokerCounters;
import io.sasync.core.internal.BrokerLifecycle;
import io.sasync.core.internal.BrokerLifecycle.Admission;
import io.sasync.core.internal.Callbacks;
import io.sasync.core.internal.DedicatedConnections;
import io.sasync.core.internal.JdbcSession;
import io.sasync.core.internal.OffWorkerFuture;
import io.sasync.core.internal.RowProducer;
import io.sasync.core.internal.RowPublisher;
import io.sasync.core.internal.StreamDelivery;
import io.sasync.core.internal.TableCreator;
import io.sasync.core.internal.RetryingCall;
import io.sasync.core.internal.TransactionRunner;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The default {@link Broker}: runs work as transactions on a shared {@link TaskQueue}.
 *
 * <h2>Life cycle</h2>
 * A broker starts on its first call, or on {@link #whenRunning()}; never from its constructor, so
 * subclass fields are set before any hook runs. Starting obtains the queue from the
 * {@link QueueFactory}, calls {@link #startup()} on the starting thread, then runs
 * {@link #first(Session)} as the first transaction. User transactions submitted meanwhile are
 * held and released in priority order once {@code first} has committed. {@link #table} calls are
 * not held, so {@code startup()} may create tables.
 *
 * <h2>Subclassing</h2>
 * <pre>{@code
 * public class PeopleBroker extends AccessBroker {
 *     public PeopleBroker(DatabaseConfig config) { super(config); }
 *
 *     protected CompletionStage<?> startup() {
 *         return table(TableSpec.builder("people")
 *                 .column(Column.identity("id"))
 *                 .column(Column.of("name", ColumnType.VARCHAR).notNull())
 *                 .build());
 *     }
 *
 *     protected void first(Session session) throws SQLException {
 *         if (session.first("SELECT id FROM people").isEmpty()) {
 *             session.update("INSERT INTO people (name) VALUES (?)", "Theodore");
 *         }
 *     }
 *
 *     public CompletableFuture<List<Row>> everybody() {
 *         return sql("SELECT id, name FROM people ORDER BY id");
 *     }
 * }
 * }</pre>
 *
 * <h2>Nesting</h2>
 * {@link #transact} called from inside a work of this broker runs inline in the same transaction
 * and returns a completed future. Detection is by a thread-local set while a work runs on its
 * worker thread.
 *
 * <h2>A standby for reads</h2>
 * With a {@link io.sasync.DatabaseConfig.Builder#standby standby} in the config, work marked
 * {@link TransactOptions#onStandby()} runs read-only on a second broker of the standby's own,
 * made on the first such call and shut down after this one; nested calls of this broker in such
 * a work run inline on the standby. What the standby cannot take (no connection, a start that
 * failed, a retryable failure) runs on the primary instead.
 *
 * <h2>A start that fails</h2>
 * When start-up fails because the database cannot be reached, does not exist yet, or refuses the
 * credentials (or {@code startup()} or {@code first} fail for any reason), the calls waiting for
 * it fail with a {@link io.sasync.DatabaseException} carrying the cause, later calls fail at once
 * alike, and the first call after a short backoff (up to 5 s) starts the broker again, hooks
 * included: write {@code startup()} and {@code first} so that running them again is harmless.
 * Only a broker whose queue cannot be made (no dialect, a pool setting the pool refuses) fails
 * for good.
 *
 * <h2>Where futures complete</h2>
 * No future this broker returns runs its continuations on a queue worker: see
 * {@link io.sasync.DatabaseConfig#callbackExecutor()}.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} waits for start-up if it is in progress, runs the
 * {@link #beforeShutdown} flushes (their registrations' brokers still accept work), refuses new
 * work, waits for every accepted task, and releases the queue. A subscribed
 * {@link #stream stream} is accepted work until it has completed, failed or been cancelled.
 *
 * <p>Longer than most classes here because it is the public contract: about two fifths of it is
 * that contract's documentation. What it does is delegated: the life cycle to
 * {@code BrokerLifecycle}, calls to {@code RetryingCall}, streams to {@code RowPublisher}, work
 * for the standby to {@code StandbyRoute}.
 */
public class AccessBroker implements Broker {

    /** The transaction running on this thread, if any, and the broker it belongs to. */
    private static final ThreadLocal<Active> ACTIVE = new ThreadLocal<>();

    private record Active(AccessBroker broker, JdbcSession session, Active outer) {
    }

    private final QueueFactory factory;
    private final DatabaseConfig config;
    private final Executor callbacks;
    private final BrokerLifecycle life;
    private final StreamDelivery delivery = new StreamDelivery();
    private final BrokerCounters counters = new BrokerCounters();
    private final Broker flushingView = new FlushingView();
    /** The broker read-only work may be routed from to this one, or {@code null}. */
    private final AccessBroker routedFrom;
    /** Where work marked for the standby runs, or {@code null} without a standby. */
    private final StandbyRoute standby;

    /**
     * A broker on a database, sharing the queue of every other broker on an equal config.
     *
     * @param config the database
     */
    public AccessBroker(DatabaseConfig config) {
        this(DefaultQueueFactory.shared(), Objects.requireNonNull(config, "config"));
    }

    /** A broker on the process-wide global queue ({@link QueueFactory#setGlobal}). */
    public AccessBroker() {
        this(DefaultQueueFactory.shared(), null);
    }

    /**
     * A broker whose queue comes from a given factory.
     *
     * @param factory the queue factory
     * @param config  the database, or {@code null} for the factory's global queue
     */
    public AccessBroker(QueueFactory factory, DatabaseConfig config) {
        this(factory, config, null);
    }

    /** A broker on a standby's config, whose works' nested calls of {@code routedFrom} run inline. */
    AccessBroker(QueueFactory factory, DatabaseConfig config, AccessBroker routedFrom) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.config = config;
        this.routedFrom = routedFrom;
        this.standby = config == null ? null
                : config.standby().map(s -> new StandbyRoute(this, factory, s)).orElse(null);
        this.callbacks = Callbacks.of(config);
        this.life = new BrokerLifecycle(this, new Owner(), callbacks);
    }

    // ------------------------------------------------------------------ hooks

    /**
     * Called while the broker starts, after its queue is ready and before the first
     * transaction, on the thread that started the broker; again if a failed start is retried.
     * Override it to create tables with {@link #table}; return a stage that completes when the
     * start-up work is done. Do not wait on user transactions here: they are held until start-up
     * is over.
     *
     * @return completes when start-up is done; the default is already complete
     */
    protected CompletionStage<?> startup() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The first transaction, run after {@link #startup()} and before any user transaction; for
     * seeding rows and checks (again if a failed start is retried). Nested {@link #transact}
     * calls run inline. The default does nothing.
     *
     * @param session the transaction's session
     * @throws Exception to fail start-up (every held call then fails, and a later call starts
     *                   the broker again)
     */
    protected void first(Session session) throws Exception {
    }

    // ------------------------------------------------------------------ Broker

    @Override
    public <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work) {
        return transact(options, work, Admission.WORK);
    }

    private <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work, Admission admission) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(work, "work");
        Active active = ACTIVE.get();
        if (isOurs(active)) {
            return options.isSavepoint() ? inlineInSavepoint(work, active.session) : inline(work, active.session);
        }
        if (standby != null && options.isOnStandby()) {
            return standby.transact(options, work, rest -> onPrimary(rest, work, admission));
        }
        return onPrimary(options, work, admission);
    }

    private <T> CompletableFuture<T> onPrimary(TransactOptions options, Work<T> work, Admission admission) {
        return call(options, work, (call, task) -> life.admit(admission, options.priority(), task, call));
    }

    /** How a call's first attempt enters the queue. */
    @FunctionalInterface
    private interface Entry<T> {
        CompletableFuture<T> submit(RetryingCall<T> call, Callable<T> attempt);
    }

    /** Every transaction enters here, the first transaction included. */
    private <T> RetryingCall<T> call(TransactOptions options, Work<T> work, Entry<T> entry) {
        RetryingCall<T> call = new RetryingCall<>(work, options, life::queue, new ThreadScope(), callbacks,
                this::statementListeners, counters);
        return call.start(attempt -> entry.submit(call, attempt));
    }

    private static <T> CompletableFuture<T> inline(Work<T> work, JdbcSession session) {
        try {
            return CompletableFuture.completedFuture(work.run(session));
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(SqlStates.unwrap(t));
        }
    }

    /**
     * Runs a nested work in a savepoint of the running transaction: its failure rolls back to the
     * savepoint and fails its own future, and the outer work may go on.
     */
    private static <T> CompletableFuture<T> inlineInSavepoint(Work<T> work, JdbcSession session) {
        Connection connection = session.connection();
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            T result = work.run(session);
            connection.releaseSavepoint(savepoint);
            return CompletableFuture.completedFuture(result);
        } catch (Throwable t) {
            Throwable failure = SqlStates.unwrap(t);
            try {
                connection.rollback(savepoint);
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
            return CompletableFuture.failedFuture(failure);
        }
    }

    @Override
    public RowStream stream(Priority priority, String sql, Object... params) {
        return stream(priority, sql, params, Admission.WORK);
    }

    private RowStream stream(Priority priority, String sql, Object[] params, Admission admission) {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(sql, "sql");
        return new RowPublisher(priority, sql, params, RowPublisher.DEFAULT_CHUNK,
                finished -> life.admitStream(admission, finished), delivery, this::statementListeners, counters);
    }

    @Override
    public <I> CompletableFuture<List<Object>> produceRows(List<? extends I> inputs,
            Function<? super I, ? extends CompletionStage<?>> f,
            String table, String column, Map<String, ?> constants, String keyColumn) {
        return RowProducer.produce(this, inputs, f, table, column, constants, keyColumn);
    }

    @Override
    public CompletableFuture<Void> table(TableSpec spec) {
        return table(spec, Admission.DDL);
    }

    private CompletableFuture<Void> table(TableSpec spec, Admission admission) {
        Objects.requireNonNull(spec, "spec");
        return offWorker(life.admit(admission, Priority.NORMAL, () -> {
            TableCreator.create(life.queue(), spec);
            return null;
        }, null));
    }

    @Override
    public <T> CompletableFuture<T> deferToQueue(Priority priority, Callable<T> task) {
        return deferToQueue(priority, task, Admission.WORK);
    }

    private <T> CompletableFuture<T> deferToQueue(Priority priority, Callable<T> task, Admission admission) {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(task, "task");
        return offWorker(life.admit(admission, priority, task, null));
    }

    /** The caller's view of a task's outcome: completed off the worker, and cancelling it cancels the task. */
    private <T> CompletableFuture<T> offWorker(CompletableFuture<T> task) {
        OffWorkerFuture<T> future = new OffWorkerFuture<>(callbacks);
        task.whenComplete(future.settler());
        future.whenComplete((v, e) -> {
            if (future.isCancelled()) {
                task.cancel(false);
            }
        });
        return future;
    }

    @Override
    public CompletableFuture<Void> whenRunning() {
        return life.whenRunning();
    }

    @Override
    public boolean isRunning() {
        return life.isRunning();
    }

    @Override
    public Dialect dialect() {
        return queue().dialect();
    }

    /**
     * Opens a connection with the config's URL, user, password and driver properties, or from its
     * data source; refused once shutdown has begun.
     */
    @Override
    public Connection dedicatedConnection() throws SQLException {
        return dedicatedConnection(Admission.WORK);
    }

    private Connection dedicatedConnection(Admission admission) throws SQLException {
        life.refuseAfterShutdown(admission);
        return DedicatedConnections.open(config != null ? config : queue().config());
    }

    /**
     * @return what this broker has done since it was made: how its calls ended, its streams (for
     *         monitoring; {@code sasync-micrometer} makes meters of it)
     */
    public BrokerStats stats() {
        return counters.stats();
    }

    /**
     * The queue this broker runs on, to look at ({@link TaskQueue#stats()}, {@link TaskQueue#pending()}):
     * shared with every broker on an equal config. Starts the broker if needed. It is not counted
     * as a use of the queue: nothing needs releasing, and shutting it down is the broker's
     * business.
     *
     * @return the queue
     * @throws IllegalStateException when the broker uses the global queue and none is set yet
     */
    public TaskQueue queue() {
        return life.queueNow();
    }

    /**
     * @return the session of the transaction of this broker running on the calling thread (or on
     *         its standby, for work it sent there), if any: what an injected
     *         {@code Provider<Session>} returns
     */
    public Optional<Session> currentSession() {
        Active active = ACTIVE.get();
        return isOurs(active) ? Optional.of(active.session) : Optional.empty();
    }

    /** @return whether the running transaction is this broker's, or one it routed to its standby */
    private boolean isOurs(Active active) {
        return active != null && (active.broker == this || active.broker.routedFrom == this);
    }

    @Override
    public FlushRegistration beforeShutdown(Supplier<? extends CompletionStage<?>> flush) {
        Objects.requireNonNull(flush, "flush");
        return life.register(flush, flushingView);
    }

    /**
     * {@inheritDoc}
     *
     * <p>With a {@link DatabaseConfig#standby() standby}, the standby's broker is shut down
     * afterwards, waiting for the work running there.
     */
    @Override
    public CompletableFuture<Void> shutdown() {
        return standby == null ? life.shutdown() : standby.shutdownAfter(life.shutdown());
    }

    /** @return the listeners of this broker's config, or of the global queue's once it is known */
    private List<StatementListener> statementListeners() {
        if (config != null) {
            return config.statementListeners();
        }
        TaskQueue queue = life.queue();
        return queue == null ? List.of() : queue.config().statementListeners();
    }

    @Override
    public String toString() {
        String type = getClass().isAnonymousClass() ? AccessBroker.class.getSimpleName() : getClass().getSimpleName();
        return type + "{" + (config != null ? config.safeUrl() : "global queue") + "}";
    }

    /** The broker's part in its life cycle: its queue, and its hooks. */
    private final class Owner implements BrokerLifecycle.Owner {
        @Override
        public CompletableFuture<TaskQueue> acquire() {
            return config != null
                    ? CompletableFuture.completedFuture(factory.queue(config))
                    : factory.global().thenApply(global -> factory.queue(global.config()));
        }

        @Override
        public CompletionStage<?> start(TaskQueue queue) {
            Work<Void> firstWork = Work.named("first transaction of " + AccessBroker.this, s -> {
                first(s);
                return null;
            });
            return startup().thenCompose(v -> call(TransactOptions.of(Priority.NEXT), firstWork,
                    (call, attempt) -> queue.call(Priority.NEXT, attempt)));
        }

        @Override
        public CompletableFuture<Void> release(TaskQueue queue) {
            delivery.shutdown(); // every stream has ended: shutdown waited for them
            return factory.release(queue);
        }
    }

    /** Marks the transaction running on the current worker thread as this broker's. */
    private final class ThreadScope implements TransactionRunner.Scope {
        @Override
        public void enter(JdbcSession session) {
            ACTIVE.set(new Active(AccessBroker.this, session, ACTIVE.get()));
        }

        @Override
        public void exit() {
            Active active = ACTIVE.get();
            if (active == null || active.outer == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(active.outer);
            }
        }
    }

    /**
     * This broker as its shutdown flushes' registrants see it: it accepts their work until the
     * flushes are done.
     */
    private final class FlushingView implements Broker {
        @Override
        public <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work) {
            return AccessBroker.this.transact(options, work, Admission.FLUSH_WORK);
        }

        @Override
        public RowStream stream(Priority priority, String sql, Object... params) {
            return AccessBroker.this.stream(priority, sql, params, Admission.FLUSH_WORK);
        }

        @Override
        public <I> CompletableFuture<List<Object>> produceRows(List<? extends I> inputs,
                Function<? super I, ? extends CompletionStage<?>> f,
                String table, String column, Map<String, ?> constants, String keyColumn) {
            return RowProducer.produce(this, inputs, f, table, column, constants, keyColumn);
        }

        @Override
        public CompletableFuture<Void> table(TableSpec spec) {
            return AccessBroker.this.table(spec, Admission.FLUSH_DDL);
        }

        @Override
        public <T> CompletableFuture<T> deferToQueue(Priority priority, Callable<T> task) {
            return AccessBroker.this.deferToQueue(priority, task, Admission.FLUSH_WORK);
        }

        @Override
        public CompletableFuture<Void> whenRunning() {
            return AccessBroker.this.whenRunning();
        }

        @Override
        public boolean isRunning() {
            return AccessBroker.this.isRunning();
        }

        @Override
        public Dialect dialect() {
            return AccessBroker.this.dialect();
        }

        @Override
        public Connection dedicatedConnection() throws SQLException {
            return AccessBroker.this.dedicatedConnection(Admission.FLUSH_WORK);
        }

        @Override
        public FlushRegistration beforeShutdown(Supplier<? extends CompletionStage<?>> flush) {
            return AccessBroker.this.beforeShutdown(flush);
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return AccessBroker.this.shutdown();
        }

        @Override
        public String toString() {
            return AccessBroker.this + " (flushing)";
        }
    }
}
