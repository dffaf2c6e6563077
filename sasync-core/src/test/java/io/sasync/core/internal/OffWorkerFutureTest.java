package io.sasync.core.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where an {@link OffWorkerFuture} completes: never on the thread that settles it. */
class OffWorkerFutureTest {

    private final ExecutorService callbackThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "callback"));
    private final ExecutorService waiters = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callbackThread.shutdownNow();
        waiters.shutdownNow();
    }

    /** Waits until a thread parks on the future, as its hand-over waiter. */
    private static void awaitParkedOn(Thread thread, Object future) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (LockSupport.getBlocker(thread) != future) {
            if (System.nanoTime() - deadline > 0) {
                fail(thread + " never waited on the future");
            }
            Thread.sleep(1);
        }
    }

    private static final Executor NEVER = task -> fail("the callback executor was used though a thread waited");

    @Test
    void withNobodyWaitingDependentsRunOnTheCallbackExecutorNotOnTheSettlingThread() throws Exception {
        OffWorkerFuture<String> future = new OffWorkerFuture<>(callbackThread);
        CompletableFuture<String> ranOn = future.thenApply(v -> Thread.currentThread().getName());
        future.settle("done", null);
        assertEquals("callback", ranOn.get(10, SECONDS));
        assertEquals("done", future.get(10, SECONDS));
    }

    @Test
    void aThreadComingToJoinBeforeTheCallbackExecutorRanCompletesTheFutureItself() throws Exception {
        List<Runnable> held = new CopyOnWriteArrayList<>();
        OffWorkerFuture<String> future = new OffWorkerFuture<>(held::add);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CompletableFuture<String> dependent = future.thenApply(v -> {
            ranOn.set(Thread.currentThread());
            return v + "!";
        });
        future.settle("done", null);
        assertEquals(1, held.size(), "the outcome went to the callback executor");
        AtomicReference<Thread> joiner = new AtomicReference<>();
        Future<String> joined = waiters.submit(() -> {
            joiner.set(Thread.currentThread());
            return future.join();
        });
        assertEquals("done", joined.get(10, SECONDS));
        assertSame(joiner.get(), ranOn.get());
        held.get(0).run(); // the callback task, late: the first completion stands
        assertEquals("done!", dependent.get(10, SECONDS));
        assertSame(joiner.get(), ranOn.get());
    }

    @Test
    void aThreadComingToGetBeforeTheCallbackExecutorRanTakesAFailureToo() throws Exception {
        List<Runnable> held = new CopyOnWriteArrayList<>();
        OffWorkerFuture<String> future = new OffWorkerFuture<>(held::add);
        IllegalStateException boom = new IllegalStateException("boom");
        future.settle(null, boom);
        future.settle("second", null);
        assertEquals(1, held.size(), "the first outcome wins");
        Future<Throwable> got = waiters.submit(() -> assertThrows(ExecutionException.class, future::get).getCause());
        assertSame(boom, got.get(10, SECONDS));
        held.get(0).run();
        assertTrue(future.isCompletedExceptionally());
    }

    @Test
    void aThreadWaitingInJoinIsHandedTheOutcomeAndRunsTheDependents() throws Exception {
        OffWorkerFuture<String> future = new OffWorkerFuture<>(NEVER);
        CompletableFuture<String> ranOn = future.thenApply(v -> Thread.currentThread().getName());
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<String> joined = waiters.submit(() -> {
            waiter.set(Thread.currentThread());
            Thread.currentThread().setName("waiter");
            return future.join();
        });
        while (waiter.get() == null) {
            Thread.sleep(1);
        }
        awaitParkedOn(waiter.get(), future);
        future.settle("done", null);
        assertEquals("done", joined.get(10, SECONDS));
        assertEquals("waiter", ranOn.get(10, SECONDS));
    }

    @Test
    void aFailureIsHandedOverToo() throws Exception {
        OffWorkerFuture<String> future = new OffWorkerFuture<>(NEVER);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<Throwable> got = waiters.submit(() -> {
            waiter.set(Thread.currentThread());
            return assertThrows(ExecutionException.class, future::get).getCause();
        });
        while (waiter.get() == null) {
            Thread.sleep(1);
        }
        awaitParkedOn(waiter.get(), future);
        IllegalStateException boom = new IllegalStateException("boom");
        future.settle(null, boom);
        assertSame(boom, got.get(10, SECONDS));
    }

    @Test
    void aWaiterThatTimesOutWithdrawsAndTheOutcomeGoesToTheExecutor() throws Exception {
        OffWorkerFuture<String> future = new OffWorkerFuture<>(callbackThread);
        assertThrows(TimeoutException.class, () -> future.get(20, TimeUnit.MILLISECONDS));
        CompletableFuture<String> ranOn = future.thenApply(v -> Thread.currentThread().getName());
        future.settle("late", null);
        assertEquals("callback", ranOn.get(10, SECONDS));
    }

    @Test
    void anInterruptedGetThrowsAndWithdraws() throws Exception {
        OffWorkerFuture<String> future = new OffWorkerFuture<>(callbackThread);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<Throwable> got = waiters.submit(() -> {
            waiter.set(Thread.currentThread());
            try {
                future.get();
                return null;
            } catch (InterruptedException e) {
                return e;
            }
        });
        while (waiter.get() == null) {
            Thread.sleep(1);
        }
        awaitParkedOn(waiter.get(), future);
        waiter.get().interrupt();
        assertInstanceOf(InterruptedException.class, got.get(10, SECONDS));
        future.settle("after", null);
        assertEquals("after", future.get(10, SECONDS));
    }

    @Test
    void aCancelWakesTheWaiter() throws Exception {
        OffWorkerFuture<String> future = new OffWorkerFuture<>(callbackThread);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<Throwable> got = waiters.submit(() -> {
            waiter.set(Thread.currentThread());
            return assertThrows(CancellationException.class, future::join);
        });
        while (waiter.get() == null) {
            Thread.sleep(1);
        }
        awaitParkedOn(waiter.get(), future);
        assertTrue(future.cancel(false));
        assertInstanceOf(CancellationException.class, got.get(10, SECONDS));
    }
}
