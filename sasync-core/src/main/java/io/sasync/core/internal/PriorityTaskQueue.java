package io.sasync.core.internal;

import io.sasync.BrokerShutdownException;
import io.sasync.DatabaseConfig;
import io.sasync.OverloadException;
import io.sasync.Priority;
import io.sasync.QueueListener;
import io.sasync.QueueStats;
import io.sasync.TaskQueue;
import io.sasync.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TaskQueue}: a heap of {@link QueuedTask}s ordered by {@link QueueOrder}, worker
 * threads that take the most urgent task, and the connection pool of the database.
 *
 * <p>Workers are daemon threads named {@code sasync-<dialect>-worker-N}; there are as many as the
 * pool has connections, or one where the dialect or the config asks for a single connection.
 * The heap holds at most {@link DatabaseConfig#maxPending()} tasks. {@link #shutdown()} refuses
 * new tasks, lets the workers run every queued task, then joins them and closes the pool.
 */
public final class PriorityTaskQueue implements TaskQueue, QueueResources {

    private static final Logger LOG = LoggerFactory.getLogger(PriorityTaskQueue.class);
    private static final AtomicInteger QUEUES = new AtomicInteger();

    private final DatabaseConfig config;
    private final Dialect dialect;
    private final ConnectionPool pool;
    private final StatementCache statements = new StatementCache();
    private final Object ddlLock = new Object();
    private final AtomicInteger busy = new AtomicInteger();
    private final QueueListeners listeners = new QueueListeners();
    private final String name;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final PriorityQueue<QueuedTask<?>> heap = new PriorityQueue<>();
    private long serial;
    private boolean accepting = true;

    private final List<Thread> workers = new ArrayList<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private PriorityTaskQueue(DatabaseConfig config, Dialect dialect) {
        this.config = config;
        this.dialect = dialect;
        this.pool = Pools.create(config, dialect);
        this.name = "sasync-" + dialect.name() + "-" + QUEUES.incrementAndGet();
    }

    /**
     * Makes a queue and starts its workers. No connection is opened until a task asks for one.
     *
     * @param config  the database
     * @param dialect its dialect
     * @return the running queue
     */
    public static PriorityTaskQueue start(DatabaseConfig config, Dialect dialect) {
        PriorityTaskQueue queue = new PriorityTaskQueue(Objects.requireNonNull(config), Objects.requireNonNull(dialect));
        int count = workerCount(config, dialect);
        for (int i = 1; i <= count; i++) {
            Thread t = new Thread(queue::work, "sasync-" + dialect.name() + "-worker-" + i);
            t.setDaemon(true);
            queue.workers.add(t);
        }
        queue.workers.forEach(Thread::start);
        LOG.debug("{} started with {} workers for {}", queue.name, count, config.safeUrl());
        return queue;
    }

    /**
     * One worker where the config says {@code singleConnection}; otherwise the config's explicit
     * {@code workers}, which win over the dialect's wish for one; otherwise one where the dialect
     * says {@code singleConnection()}, or as many as the pool's connections.
     */
    static int workerCount(DatabaseConfig config, Dialect dialect) {
        if (config.singleConnection()) {
            return 1;
        }
        if (config.workers().isPresent()) {
            return config.workers().getAsInt();
        }
        return dialect.singleConnection() ? 1 : config.maxConnections();
    }

    @Override
    public <T> CompletableFuture<T> call(Priority priority, Callable<T> task) {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(task, "task");
        lock.lock();
        try {
            if (!accepting) {
                return CompletableFuture.failedFuture(new BrokerShutdownException(
                        "the task queue of " + config.safeUrl() + " is shut down"));
            }
            if (heap.size() >= config.maxPending()) {
                listeners.taskRefused(priority.band());
                return CompletableFuture.failedFuture(new OverloadException("the task queue of "
                        + config.safeUrl() + " already holds " + heap.size() + " waiting tasks (maxPending="
                        + config.maxPending() + ", workers=" + workers.size() + ")"));
            }
            QueuedTask<T> queued = new QueuedTask<>(task, priority, serial++, config.agingWindow(), this::remove,
                    listeners.isEmpty() ? 0 : System.nanoTime());
            heap.add(queued);
            workAvailable.signal();
            return queued;
        } finally {
            lock.unlock();
        }
    }

    private void remove(QueuedTask<?> task) {
        lock.lock();
        try {
            heap.remove(task);
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            QueuedTask<?> task;
            lock.lock();
            try {
                while (heap.isEmpty() && accepting) {
                    try {
                        workAvailable.await();
                    } catch (InterruptedException e) {
                        // Only shutdown() ends a worker; an interrupt just makes it look again.
                        LOG.debug("{} worker interrupted while idle", name);
                    }
                }
                task = heap.poll();
                if (task == null) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            busy.incrementAndGet();
            try {
                if (task.queuedAt == 0 || listeners.isEmpty()) {
                    task.run();
                } else {
                    listeners.timed(task);
                }
            } finally {
                busy.decrementAndGet();
            }
            // A task that interrupted itself must not leave the flag set for the next one.
            Thread.interrupted();
        }
    }

    @Override
    public DataSource dataSource() {
        return pool.dataSource();
    }

    @Override
    public StatementCache statements() {
        return statements;
    }

    @Override
    public Object ddlLock() {
        return ddlLock;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public DatabaseConfig config() {
        return config;
    }

    @Override
    public int workers() {
        return workers.size();
    }

    @Override
    public Map<Priority.Band, Integer> pendingByBand() {
        Map<Priority.Band, Integer> counts = new EnumMap<>(Priority.Band.class);
        for (Priority.Band band : Priority.Band.values()) {
            counts.put(band, 0);
        }
        lock.lock();
        try {
            for (QueuedTask<?> task : heap) {
                counts.merge(task.band(), 1, Integer::sum);
            }
        } finally {
            lock.unlock();
        }
        return counts;
    }

    @Override
    public void addListener(QueueListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(QueueListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Connection borrow() throws SQLException {
        return listeners.borrowing(pool.dataSource());
    }

    @Override
    public QueueStats stats() {
        int alive = (int) workers.stream().filter(Thread::isAlive).count();
        return new QueueStats(alive, busy.get(), pending(), pool.active(), pool.idle(), pool.max(), pool.waiting());
    }

    @Override
    public int pending() {
        lock.lock();
        try {
            return heap.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        lock.lock();
        try {
            return accepting;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        lock.lock();
        try {
            if (!accepting) {
                return terminated;
            }
            accepting = false;
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        Thread closer = new Thread(this::awaitWorkersAndClose, name + "-closer");
        closer.setDaemon(true);
        closer.start();
        return terminated;
    }

    private void awaitWorkersAndClose() {
        try {
            for (Thread worker : workers) {
                if (worker != Thread.currentThread()) {
                    worker.join();
                }
            }
            statements.close();
            pool.close();
            dialect.afterClose(config);
            LOG.debug("{} shut down", name);
            terminated.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminated.completeExceptionally(e);
        } catch (SQLException | RuntimeException e) {
            terminated.completeExceptionally(e);
        }
    }

    @Override
    public String toString() {
        return name + "{" + config.safeUrl() + ", workers=" + workers.size() + ", pending=" + pending()
                + ", " + stats().describePool() + "}";
    }
}
