package io.sasync.core.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a broker's streams signal their subscribers on: daemon threads named
 * {@code sasync-stream-N}, as many as streams deliver at once (a subscriber may block in
 * {@code onNext}, and one blocked stream must not starve the others), made on first use, ended
 * after a minute idle, and ended at once by {@link #shutdown()} once the broker has shut down.
 * A signal after that (a stream subscribed to a shut-down broker learns so) runs on a thread of
 * its own.
 */
public final class StreamDelivery implements Executor {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), StreamDelivery::thread);

    private static Thread thread(Runnable task) {
        Thread t = new Thread(task, "sasync-stream-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    @Override
    public void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException shutDown) {
            thread(task).start();
        }
    }

    /** Ends the idle threads now, and each busy one when its delivery is done. */
    public void shutdown() {
        pool.shutdown();
    }
}
