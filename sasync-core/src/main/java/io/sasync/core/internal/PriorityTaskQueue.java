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

    private final List<Worker> workers = new ArrayList<>();
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
            Worker t = new Worker(queue, "sasync-" + dialect.name() + "-worker-" + i);
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

    /** A worker thread, with the connection it keeps between transactions. */
    private static final class Worker extends Thread {
        final PriorityTaskQueue queue;
        final KeptConnection kept;

        Worker(PriorityTaskQueue queue, String name) {
            super(name);
            this.queue = queue;
            this.kept = new KeptConnection(() -> queue.pool.waiting() != 0);
        }

        @Override
        public void run() {
            try {
                queue.work(kept);
            } finally {
                kept.release();
            }
        }
    }

    private void work(KeptConnection kept) {
        while (true) {
            QueuedTask<?> task = take(kept.isHeld());
            if (task == null) {
                // Idle for a while, or shut down: the kept connection goes back to the pool.
                kept.release();
                if (isDrained()) {
                    return;
                }
                continue;
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

    /**
     * @param holding whether the worker keeps a connection: then it waits for work at most
     *                {@link KeptConnection#KEPT_FOR}
     * @return the most urgent task, or {@code null} when the queue is shut down and empty, or
     *         when a worker holding a connection found no work in time
     */
    private QueuedTask<?> take(boolean holding) {
        long left = KeptConnection.KEPT_FOR.toNanos();
        lock.lock();
        try {
            while (heap.isEmpty() && accepting) {
                if (holding && left <= 0) {
                    return null;
                }
                try {
                    if (holding) {
                        left = workAvailable.awaitNanos(left);
                    } else {
                        workAvailable.await();
                    }
                } catch (InterruptedException e) {
                    // Only shutdown() ends a worker; an interrupt just makes it look again.
                    LOG.debug("{} worker interrupted while idle", name);
                }
            }
            return heap.poll();
        } finally {
            lock.unlock();
        }
    }

    private boolean isDrained() {
        lock.lock();
        try {
            return !accepting && heap.isEmpty();
        } finally {
            lock.unlock();
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
        Worker worker = ownWorker();
        if (worker != null) {
            worker.kept.release();
        }
        return listeners.borrowing(pool.dataSource());
    }

    /**
     * Workers keep their connection only where the pool tells whether anyone waits for it (the
     * DBCP2 pool the queue makes, not an application's own pool).
     */
    @Override
    public KeptConnection.Lease lease(boolean trust) throws SQLException {
        Worker worker = ownWorker();
        if (worker == null || pool.waiting() < 0) {
            return KeptConnection.Lease.once(borrow());
        }
        return worker.kept.lease(() -> listeners.borrowing(pool.dataSource()), trust);
    }

    /** @return the calling thread when it is one of this queue's workers, else {@code null} */
    private Worker ownWorker() {
        return Thread.currentThread() instanceof Worker worker && worker.queue == this ? worker : null;
    }

    @Override
    public QueueStats stats() {
        int alive = (int) workers.stream().filter(Thread::isAlive).count();
        // A connection a worker keeps between transactions counts as idle, as it would in the pool.
        int kept = workers.stream().mapToInt(worker -> worker.kept.held()).sum();
        int active = pool.active();
        return new QueueStats(alive, busy.get(), pending(), active < 0 ? active : Math.max(0, active - kept),
                active < 0 ? pool.idle() : pool.idle() + kept, pool.max(), pool.waiting());
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
