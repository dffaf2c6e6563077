package io.sasync.core.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's own background threads, kept off the JDK's shared pools (so that a busy common
 * pool cannot delay a timeout, and a driver call that hangs cannot take one of its threads): a
 * timer for short delayed tasks (timeouts, backoff), and a few threads for the calls that may
 * block on an unresponsive server, such as {@link java.sql.Statement#cancel()}. Both are daemon
 * threads that end when idle.
 */
final class Background {

    /** Most threads waiting on blocking calls at once; further calls are dropped (see {@link #blocking}). */
    static final int MAX_BLOCKING = 4;

    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, named("sasync-timer"));
    private static final ThreadPoolExecutor BLOCKING = new ThreadPoolExecutor(0, MAX_BLOCKING, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), named("sasync-cancel"), new ThreadPoolExecutor.DiscardPolicy());

    static {
        TIMER.setKeepAliveTime(30, TimeUnit.SECONDS);
        TIMER.allowCoreThreadTimeOut(true);
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private Background() {
    }

    /**
     * Runs a short task after a delay on the timer thread. The task must not block.
     *
     * @param delay how long to wait
     * @param task  what to run
     */
    static void after(Duration delay, Runnable task) {
        TIMER.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs a call that may block on an unresponsive server, on a thread of its own. When
     * {@value #MAX_BLOCKING} such calls are already waiting, the task is dropped: it must be one
     * that is repeated anyway (as a statement's cancel is) or that may be lost.
     *
     * @param task what to run
     */
    static void blocking(Runnable task) {
        BLOCKING.execute(task);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
