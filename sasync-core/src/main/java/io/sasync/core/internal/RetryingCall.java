package io.sasync.core.internal;

import io.sasync.ConnectionFailureException;
import io.sasync.Priority;
import io.sasync.StatementListener;
import io.sasync.TaskQueue;
import io.sasync.TransactOptions;
import io.sasync.TransactionException;
import io.sasync.TransactionTimeoutException;
import io.sasync.Work;
import io.sasync.spi.SqlStates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One call of {@code transact} with its options, and the future its caller holds: it runs the
 * attempts (re-running retryable failures, and connection failures, which committed nothing,
 * after a jittered backoff, off the queue), enforces the
 * timeout over the whole call, and turns cancellation into removing a queued task or cancelling
 * a running statement.
 *
 * <p>The first attempt is submitted through the broker (which may hold it until start-up is
 * over, or refuse it after shutdown); later attempts go straight to the queue, because the call
 * was already accepted.
 *
 * @param <T> the work's result type
 */
public final class RetryingCall<T> extends OffWorkerFuture<T> implements TransactionRunner.Scope {

    private final Work<T> work;
    private final Supplier<List<StatementListener>> listeners;
    private final BrokerCounters counters;
    private final TransactOptions options;
    private final Supplier<TaskQueue> queue;
    private final TransactionRunner.Scope threadScope;
    private final List<Throwable> earlier = new ArrayList<>();
    private volatile CompletableFuture<T> attempt;
    private volatile JdbcSession session;
    /** Set when the call is being ended from outside (timeout, cancel): attempts no longer complete it. */
    private volatile boolean aborting;
    private int attempts;

    /**
     * @param work        the work
     * @param options     priority, timeout and retry policy
     * @param queue       the broker's queue, once it has one
     * @param threadScope marks the worker thread as running this broker's transaction
     * @param callbacks   where the call completes when nobody waits for it
     * @param listeners   the broker's statement listeners
     * @param counters    the broker's counts of how calls end
     */
    public RetryingCall(Work<T> work, TransactOptions options, Supplier<TaskQueue> queue,
                        TransactionRunner.Scope threadScope, Executor callbacks,
                        Supplier<List<StatementListener>> listeners, BrokerCounters counters) {
        super(callbacks);
        this.listeners = listeners;
        this.counters = counters;
        this.work = work;
        this.options = options;
        this.queue = queue;
        this.threadScope = threadScope;
    }

    /** @return one attempt of the work: a transaction on the queue's pool */
    public Callable<T> task() {
        return () -> {
            if (isDone()) {
                throw new CancellationException("the call ended before this attempt could run");
            }
            return TransactionRunner.run(queue.get(), work, options, listeners.get(), this);
        };
    }

    /**
     * Starts the call.
     *
     * @param first submits the first attempt, as the broker admits work
     * @return this call
     */
    public RetryingCall<T> start(Function<Callable<T>, CompletableFuture<T>> first) {
        whenComplete((v, failure) -> counters.callEnded(failure));
        options.timeout().ifPresent(timeout -> Background.after(timeout, this::expire));
        follow(first.apply(task()));
        return this;
    }

    private void follow(CompletableFuture<T> next) {
        attempt = next;
        if (isDone()) {
            next.cancel(false);
            return;
        }
        attempts++;
        next.whenComplete((value, failure) -> {
            if (aborting) {
                return;
            }
            if (failure == null) {
                settle(value, null);
            } else {
                failed(SqlStates.unwrap(failure));
            }
        });
    }

    private void failed(Throwable failure) {
        if (isDone()) {
            return;
        }
        if (failure instanceof TransactionException te
                && (te.isRetryable() || te instanceof ConnectionFailureException)
                && attempts < options.retry().maxAttempts()) {
            synchronized (earlier) {
                earlier.add(te);
            }
            Duration backoff = options.retry().backoff(attempts);
            Priority priority = options.priority();
            counters.retried();
            Background.after(backoff, () -> follow(queue.get().call(priority, task())));
            return;
        }
        synchronized (earlier) {
            earlier.forEach(failure::addSuppressed);
        }
        settle(null, failure);
    }

    private void expire() {
        if (isDone()) {
            return;
        }
        String why = "timed out after " + options.timeout().orElseThrow();
        TransactionException timeout = new TransactionTimeoutException(TransactionRunner.describe(work) + " " + why
                + (session == null ? " (it never started running)" : " (its statement was cancelled; rolled back)"),
                new TimeoutException(why));
        synchronized (earlier) {
            earlier.forEach(timeout::addSuppressed);
        }
        // Abort before completing: whoever the completion wakes finds the work already stopped
        // (or being stopped: the statement's cancel goes on in the background, so that a server
        // that does not answer cannot hold the timeout past its deadline).
        abort(why);
        settle(null, timeout);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        abort("cancelled by its caller");
        return super.cancel(mayInterruptIfRunning);
    }

    /** Removes the attempt if it is queued, cancels its statement if it is running. */
    private void abort(String why) {
        aborting = true;
        CompletableFuture<T> current = attempt;
        if (current != null) {
            current.cancel(false);
        }
        JdbcSession running = session;
        if (running != null) {
            running.cancel(why);
        }
    }

    @Override
    public void enter(JdbcSession opened) {
        session = opened;
        threadScope.enter(opened);
        if (isDone()) {
            opened.cancel(isCancelled() ? "cancelled by its caller" : "timed out");
        }
    }

    @Override
    public void exit() {
        session = null;
        threadScope.exit();
    }

}
