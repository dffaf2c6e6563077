package io.sasync.core.internal;

import io.sasync.DatabaseConfig;
import java.util.concurrent.Executor;

/**
 * Where brokers complete the futures they return when no thread waits for them (see
 * {@link OffWorkerFuture}): the config's {@link DatabaseConfig#callbackExecutor()}, or
 * {@link #DEFAULT}.
 */
public final class Callbacks {

    /** The default, shared by the process: {@link CallbackThreads}. */
    public static final Executor DEFAULT = new CallbackThreads();

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
