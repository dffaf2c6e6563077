package io.sasync.persistence;

import io.sasync.spi.SqlStates;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one at a time, in the order added: the next task starts when the
 * stage of the one before has completed. A {@link DictStore} runs its write-behind batches and
 * its loads of every entry here, so that a load never runs while a batch is being committed.
 *
 * <p>Guarded by the dict's lock, which it is given: {@link #add} must be called holding it;
 * {@link #pump} takes it, and does nothing when called holding it (a compound change of the
 * preloaded view holds it while it stages writes, and pumps once it has let go).
 */
final class SerialLane {

    private final Object lock;
    private final ArrayDeque<Supplier<CompletableFuture<?>>> tasks = new ArrayDeque<>();
    private boolean busy;

    /** @param lock the dict's lock */
    SerialLane(Object lock) {
        this.lock = lock;
    }

    /**
     * Adds a task; must hold the lock. Call {@link #pump} once the lock is let go.
     *
     * @param task starts the task and returns its stage
     */
    void add(Supplier<CompletableFuture<?>> task) {
        tasks.add(task);
    }

    /**
     * Adds a task whose result the caller wants; must hold the lock. Call {@link #pump} once the
     * lock is let go.
     *
     * @param task starts the task and returns its stage
     * @param <T>  its result type
     * @return completes like the task's stage, once it has run
     */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        add(() -> {
            CompletableFuture<T> f;
            try {
                f = task.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            return f.whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(SqlStates.unwrap(e));
                } else {
                    result.complete(v);
                }
            });
        });
        return result;
    }

    /** Runs the waiting tasks one at a time; called after anything is added and when a task ends. */
    void pump() {
        if (Thread.holdsLock(lock)) {
            return;
        }
        while (true) {
            Supplier<CompletableFuture<?>> task;
            synchronized (lock) {
                if (busy || tasks.isEmpty()) {
                    return;
                }
                busy = true;
                task = tasks.poll();
            }
            CompletableFuture<?> running;
            try {
                running = task.get();
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            if (!running.isDone()) {
                running.whenComplete((v, e) -> {
                    synchronized (lock) {
                        busy = false;
                    }
                    pump();
                });
                return;
            }
            synchronized (lock) {
                busy = false;
            }
        }
    }
}
