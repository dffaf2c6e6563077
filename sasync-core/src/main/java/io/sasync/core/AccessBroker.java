package io.sasync.core;

import io.sasync.Broker;
import io.sasync.BrokerShutdownException;
import io.sasync.DatabaseConfig;
import io.sasync.DatabaseException;
import io.sasync.Priority;
import io.sasync.QueueFactory;
import io.sasync.Row;
import io.sasync.SAsyncException;
import io.sasync.RowStream;
import io.sasync.Session;
import io.sasync.TableSpec;
import io.sasync.TaskQueue;
import io.sasync.TransactOptions;
import io.sasync.Work;
import io.sasync.core.internal.JdbcSession;
import io.sasync.core.internal.RowProducer;
import io.sasync.core.internal.RowPublisher;
import io.sasync.core.internal.TableCreator;
import io.sasync.core.internal.TransactionCall;
import io.sasync.core.internal.Transactions;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <h2>Shutdown</h2>
 * {@link #shutdown()} waits for start-up if it is in progress, runs the
 * {@link #beforeShutdown} flushes (through a view of this broker that still accepts work),
 * refuses new work, waits for every accepted task, and releases the queue. A subscribed
 * {@link #stream stream} is accepted work until it has completed, failed or been cancelled.
 */
public class AccessBroker implements Broker {

    private static final Logger LOG = LoggerFactory.getLogger(AccessBroker.class);

    /** The transaction running on this thread, if any, and the broker it belongs to. */
    private static final ThreadLocal<Active> ACTIVE = new ThreadLocal<>();

    private record Active(AccessBroker broker, JdbcSession session, Active outer) {
    }

    private enum State { NEW, STARTING, RUNNING, FAILED }

    /** A user task submitted before the broker was running. */
    private record Held(Priority priority, long order, Callable<Object> task, CompletableFuture<Object> future) {
    }

    private final QueueFactory factory;
    private final DatabaseConfig config;

    private final Object lock = new Object();
    private State state = State.NEW;
    private Throwable startFailure;
    private CompletableFuture<TaskQueue> queueReady;
    private volatile TaskQueue queue;
    private final CompletableFuture<Void> running = new CompletableFuture<>();
    private final List<Held> held = new ArrayList<>();
    private long heldOrder;
    private CompletableFuture<Void> shutdown;
    /** Set by shutdown(): refuses user work. */
    private boolean closing;
    /** Set when the shutdown flushes are done: refuses the flushing view's work too. */
    private boolean closed;

    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final List<Function<? super Broker, ? extends CompletionStage<?>>> flushes = new CopyOnWriteArrayList<>();
    private final Broker flushingView = new FlushingView();

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
        this.factory = Objects.requireNonNull(factory, "factory");
        this.config = config;
    }

    // ------------------------------------------------------------------ hooks

    /**
     * Called once while the broker starts, after its queue is ready and before the first
     * transaction, on the thread that started the broker. Override it to create tables with
     * {@link #table}; return a stage that completes when the start-up work is done. Do not wait
     * on user transactions here: they are held until start-up is over.
     *
     * @return completes when start-up is done; the default is already complete
     */
    protected CompletionStage<?> startup() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The first transaction, run after {@link #startup()} and before any user transaction; for
     * seeding rows and checks. Nested {@link #transact} calls run inline. The default does
     * nothing.
     *
     * @param session the transaction's session
     * @throws Exception to fail start-up (every held and later call then fails)
     */
    protected void first(Session session) throws Exception {
    }

    // ------------------------------------------------------------------ Broker

    @Override
    public <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work) {
        return transact(options, work, false);
    }

    private <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work, boolean flushing) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(work, "work");
        Active active = ACTIVE.get();
        if (active != null && active.broker == this) {
            return inline(work, active.session);
        }
        TransactionCall<T> call = new TransactionCall<>(work, options, () -> queue, new ThreadScope());
        return call.start(task -> submit(options.priority(), task, flushing, true, call));
    }

    private static <T> CompletableFuture<T> inline(Work<T> work, JdbcSession session) {
        try {
            return CompletableFuture.completedFuture(work.run(session));
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(SqlStates.unwrap(t));
        }
    }

    @Override
    public CompletableFuture<List<Row>> sql(String sql, Object... params) {
        Objects.requireNonNull(sql, "sql");
        return transact(Work.named(sql, s -> s.query(sql, params)));
    }

    @Override
    public CompletableFuture<Integer> update(String sql, Object... params) {
        Objects.requireNonNull(sql, "sql");
        return transact(Work.named(sql, s -> s.update(sql, params)));
    }

    @Override
    public RowStream stream(Priority priority, String sql, Object... params) {
        return stream(priority, sql, params, false);
    }

    private RowStream stream(Priority priority, String sql, Object[] params, boolean flushing) {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(sql, "sql");
        return new RowPublisher(priority, sql, params, RowPublisher.DEFAULT_CHUNK, finished -> admit(finished, flushing));
    }

    /**
     * Accepts a subscribed stream as in-flight work until {@code finished} completes. Its tasks go
     * to the queue directly, so an accepted stream keeps running while shutdown waits for it.
     */
    private CompletableFuture<TaskQueue> admit(CompletableFuture<Void> finished, boolean flushing) {
        start();
        synchronized (lock) {
            SAsyncException refused = refusal(flushing);
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            track(finished);
        }
        return running.thenApply(v -> queue);
    }

    @Override
    public <I> CompletableFuture<List<Object>> produceRows(List<? extends I> inputs,
            Function<? super I, ? extends CompletionStage<?>> f,
            String table, String column, Map<String, ?> constants, String keyColumn) {
        return RowProducer.produce(this, inputs, f, table, column, constants, keyColumn);
    }

    @Override
    public CompletableFuture<Void> table(TableSpec spec) {
        return table(spec, false);
    }

    private CompletableFuture<Void> table(TableSpec spec, boolean flushing) {
        Objects.requireNonNull(spec, "spec");
        return submit(Priority.NORMAL, () -> {
            TableCreator.create(queue.dataSource(), queue.dialect(), spec);
            return null;
        }, flushing, false);
    }

    @Override
    public <T> CompletableFuture<T> deferToQueue(Priority priority, Callable<T> task) {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(task, "task");
        return submit(priority, task, false, true);
    }

    @Override
    public CompletableFuture<Void> whenRunning() {
        start();
        return running.copy();
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return state == State.RUNNING && !closing;
        }
    }

    @Override
    public Dialect dialect() {
        start();
        CompletableFuture<TaskQueue> ready;
        synchronized (lock) {
            ready = queueReady;
        }
        if (!ready.isDone()) {
            throw new IllegalStateException("no global queue is set yet; call QueueFactory.setGlobal(config) first");
        }
        return ready.join().dialect();
    }

    /**
     * @return the session of the transaction of this broker running on the calling thread, if
     *         any: what an injected {@code Provider<Session>} returns
     */
    public Optional<Session> currentSession() {
        Active active = ACTIVE.get();
        return active != null && active.broker == this ? Optional.of(active.session) : Optional.empty();
    }

    @Override
    public void beforeShutdown(Function<? super Broker, ? extends CompletionStage<?>> flush) {
        Objects.requireNonNull(flush, "flush");
        synchronized (lock) {
            if (closing) {
                throw new BrokerShutdownException("broker " + this + " is shutting down");
            }
            flushes.add(flush);
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        boolean started;
        synchronized (lock) {
            if (shutdown != null) {
                return shutdown;
            }
            shutdown = new CompletableFuture<>();
            closing = true;
            started = state != State.NEW;
        }
        if (!started) {
            synchronized (lock) {
                closed = true;
            }
            shutdown.complete(null);
            return shutdown;
        }
        CompletableFuture<Void> done = shutdown;
        running.handle((v, e) -> null)
                .thenCompose(v -> runFlushes())
                .handle((v, flushFailure) -> flushFailure)
                .thenCompose(flushFailure -> drain().thenCompose(v -> releaseQueue())
                        .whenComplete((v, releaseFailure) -> {
                            Throwable failure = flushFailure != null ? flushFailure : releaseFailure;
                            if (failure != null) {
                                done.completeExceptionally(SqlStates.unwrap(failure));
                            } else {
                                done.complete(null);
                            }
                        }));
        return done;
    }

    @Override
    public String toString() {
        String type = getClass().isAnonymousClass() ? AccessBroker.class.getSimpleName() : getClass().getSimpleName();
        return type + "{" + (config != null ? config.safeUrl() : "global queue") + "}";
    }

    // ------------------------------------------------------------------ start-up

    private void start() {
        synchronized (lock) {
            if (state != State.NEW) {
                return;
            }
            state = State.STARTING;
            try {
                CompletableFuture<TaskQueue> obtained = config != null
                        ? CompletableFuture.completedFuture(factory.queue(config))
                        : factory.global().thenApply(global -> factory.queue(global.config()));
                // Set the field before anyone sees the queue ready: work another thread submits
                // meanwhile (a table creation) is queued once queueReady completes, and reads it.
                queueReady = obtained.thenApply(q -> {
                    queue = q;
                    return q;
                });
            } catch (RuntimeException e) {
                queueReady = CompletableFuture.failedFuture(e);
            }
        }
        queueReady
                .thenCompose(q -> startup())
                .thenCompose(v -> queue.call(Priority.NEXT, () -> Transactions.run(queue,
                        Work.named("first transaction of " + this, s -> {
                            first(s);
                            return null;
                        }), new ThreadScope())))
                .whenComplete((v, failure) -> started(failure));
    }

    private void started(Throwable failure) {
        List<Held> release;
        synchronized (lock) {
            state = failure == null ? State.RUNNING : State.FAILED;
            startFailure = failure == null ? null : SqlStates.unwrap(failure);
            release = new ArrayList<>(held);
            held.clear();
        }
        if (failure != null) {
            LOG.warn("{} failed to start", this, startFailure);
            DatabaseException error = startFailed();
            release.forEach(h -> h.future.completeExceptionally(error));
            running.completeExceptionally(error);
            return;
        }
        // All held tasks were submitted "at once": release them most urgent first, FIFO among equals.
        release.sort(Comparator.comparing(Held::priority).thenComparingLong(Held::order));
        for (Held h : release) {
            if (h.future.isDone()) {
                continue; // cancelled or timed out while held
            }
            CompletableFuture<Object> queued = queue.call(h.priority, h.task);
            queued.whenComplete((value, error) -> {
                if (error != null) {
                    h.future.completeExceptionally(error);
                } else {
                    h.future.complete(value);
                }
            });
            h.future.whenComplete((value, error) -> {
                if (h.future.isCancelled()) {
                    queued.cancel(false);
                }
            });
        }
        running.complete(null);
    }

    /**
     * Why new work is refused now, if it is; called holding the lock.
     *
     * @param flushing asked by a shutdown flush, which may submit until the flushes are done
     * @return the exception to fail the call with, or {@code null} when the work is accepted
     */
    private SAsyncException refusal(boolean flushing) {
        if (flushing ? closed : closing) {
            return new BrokerShutdownException("broker " + this + " is shut down; no more work is accepted");
        }
        return state == State.FAILED ? startFailed() : null;
    }

    private DatabaseException startFailed() {
        return new DatabaseException("broker " + this + " failed to start: " + startFailure, startFailure);
    }

    // ------------------------------------------------------------------ submission

    /**
     * Queues a task, or holds it until the broker runs.
     *
     * @param flushing  submitted by a shutdown flush: accepted until the flushes are done
     * @param userWork  held until the first transaction has committed (table creation is not)
     */
    private <T> CompletableFuture<T> submit(Priority priority, Callable<T> task, boolean flushing, boolean userWork) {
        return submit(priority, task, flushing, userWork, null);
    }

    /**
     * @param owner the caller's future when it is not the task's own (a call that may re-run the
     *              task): tracked too, so that shutdown waits for its last attempt
     */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> submit(Priority priority, Callable<T> task, boolean flushing, boolean userWork,
                                            CompletableFuture<?> owner) {
        start();
        CompletableFuture<T> future;
        synchronized (lock) {
            SAsyncException refused = refusal(flushing);
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            if (state == State.RUNNING || (!userWork && queue != null)) {
                future = queue.call(priority, task);
            } else if (userWork) {
                Held h = new Held(priority, heldOrder++, (Callable<Object>) task, new CompletableFuture<>());
                held.add(h);
                future = (CompletableFuture<T>) h.future;
            } else {
                future = queueReady.thenCompose(q -> q.call(priority, task));
            }
            track(future);
            if (owner != null) {
                track(owner);
            }
        }
        return future;
    }

    private void track(CompletableFuture<?> future) {
        inFlight.add(future);
        future.whenComplete((v, e) -> inFlight.remove(future));
    }

    // ------------------------------------------------------------------ shutdown

    private CompletableFuture<Void> runFlushes() {
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (Function<? super Broker, ? extends CompletionStage<?>> flush : flushes) {
            try {
                stages.add(flush.apply(flushingView).toCompletableFuture());
            } catch (RuntimeException e) {
                stages.add(CompletableFuture.failedFuture(e));
            }
        }
        return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> drain() {
        CompletableFuture<?>[] accepted;
        synchronized (lock) {
            closed = true;
            accepted = inFlight.toArray(CompletableFuture[]::new);
        }
        return CompletableFuture.allOf(accepted).handle((v, e) -> null);
    }

    private CompletableFuture<Void> releaseQueue() {
        CompletableFuture<TaskQueue> ready;
        synchronized (lock) {
            ready = queueReady;
        }
        if (ready == null || !ready.isDone() || ready.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(null);
        }
        return factory.release(ready.join());
    }

    /** Marks the transaction running on the current worker thread as this broker's. */
    private final class ThreadScope implements Transactions.Scope {
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

    /** This broker as the shutdown flushes see it: still accepting work until they are done. */
    private final class FlushingView implements Broker {
        @Override
        public <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work) {
            return AccessBroker.this.transact(options, work, true);
        }

        @Override
        public CompletableFuture<List<Row>> sql(String sql, Object... params) {
            return transact(Work.named(sql, s -> s.query(sql, params)));
        }

        @Override
        public CompletableFuture<Integer> update(String sql, Object... params) {
            return transact(Work.named(sql, s -> s.update(sql, params)));
        }

        @Override
        public RowStream stream(Priority priority, String sql, Object... params) {
            return AccessBroker.this.stream(priority, sql, params, true);
        }

        @Override
        public <I> CompletableFuture<List<Object>> produceRows(List<? extends I> inputs,
                Function<? super I, ? extends CompletionStage<?>> f,
                String table, String column, Map<String, ?> constants, String keyColumn) {
            return RowProducer.produce(this, inputs, f, table, column, constants, keyColumn);
        }

        @Override
        public CompletableFuture<Void> table(TableSpec spec) {
            return AccessBroker.this.table(spec, true);
        }

        @Override
        public <T> CompletableFuture<T> deferToQueue(Priority priority, Callable<T> task) {
            return submit(priority, task, true, true);
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
        public void beforeShutdown(Function<? super Broker, ? extends CompletionStage<?>> flush) {
            throw new BrokerShutdownException("broker " + AccessBroker.this + " is shutting down");
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
