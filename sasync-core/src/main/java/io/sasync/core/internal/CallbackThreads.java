package io.sasync.core.internal;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default callback executor: one thread that runs the completions in turn, and more threads
 * only while the ones there are stuck. Completions are short as a rule, so one thread that
 * stays busy while work flows takes them with no hand-off to wake anyone; but a continuation may
 * block on anything (another call, a latch another continuation counts down), so whenever tasks
 * wait and none has finished for {@link #STALL}, a thread is added, up to {@link #MAX_THREADS}.
 * Extra threads end once the queue is empty and they are idle; the last ends after
 * {@link #KEEP_ALIVE} idle.
 */
final class CallbackThreads extends ThreadPoolExecutor {

    /** How long tasks may wait with none finishing before a thread is added. */
    static final Duration STALL = Duration.ofMillis(2);
    /** Most threads at once. */
    static final int MAX_THREADS = 1024;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final AtomicLong finished = new AtomicLong();
    private final AtomicBoolean watching = new AtomicBoolean();

    CallbackThreads() {
        super(1, MAX_THREADS, KEEP_ALIVE.toNanos(), TimeUnit.NANOSECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread t = new Thread(task, "sasync-callback-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable task) {
        super.execute(task);
        if (!watching.get() && watching.compareAndSet(false, true)) {
            watch(finished.get());
        }
    }

    private void watch(long seen) {
        Background.after(STALL, () -> check(seen));
    }

    /** Adds a thread if tasks wait and none finished since the last look; watches while tasks wait. */
    private void check(long seen) {
        if (getQueue().isEmpty()) {
            watching.set(false);
            if (getCorePoolSize() > 1) {
                setCorePoolSize(1);
            }
            // A task queued between the look and the reset must still be watched.
            if (getQueue().isEmpty() || !watching.compareAndSet(false, true)) {
                return;
            }
        }
        long now = finished.get();
        if (now == seen && getCorePoolSize() < MAX_THREADS) {
            setCorePoolSize(getCorePoolSize() + 1);
        }
        watch(now);
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        finished.incrementAndGet();
    }
}
