package io.sasync.core.internal;

import io.sasync.Priority;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A task waiting on a {@link PriorityTaskQueue}, and the future its submitter holds. Ordered by
 * kind ({@code NEXT}, niceness, {@code LAST}), then key, then submission serial.
 */
final class QueuedTask<T> extends CompletableFuture<T> implements Comparable<QueuedTask<?>> {

    private final Callable<T> callable;
    private final Priority priority;
    private final long serial;
    private final long key;
    private final Consumer<QueuedTask<?>> onCancel;
    /** {@link System#nanoTime()} when queued, for the queue's listeners; 0 when nobody listens. */
    final long queuedAt;

    QueuedTask(Callable<T> callable, Priority priority, long serial, int agingWindow, Consumer<QueuedTask<?>> onCancel,
               long queuedAt) {
        this.callable = callable;
        this.priority = priority;
        this.serial = serial;
        this.key = QueueOrder.key(serial, priority, agingWindow);
        this.onCancel = onCancel;
        this.queuedAt = queuedAt;
    }

    /** @return the priority band it was queued at */
    Priority.Band band() {
        return priority.band();
    }

    /** Runs the task on the calling worker and completes the future; never throws. */
    void run() {
        if (isDone()) {
            return;
        }
        try {
            complete(callable.call());
        } catch (Throwable t) {
            completeExceptionally(t);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            onCancel.accept(this);
        }
        return cancelled;
    }

    /** Dependent stages are plain futures: cancelling them must not reach into the queue. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public int compareTo(QueuedTask<?> other) {
        int byKind = priority.kind().compareTo(other.priority.kind());
        if (byKind != 0) {
            return byKind;
        }
        int byKey = Long.compare(key, other.key);
        return byKey != 0 ? byKey : Long.compare(serial, other.serial);
    }

    @Override
    public String toString() {
        return "task #" + serial + " " + priority;
    }
}
