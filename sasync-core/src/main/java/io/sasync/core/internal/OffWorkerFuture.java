package io.sasync.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * A future handed to the broker's callers, which never runs their continuations on a queue
 * worker. A worker {@link #settle settles} it, which does not complete it on the worker's
 * thread: the outcome goes to a thread already waiting in {@link #join()} or {@link #get()}, which
 * then completes the future itself (no hop: the waiting thread wakes as it would have anyway),
 * or, with no such thread, to the callback executor, which completes it there. A thread that
 * comes to {@link #join()} or {@link #get()} while the callback executor has not completed it
 * yet completes it itself rather than wait for that executor: the worker often finishes a short
 * transaction before its caller comes to wait, and the caller then goes on at once instead of
 * being woken by a second thread. Either way every dependent stage runs off the worker, so a
 * continuation that blocks, even on another call of the same queue, cannot take a worker away
 * from the queue.
 *
 * <p>One waiting thread takes the hand-over; others wait as on any {@code CompletableFuture}. A
 * future completed otherwise ({@code complete}, {@code cancel}, a timeout) wakes its waiting
 * thread too. Dependent stages made from it are plain {@code CompletableFuture}s.
 *
 * @param <T> the result type
 */
public class OffWorkerFuture<T> extends CompletableFuture<T> {

    private record Outcome(Object value, Throwable failure) {
    }

    private final Executor callbacks;
    /**
     * {@code null}, the thread that waits for the hand-over, or the {@link Outcome}, handed to
     * that thread or to the callback executor; whichever thread comes first applies it.
     */
    private final AtomicReference<Object> handOff = new AtomicReference<>();

    /** @param callbacks where the future is completed when no thread waits for it */
    public OffWorkerFuture(Executor callbacks) {
        this.callbacks = callbacks;
    }

    /**
     * Completes the future, but not on this thread: see the class description. The first
     * outcome wins, as with {@code complete}.
     *
     * @param value   the result, when {@code failure} is {@code null}
     * @param failure the failure, or {@code null}
     */
    public final void settle(T value, Throwable failure) {
        Outcome outcome = new Outcome(value, failure);
        while (!isDone()) {
            Object now = handOff.get();
            if (now instanceof Thread waiter) {
                if (handOff.compareAndSet(now, outcome)) {
                    LockSupport.unpark(waiter);
                    return;
                }
            } else if (now == null) {
                if (handOff.compareAndSet(null, outcome)) {
                    dispatch(outcome);
                    return;
                }
            } else {
                return; // settled already
            }
        }
    }

    /**
     * @return an action that {@link #settle settles} this future with what it is given, for
     *         {@code whenComplete} on a stage that completes on a worker
     */
    public final BiConsumer<T, Throwable> settler() {
        return this::settle;
    }

    private void dispatch(Outcome outcome) {
        try {
            callbacks.execute(() -> apply(outcome));
        } catch (RejectedExecutionException e) {
            // The user's executor is shut down: the default one still keeps the continuations
            // off the worker.
            Callbacks.DEFAULT.execute(() -> apply(outcome));
        }
    }

    @SuppressWarnings("unchecked")
    private void apply(Outcome outcome) {
        if (outcome.failure == null) {
            super.complete((T) outcome.value);
        } else {
            super.completeExceptionally(outcome.failure);
        }
    }

    @Override
    public T join() {
        if (awaitHandOff(0)) {
            Thread.currentThread().interrupt(); // join() waits on, and keeps the flag
        }
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        awaitHandOffInterruptibly(0);
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        awaitHandOffInterruptibly(deadline == 0 ? 1 : deadline);
        long left = deadline - System.nanoTime();
        return super.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    }

    private void awaitHandOffInterruptibly(long deadline) throws InterruptedException {
        if (awaitHandOff(deadline) && !isDone()) {
            throw new InterruptedException();
        }
    }

    /**
     * Waits as the thread the outcome is handed to, unless another thread already does; returns
     * with the future complete, or when the deadline passed or the thread was interrupted (then
     * the caller falls back on the ordinary wait, which reports it).
     *
     * @param deadline {@link System#nanoTime()} to give up at, or 0 for none
     * @return whether the thread was interrupted meanwhile (its flag is then clear)
     */
    private boolean awaitHandOff(long deadline) {
        Thread me = Thread.currentThread();
        if (isDone() || !handOff.compareAndSet(null, me)) {
            applyIfHandedOver();
            return false;
        }
        boolean interrupted = false;
        while (true) {
            Object now = handOff.get();
            if (now instanceof Outcome outcome) {
                apply(outcome);
                break;
            }
            if (isDone() || (deadline != 0 && deadline - System.nanoTime() <= 0)) {
                if (handOff.compareAndSet(me, null)) {
                    break;
                }
                continue; // the outcome arrived meanwhile: take it
            }
            if (deadline == 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, deadline - System.nanoTime());
            }
            if (Thread.interrupted()) {
                interrupted = true;
                if (handOff.compareAndSet(me, null)) {
                    break;
                }
            }
        }
        return interrupted;
    }

    /**
     * A thread arriving while the outcome waits for the thread or the callback task it was
     * handed to applies it itself: the first completion wins, the later one changes nothing.
     */
    private void applyIfHandedOver() {
        if (handOff.get() instanceof Outcome outcome) {
            apply(outcome);
        }
    }

    @Override
    public boolean complete(T value) {
        boolean completed = super.complete(value);
        wakeWaiter();
        return completed;
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        boolean completed = super.completeExceptionally(failure);
        wakeWaiter();
        return completed;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        wakeWaiter();
        return cancelled;
    }

    private void wakeWaiter() {
        if (handOff.get() instanceof Thread waiter) {
            LockSupport.unpark(waiter);
        }
    }

    /** Dependent stages are plain futures: cancelling them must not reach into this one. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public Executor defaultExecutor() {
        return callbacks;
    }
}
