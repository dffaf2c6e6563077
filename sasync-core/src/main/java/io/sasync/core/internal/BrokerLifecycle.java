package io.sasync.core.internal;

import io.sasync.Broker;
import io.sasync.BrokerShutdownException;
import io.sasync.DatabaseException;
import io.sasync.Priority;
import io.sasync.RetryPolicy;
import io.sasync.SAsyncException;
import io.sasync.TaskQueue;
import io.sasync.spi.SqlStates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle of a broker: starting it (and starting it again after a start that failed for
 * want of the database), the work held until it runs, the admission of new work, the work in
 * flight, and the shutdown: flushes, drain, release of the queue.
 *
 * <h2>Starting</h2>
 * The first call starts the broker: its {@link Owner} obtains the queue, then runs the start-up
 * hook and the first transaction. Work that must wait for that ({@link Admission#waitsForStart})
 * is held meanwhile and released in priority order, FIFO among equals. A start fails for good
 * only when no queue can be made (no dialect, a pool setting the pool refuses): any later
 * failure, such as a database that cannot be reached, does not exist yet or refuses the
 * credentials, is tried again by the first call after a jittered backoff ({@link #RESTART}),
 * and calls before then fail at once with the cause.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} refuses new work at once, except the work of the registered flushes,
 * which their registrations' brokers submit with a {@code FLUSH_*} admission until every flush
 * is done. It waits for a start in progress, runs the flushes, waits for every accepted task,
 * then has the owner release the queue.
 *
 * <p>Longer than most classes here on purpose: starting, admission and shutdown share one state
 * and one lock, and their rules (what is held, refused or waited for in each state) read best
 * side by side; split, each part would need the others' state.
 */
public final class BrokerLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerLifecycle.class);

    /** The wait before a failed start may be tried again: random, up to 100 ms at first, doubling to 5 s. */
    static final RetryPolicy RESTART = new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofSeconds(5));

    /** Who submits work, which decides when it is accepted. */
    public enum Admission {
        /** A user's transaction or task: held until the broker runs; refused once shutdown begins. */
        WORK(true, false),
        /** Table creation: runs as soon as the queue is there, so that start-up may create tables. */
        DDL(false, false),
        /** Work of a registered flush: as {@link #WORK}, but accepted until the flushes are done. */
        FLUSH_WORK(true, true),
        /** Table creation by a registered flush: as {@link #DDL}, accepted until the flushes are done. */
        FLUSH_DDL(false, true);

        private final boolean waitsForStart;
        private final boolean duringFlush;

        Admission(boolean waitsForStart, boolean duringFlush) {
            this.waitsForStart = waitsForStart;
            this.duringFlush = duringFlush;
        }
    }

    /** What the broker does for its life cycle. */
    public interface Owner {
        /** @return the broker's queue, obtained once; failing means the broker cannot start, ever */
        CompletableFuture<TaskQueue> acquire();

        /**
         * Runs the start-up hook and the first transaction; called again when a start is retried.
         *
         * @param queue the queue
         * @return completes when the broker may run user work
         */
        CompletionStage<?> start(TaskQueue queue);

        /**
         * @param queue the queue obtained by {@link #acquire()}
         * @return completes when the queue is released
         */
        CompletableFuture<Void> release(TaskQueue queue);
    }

    private enum State { NEW, STARTING, RUNNING, FAILED }

    /** Work submitted before the broker was running. */
    private record Held(Priority priority, long order, Callable<Object> task, CompletableFuture<Object> future) {
    }

    private final Object name;
    private final Owner owner;
    private final Executor callbacks;

    private final Object lock = new Object();
    private State state = State.NEW;
    private CompletableFuture<TaskQueue> queueReady;
    private volatile TaskQueue queue;
    /** The current or last start: completes when it succeeded or failed. */
    private OffWorkerFuture<Void> running;
    private Throwable startFailure;
    private boolean failedForGood;
    private int failedStarts;
    private long retryAt;
    private final List<Held> held = new ArrayList<>();
    private long heldOrder;
    private OffWorkerFuture<Void> shutdown;
    /** Set by shutdown(): refuses new work but the flushes'. */
    private boolean closing;
    /** Set when the flushes are done: refuses all work. */
    private boolean closed;

    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final List<Registration> flushes = new CopyOnWriteArrayList<>();

    /**
     * @param name      what messages call the broker (its {@code toString()})
     * @param owner     the broker's part
     * @param callbacks where futures handed to callers complete
     */
    public BrokerLifecycle(Object name, Owner owner, Executor callbacks) {
        this.name = name;
        this.owner = owner;
        this.callbacks = callbacks;
    }

    // ------------------------------------------------------------------ starting

    /** Starts the broker unless it runs or is starting, or a failed start may not be retried yet. */
    public void start() {
        OffWorkerFuture<Void> attempt;
        CompletableFuture<TaskQueue> ready;
        synchronized (lock) {
            boolean retry = state == State.FAILED && !failedForGood && System.nanoTime() - retryAt >= 0;
            if (closed || !(state == State.NEW || retry)) {
                return;
            }
            state = State.STARTING;
            attempt = new OffWorkerFuture<>(callbacks);
            running = attempt;
            if (queueReady == null) {
                try {
                    // The field is set before anyone sees the queue ready: table creations that
                    // another thread submits meanwhile run once queueReady completes, and read it.
                    queueReady = owner.acquire().thenApply(q -> {
                        queue = q;
                        return q;
                    });
                } catch (RuntimeException e) {
                    queueReady = CompletableFuture.failedFuture(e);
                }
            }
            ready = queueReady;
        }
        ready.thenCompose(owner::start).whenComplete((v, failure) -> started(attempt, failure));
    }

    private void started(OffWorkerFuture<Void> attempt, Throwable failure) {
        List<Held> release;
        int failedBefore;
        DatabaseException refusal = null;
        synchronized (lock) {
            failedBefore = failedStarts;
            if (failure == null) {
                state = State.RUNNING;
                startFailure = null;
                failedStarts = 0;
            } else {
                state = State.FAILED;
                startFailure = SqlStates.unwrap(failure);
                failedForGood = queueReady.isCompletedExceptionally();
                failedStarts++;
                retryAt = System.nanoTime() + RESTART.backoff(failedStarts).toNanos();
                refusal = startFailed();
            }
            release = new ArrayList<>(held);
            held.clear();
        }
        if (refusal != null) {
            DatabaseException error = refusal;
            if (failedBefore == 0) {
                LOG.warn("{} failed to start{}", name, failedForGood ? "" : "; it starts again on a later call",
                        startFailure);
            } else {
                LOG.debug("{} failed to start again ({} attempts)", name, failedBefore + 1, startFailure);
            }
            release.forEach(h -> h.future.completeExceptionally(error));
            attempt.settle(null, error);
            return;
        }
        if (failedBefore > 0) {
            LOG.info("{} started after {} failed attempts", name, failedBefore);
        }
        // All held work was submitted "at once": release it most urgent first, FIFO among equals.
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
        attempt.settle(null, null);
    }

    /** Called holding the lock. */
    private DatabaseException startFailed() {
        return new DatabaseException("broker " + name + " failed to start: " + startFailure
                + (failedForGood ? "" : "; it starts again on a call made after a short wait"), startFailure);
    }

    /**
     * Why work of a kind is refused now, if it is; called holding the lock.
     *
     * @return the exception to fail the call with, or {@code null} when the work is accepted
     */
    private SAsyncException refusal(Admission admission) {
        if (admission.duringFlush ? closed : closing) {
            return new BrokerShutdownException("broker " + name + " is shut down; no more work is accepted");
        }
        return state == State.FAILED ? startFailed() : null;
    }

    /**
     * Refuses, once shutdown has begun, what is not submitted to the queue, such as opening a
     * dedicated connection; accepted, like work of the same admission, until then.
     *
     * @throws BrokerShutdownException when the admission's work would be refused for the shutdown
     */
    public void refuseAfterShutdown(Admission admission) {
        synchronized (lock) {
            if (admission.duringFlush ? closed : closing) {
                throw new BrokerShutdownException("broker " + name + " is shut down; no more work is accepted");
            }
        }
    }

    /** @return completes when the broker runs user work; fails at once while a failed start may not be retried */
    public CompletableFuture<Void> whenRunning() {
        start();
        synchronized (lock) {
            if (running == null) {
                return CompletableFuture.failedFuture(new BrokerShutdownException(
                        "broker " + name + " was shut down before it started"));
            }
            return running.copy();
        }
    }

    /** @return whether the broker has started and is not shutting down */
    public boolean isRunning() {
        synchronized (lock) {
            return state == State.RUNNING && !closing;
        }
    }

    /** @return the queue, once obtained; {@code null} before */
    public TaskQueue queue() {
        return queue;
    }

    /**
     * Starts the broker if needed and returns its queue.
     *
     * @return the queue
     * @throws IllegalStateException when the queue is not known yet (a global queue not set)
     */
    public TaskQueue queueNow() {
        start();
        CompletableFuture<TaskQueue> ready;
        synchronized (lock) {
            ready = queueReady;
        }
        if (ready == null || !ready.isDone()) {
            throw new IllegalStateException("no global queue is set yet; call QueueFactory.setGlobal(config) first");
        }
        return ready.join();
    }

    // ------------------------------------------------------------------ admission

    /**
     * Queues a task, or holds it until the broker runs, or refuses it.
     *
     * @param admission who submits it
     * @param priority  its priority
     * @param task      the task
     * @param caller    the future the caller holds when it is not the returned one (a call that
     *                  may run its task several times): shutdown waits for it too; or {@code null}
     * @param <T>       the result type
     * @return the task's outcome; completes on a worker
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> admit(Admission admission, Priority priority, Callable<T> task,
                                          CompletableFuture<?> caller) {
        start();
        CompletableFuture<T> future;
        synchronized (lock) {
            SAsyncException refused = refusal(admission);
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            if (state == State.RUNNING || (!admission.waitsForStart && queue != null)) {
                future = queue.call(priority, task);
            } else if (admission.waitsForStart) {
                Held h = new Held(priority, heldOrder++, (Callable<Object>) task, new CompletableFuture<>());
                held.add(h);
                future = (CompletableFuture<T>) h.future;
            } else {
                future = queueReady.thenCompose(q -> q.call(priority, task));
            }
            track(future);
            if (caller != null) {
                track(caller);
            }
        }
        return future;
    }

    /**
     * Accepts a subscribed stream as work in flight until {@code finished} completes. Its tasks
     * go to the queue directly, so an accepted stream keeps running while shutdown waits for it.
     *
     * @param admission who subscribed it
     * @param finished  completes when the stream has ended
     * @return the queue, once the broker runs; failed when the stream is refused
     */
    public CompletableFuture<TaskQueue> admitStream(Admission admission, CompletableFuture<Void> finished) {
        start();
        CompletableFuture<Void> started;
        synchronized (lock) {
            SAsyncException refused = refusal(admission);
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            track(finished);
            started = running;
        }
        return started.thenApply(v -> queue);
    }

    private void track(CompletableFuture<?> future) {
        inFlight.add(future);
        future.whenComplete((v, e) -> inFlight.remove(future));
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Registers a flush to run when shutdown begins.
     *
     * @param flush the flush
     * @param view  the broker its registrant submits through, with {@code FLUSH_*} admissions
     * @return the registration
     * @throws BrokerShutdownException when shutdown has begun
     */
    public Broker.FlushRegistration register(Supplier<? extends CompletionStage<?>> flush, Broker view) {
        Registration registration = new Registration(flush, view);
        synchronized (lock) {
            if (closing) {
                throw new BrokerShutdownException("broker " + name + " is shutting down");
            }
            flushes.add(registration);
        }
        return registration;
    }

    /**
     * Shuts down; idempotent.
     *
     * @return completes when every flush and every accepted task is done and the queue released;
     *         fails with a flush's failure (the queue is released all the same)
     */
    public CompletableFuture<Void> shutdown() {
        OffWorkerFuture<Void> done;
        CompletableFuture<Void> starting;
        synchronized (lock) {
            if (shutdown != null) {
                return shutdown;
            }
            shutdown = new OffWorkerFuture<>(callbacks);
            done = shutdown;
            closing = true;
            if (state == State.NEW) {
                closed = true;
                starting = null;
            } else {
                starting = state == State.STARTING ? running : CompletableFuture.completedFuture(null);
            }
        }
        if (starting == null) {
            done.settle(null, null);
            return done;
        }
        starting.handle((v, e) -> null)
                .thenCompose(v -> runFlushes())
                .handle((v, flushFailure) -> flushFailure)
                .thenCompose(flushFailure -> drain().thenCompose(v -> releaseQueue())
                        .whenComplete((v, releaseFailure) -> done.settle(null,
                                flushFailure != null ? SqlStates.unwrap(flushFailure)
                                        : releaseFailure != null ? SqlStates.unwrap(releaseFailure) : null)));
        return done;
    }

    private CompletableFuture<Void> runFlushes() {
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (Registration registration : flushes) {
            Supplier<? extends CompletionStage<?>> flush = registration.flush;
            if (flush == null) {
                continue;
            }
            try {
                stages.add(flush.get().toCompletableFuture());
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
        return owner.release(ready.join());
    }

    /** A registered flush: what the broker keeps of its registrant, and nothing once cancelled. */
    private final class Registration implements Broker.FlushRegistration {
        volatile Supplier<? extends CompletionStage<?>> flush;
        private final Broker view;

        Registration(Supplier<? extends CompletionStage<?>> flush, Broker view) {
            this.flush = flush;
            this.view = view;
        }

        @Override
        public Broker broker() {
            return view;
        }

        @Override
        public void cancel() {
            flush = null;
            flushes.remove(this);
        }
    }
}
