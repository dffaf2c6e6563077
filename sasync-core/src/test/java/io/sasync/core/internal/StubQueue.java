package io.sasync.core.internal;

import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.QueueListener;
import io.sasync.QueueStats;
import io.sasync.TaskQueue;
import io.sasync.spi.Dialect;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/** A queue of a data source the test controls: each task runs on a thread of its own. */
class StubQueue implements TaskQueue {

    private final DataSource dataSource;
    private final Dialect dialect = new StubDialect(false);

    StubQueue(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> CompletableFuture<T> call(Priority priority, Callable<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Executors.defaultThreadFactory().newThread(() -> {
            try {
                future.complete(task.call());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }).start();
        return future;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public DatabaseConfig config() {
        return DatabaseConfig.of("jdbc:stub:queue");
    }

    @Override
    public int workers() {
        return 1;
    }

    @Override
    public int pending() {
        return 0;
    }

    @Override
    public QueueStats stats() {
        return new QueueStats(1, 0, 0, -1, -1, -1, -1);
    }

    @Override
    public Map<Priority.Band, Integer> pendingByBand() {
        return Map.of();
    }

    @Override
    public void addListener(QueueListener listener) {
    }

    @Override
    public void removeListener(QueueListener listener) {
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return CompletableFuture.completedFuture(null);
    }
}
