package io.sasync.core.internal;

import io.sasync.Priority;
import io.sasync.Row;
import io.sasync.RowStream;
import io.sasync.StatementListener;
import io.sasync.TaskQueue;
import io.sasync.spi.SqlStates;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RowStream} of a broker: a cold, single-subscriber {@link Flow.Publisher} that reads
 * a query's rows through a {@link StreamCursor}, one chunk per queued task, only when the
 * subscriber's demand exceeds the rows in hand.
 *
 * <h2>Threads</h2>
 * Three kinds of thread meet here, and each does only its part:
 * <ul>
 *   <li><b>Queue workers</b> run the cursor's tasks (open and fetch). A task reads a chunk,
 *       posts it, and may read on ({@link #runOnQueue}); it never calls the subscriber.</li>
 *   <li><b>The delivery loop</b> ({@link #drain()}) owns the buffer, the subscriber and the
 *       cursor's state (a task that queues the next fetch keeps the cursor busy, and says so in
 *       its outcome), and is the only code that signals the subscriber. It runs on a
 *       {@code sasync-stream-N} thread of its broker's {@link StreamDelivery}, an unbounded pool
 *       of daemon threads, so a slow or blocking subscriber holds up its own stream and nothing
 *       else.</li>
 *   <li><b>Any thread</b> may call {@code request} and {@code cancel}; they record the
 *       demand or the cancellation and schedule the loop.</li>
 * </ul>
 * The loop is serialised by a work-in-progress counter (the usual "drain" pattern): whoever
 * raises it from zero starts the loop on the delivery pool, and the loop runs until every
 * scheduled pass has been done. Signals are therefore serial, and a {@code request} made from
 * inside {@code onNext} returns at once and is served by the next pass of the running loop, so
 * recursion depth stays at one (rule 3.3).
 *
 * <h2>Memory</h2>
 * At most one cursor task is outstanding, and a fetch is queued only when the rows in hand (read
 * and not yet delivered) do not cover the subscriber's demand: by the loop before it delivers the
 * rows in hand, or by the worker that has just read a chunk, while no more than two chunks are
 * in hand ({@link #wantsMore()}). So workers read while the loop delivers, and the rows held
 * here never exceed three chunks (plus the one row the cursor reads ahead to see whether the
 * result goes on), whatever the demand and however large the result.
 *
 * <h2>Connection</h2>
 * The cursor returns its connection itself when it reads the end of the result or fails. When
 * the stream ends otherwise (cancel, a bad request, a subscriber that threw), the loop closes
 * the cursor as soon as no task is using it: on the delivery thread, so that releasing a
 * connection never waits for a queue worker. {@link #finished()} completes once the stream has
 * ended and its connection is back in the pool; the broker counts the stream as in-flight work
 * until then.
 *
 * <p>Longer than most classes here on purpose: it is one Reactive Streams state machine (demand,
 * buffer, cursor state, terminal signals), whose invariants hold only if every transition is in
 * one place, under one serialised delivery loop.
 */
public final class RowPublisher implements RowStream {

    /** Rows per fetch, and the driver fetch size. */
    public static final int DEFAULT_CHUNK = 256;

    private static final Logger LOG = LoggerFactory.getLogger(RowPublisher.class);

    private static final Flow.Subscription REJECTED = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    /** Admits a subscribed stream as work of its broker. */
    @FunctionalInterface
    public interface Admission {
        /**
         * @param finished completes when the stream has ended and returned its connection
         * @return the queue to run on, once the broker runs user work; failed when the broker
         *         refuses the stream (shut down, or failed to start)
         */
        CompletableFuture<TaskQueue> admit(CompletableFuture<Void> finished);
    }

    private enum CursorState { BUSY, IDLE, RELEASED }

    /**
     * What a cursor task (or the admission) reported.
     *
     * @param opening  reported by the open task: settles {@link #executed}
     * @param chunk    the rows read, when the task read
     * @param failure  why the task failed; the cursor is then released
     * @param skipped  the task saw the cancellation and released the cursor instead of reading
     * @param readOn   the task queued the next fetch itself: the cursor stays busy
     */
    private record Outcome(boolean opening, StreamCursor.Chunk chunk, Throwable failure, boolean skipped,
                           boolean readOn) {
        static Outcome read(boolean opening, StreamCursor.Chunk chunk) {
            return new Outcome(opening, chunk, null, false, false);
        }

        static Outcome failed(boolean opening, Throwable failure) {
            return new Outcome(opening, null, failure, false, false);
        }

        static Outcome skipped(boolean opening) {
            return new Outcome(opening, null, null, true, false);
        }

        Outcome readingOn() {
            return new Outcome(opening, chunk, failure, skipped, true);
        }

        boolean releasedCursor() {
            return failure != null || skipped || chunk.last();
        }
    }

    private final Priority priority;
    private final String sql;
    private final int chunkSize;
    private final StreamCursor cursor;
    private final Admission admission;
    private final CompletableFuture<Void> executed = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final AtomicBoolean subscribed = new AtomicBoolean();

    // Written by any thread, read by the delivery loop.
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private volatile boolean cancelled;
    private volatile IllegalArgumentException badRequest;
    private volatile TaskQueue queue;
    /** Whether admission let the stream open (and counted it); set before its first task is queued. */
    private volatile boolean opened;
    /** Rows delivered so far; written by the delivery loop, read by the workers. */
    private volatile long delivered;

    // Owned by the delivery loop (made visible to it by the wip counter).
    private Flow.Subscriber<? super Row> subscriber;
    private boolean started;
    private boolean done;
    private final ArrayDeque<Row> buffer = new ArrayDeque<>();
    private final Executor delivery;
    private final Supplier<List<StatementListener>> listeners;
    private final BrokerCounters counters;
    private CursorState cursorState = CursorState.BUSY;
    private boolean exhausted;
    private Throwable failure;

    /**
     * @param priority  the priority of the stream's tasks
     * @param sql       the query
     * @param params    its parameters (copied)
     * @param chunkSize rows per fetch
     * @param admission asked when the stream is subscribed
     * @param delivery  where the subscriber is signalled; its threads may block in the subscriber
     * @param listeners the broker's statement listeners, asked when the query runs
     * @param counters  the broker's counts of streams and rows
     */
    public RowPublisher(Priority priority, String sql, Object[] params, int chunkSize, Admission admission,
                        Executor delivery, Supplier<List<StatementListener>> listeners, BrokerCounters counters) {
        this.priority = Objects.requireNonNull(priority, "priority");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.sql = Objects.requireNonNull(sql, "sql");
        this.admission = Objects.requireNonNull(admission, "admission");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize " + chunkSize + " < 1");
        }
        this.chunkSize = chunkSize;
        this.cursor = new StreamCursor(sql, params, chunkSize);
    }

    // ------------------------------------------------------------------ RowStream

    @Override
    public void subscribe(Flow.Subscriber<? super Row> s) {
        Objects.requireNonNull(s, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            s.onSubscribe(REJECTED);
            s.onError(new IllegalStateException("a RowStream runs its query once, for one subscriber, "
                    + "and '" + sql + "' already has one; call Broker.stream again for another"));
            return;
        }
        subscriber = s;
        schedule();
        CompletableFuture<TaskQueue> admitted;
        try {
            admitted = admission.admit(finished);
        } catch (RuntimeException e) {
            admitted = CompletableFuture.failedFuture(e);
        }
        admitted.whenComplete((q, refused) -> {
            if (refused != null) {
                post(Outcome.failed(true, SqlStates.unwrap(refused)));
            } else {
                counters.streamOpened();
                opened = true;
                queue = q;
                runOnQueue(true, this::openTask);
            }
        });
    }

    @Override
    public CompletableFuture<Void> executed() {
        return executed.copy();
    }

    @Override
    public CompletableFuture<List<Row>> toList() {
        List<Row> rows = new ArrayList<>();
        return consume(rows::add, () -> rows);
    }

    @Override
    public CompletableFuture<Void> forEach(Consumer<? super Row> action) {
        Objects.requireNonNull(action, "action");
        return consume(action, () -> null);
    }

    private <T> CompletableFuture<T> consume(Consumer<? super Row> action, Supplier<T> result) {
        Consuming<T> consuming = new Consuming<>(action, result);
        subscribe(consuming);
        return consuming.result;
    }

    /** @return completes when the stream has ended and its connection is back in the pool */
    public CompletableFuture<Void> finished() {
        return finished.copy();
    }

    /** @return the rows read from the database so far, delivered or not */
    long rowsRead() {
        return cursor.rowsRead();
    }

    /**
     * @return the rows read and not yet delivered; exact only on the delivery thread, i.e. from
     *         inside a subscriber's {@code onNext}
     */
    int buffered() {
        return buffer.size();
    }

    @Override
    public String toString() {
        return "RowStream{'" + sql + "', " + priority + "}";
    }

    // ------------------------------------------------------------------ cursor tasks (queue workers)

    private Outcome openTask() {
        if (cancelled) {
            return Outcome.skipped(true);
        }
        try {
            return Outcome.read(true, cursor.open(queue, StatementObserver.of(listeners.get(), priority, "stream")));
        } catch (Throwable t) {
            return Outcome.failed(true, t);
        }
    }

    private Outcome fetchTask() {
        if (cancelled) {
            cursor.abort();
            return Outcome.skipped(false);
        }
        try {
            return Outcome.read(false, cursor.fetch());
        } catch (Throwable t) {
            return Outcome.failed(false, t);
        }
    }

    /**
     * Queues a cursor task. The task posts its outcome itself, on its worker, and then, while
     * {@link #wantsMore()}, reads on without waiting for the delivery loop to ask: the next chunk at once on the same worker
     * when no other task waits for one (no hand-off to another thread, no wake-up), otherwise as
     * a new queued task, so that other work takes its turn between chunks. Each outcome is posted
     * before the next read begins, so outcomes arrive in the order their rows were read.
     *
     * @param opening whether the task opens the cursor
     * @param read    the task
     */
    private void runOnQueue(boolean opening, Supplier<Outcome> read) {
        AtomicBoolean ran = new AtomicBoolean();
        Callable<Void> task = () -> {
            if (!ran.compareAndSet(false, true)) {
                return null;
            }
            boolean handedOn = false;
            try {
                Outcome outcome = read.get();
                while (outcome.chunk() != null && !outcome.chunk().last() && wantsMore()) {
                    post(outcome.readingOn());
                    if (queue.pending() > 0) {
                        runOnQueue(false, this::fetchTask);
                        handedOn = true;
                        return null;
                    }
                    outcome = fetchTask();
                }
                handedOn = true;
                post(outcome);
            } catch (Throwable t) {
                if (!handedOn) {
                    // The loop counts the cursor busy until an outcome says otherwise: say it failed.
                    cursor.abort();
                    post(Outcome.failed(opening, t));
                }
                throw t;
            }
            return null;
        };
        CompletableFuture<Void> future;
        try {
            future = queue.call(priority, task);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((v, rejected) -> {
            if (rejected != null && ran.compareAndSet(false, true)) {
                // The task never ran, so nothing else is using the cursor.
                cursor.abort();
                post(Outcome.failed(opening, StreamCursor.failure(sql, "the task queue refused to run "
                        + (opening ? "the query" : "a fetch"), SqlStates.unwrap(rejected))));
            }
        });
    }

    /**
     * Whether the next chunk should be read, asked by the worker that has just read a chunk and
     * by the delivery loop when the cursor is idle, both only while the result goes on: the
     * stream goes on, the subscriber asked for more rows than are in hand, and no more than two
     * chunks are in hand, so that at most three are ever held. Two chunks of slack let a worker
     * read on while the delivery loop catches up after a pause, instead of stopping and waiting to
     * be asked again (a hand-off to another thread, and a wake-up, per chunk).
     */
    private boolean wantsMore() {
        // Read and not yet delivered, without the row the cursor has read ahead.
        long inHand = cursor.rowsRead() - delivered - 1;
        return !cancelled && badRequest == null && inHand <= 2L * chunkSize && requested.get() > inHand;
    }

    private void post(Outcome outcome) {
        outcomes.add(outcome);
        schedule();
    }

    // ------------------------------------------------------------------ Subscription (any thread)

    private final Flow.Subscription subscription = new Flow.Subscription() {
        @Override
        public void request(long n) {
            if (n <= 0) {
                if (badRequest == null) {
                    badRequest = new IllegalArgumentException("request(" + n + ") on " + RowPublisher.this
                            + ": Reactive Streams rule 3.9 requires a positive number of rows");
                }
            } else {
                requested.accumulateAndGet(n, (current, more) -> {
                    long sum = current + more;
                    return sum < 0 ? Long.MAX_VALUE : sum;
                });
            }
            schedule();
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                schedule();
            }
        }

        @Override
        public String toString() {
            return "subscription to " + RowPublisher.this;
        }
    };

    // ------------------------------------------------------------------ delivery loop

    private void schedule() {
        if (wip.getAndIncrement() == 0) {
            delivery.execute(this::drain);
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            if (!started) {
                started = true;
                Flow.Subscriber<? super Row> s = subscriber;
                try {
                    s.onSubscribe(subscription);
                } catch (Throwable t) {
                    subscriberFailed("onSubscribe", t);
                }
            }
            for (Outcome o; (o = outcomes.poll()) != null; ) {
                accept(o);
            }
            if (!done) {
                if (cancelled) {
                    end(null, false);
                } else if (badRequest != null) {
                    end(badRequest, true);
                } else if (failure != null) {
                    end(failure, true);
                } else {
                    emit();
                }
            }
            if (done) {
                release();
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void accept(Outcome o) {
        cursorState = o.releasedCursor() ? CursorState.RELEASED : o.readOn() ? CursorState.BUSY : CursorState.IDLE;
        if (o.opening) {
            if (o.failure != null) {
                executed.completeExceptionally(o.failure);
            } else if (o.skipped) {
                executed.completeExceptionally(new CancellationException(
                        "the stream was cancelled before its query ran: " + sql));
            } else {
                executed.complete(null);
            }
        }
        if (o.failure != null) {
            if (failure == null) {
                failure = o.failure;
            }
        } else if (o.chunk != null) {
            if (!done) {
                buffer.addAll(o.chunk.rows());
            }
            exhausted = o.chunk.last();
        }
    }

    private void emit() {
        fetchAhead();
        long demand = requested.get();
        long sent = 0;
        while (sent != demand && !buffer.isEmpty() && !cancelled) {
            Row row = buffer.poll();
            sent++;
            try {
                subscriber.onNext(row);
            } catch (Throwable t) {
                subscriberFailed("onNext", t);
            }
        }
        if (sent > 0) {
            // Demand first: a worker reading both in between sees too little demand, never too much.
            requested.accumulateAndGet(sent, (current, used) -> current == Long.MAX_VALUE ? current : current - used);
            delivered += sent;
            counters.rowsDelivered(sent);
        }
        if (cancelled || !buffer.isEmpty()) {
            return;
        }
        if (exhausted) {
            end(null, true);
        } else {
            fetchAhead();
        }
    }

    /**
     * Queues the next fetch when no task uses the cursor and {@link #wantsMore()}, so that a
     * worker reads while this loop delivers the rows in hand.
     */
    private void fetchAhead() {
        if (cursorState == CursorState.IDLE && !exhausted && wantsMore()) {
            cursorState = CursorState.BUSY;
            runOnQueue(false, this::fetchTask);
        }
    }

    /** Ends the stream: drops the rows and the subscriber, and signals the end unless cancelled. */
    private void end(Throwable error, boolean signal) {
        done = true;
        buffer.clear();
        Flow.Subscriber<? super Row> s = subscriber;
        subscriber = null;
        if (!signal) {
            return;
        }
        try {
            if (error != null) {
                s.onError(error);
            } else {
                s.onComplete();
            }
        } catch (Throwable t) {
            LOG.warn("the subscriber of {} threw from {}, which Reactive Streams rule 2.13 forbids", this,
                    error != null ? "onError" : "onComplete", t);
        }
    }

    private void release() {
        if (cursorState == CursorState.IDLE) {
            cursorState = CursorState.RELEASED;
            cursor.abort();
        }
        if (cursorState == CursorState.RELEASED && !finished.isDone()) {
            if (opened) {
                // Counted before finished completes, so that whoever waits for it (shutdown) sees the count.
                counters.streamEnded(cancelled);
            }
            finished.complete(null);
        }
    }

    /** Rule 2.13: a subscriber that throws is treated as having cancelled. */
    private void subscriberFailed(String signal, Throwable t) {
        LOG.warn("the subscriber of {} threw from {}; cancelling the stream (Reactive Streams rule 2.13)",
                this, signal, t);
        subscription.cancel(); // schedules another pass of the running loop, which ends the stream
    }

    /** The subscriber behind {@link #toList()} and {@link #forEach}. */
    private static final class Consuming<T> implements Flow.Subscriber<Row> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Consumer<? super Row> action;
        private final Supplier<T> value;
        private Flow.Subscription subscription;

        Consuming(Consumer<? super Row> action, Supplier<T> value) {
            this.action = action;
            this.value = value;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) {
                    s.cancel();
                }
            });
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Row row) {
            if (result.isDone()) {
                return;
            }
            try {
                action.accept(row);
            } catch (Throwable t) {
                subscription.cancel();
                result.completeExceptionally(t);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(value.get());
        }
    }

}
