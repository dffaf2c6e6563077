package io.sasync.core.internal;

import io.sasync.DatabaseConfig;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where brokers complete the futures they return when no thread waits for them (see
 * {@link OffWorkerFuture}): the config's {@link DatabaseConfig#callbackExecutor()}, or
 * {@link #DEFAULT}.
 */
public final class Callbacks {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * The default: one {@link ForkJoinPool} for the process, of daemon threads named
     * {@code sasync-callback-N}, as many as there are processors (at least two), in FIFO mode.
     * A continuation that blocks in {@code join()} or {@code get()} of a {@code CompletableFuture}
     * makes the pool add a thread meanwhile (its managed blocking), so continuations waiting on
     * each other do not starve it. Idle threads end after a minute.
     */
    public static final Executor DEFAULT = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
            pool -> {
                ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                t.setName("sasync-callback-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, null, true);

    private Callbacks() {
    }

    /**
     * @param config a broker's config, or {@code null} for a broker on the global queue
     * @return where that broker completes its futures
     */
    public static Executor of(DatabaseConfig config) {
        return config == null ? DEFAULT : config.callbackExecutor().orElse(DEFAULT);
    }
}
