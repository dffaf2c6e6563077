package io.sasync.core.internal;

import io.sasync.Priority;
import io.sasync.QueueListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link QueueListener}s of a {@link PriorityTaskQueue}, and the measurements they are told
 * of. With none, nothing is measured.
 */
final class QueueListeners {

    private static final Logger LOG = LoggerFactory.getLogger(QueueListeners.class);

    private final List<QueueListener> listeners = new CopyOnWriteArrayList<>();

    void add(QueueListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(QueueListener listener) {
        listeners.remove(listener);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** Runs a task on the calling worker, telling how long it waited and ran. */
    void timed(QueuedTask<?> task) {
        long started = System.nanoTime();
        Duration waited = Duration.ofNanos(started - task.queuedAt);
        tell(l -> l.taskStarted(task.band(), waited));
        try {
            task.run();
        } finally {
            Duration ran = Duration.ofNanos(System.nanoTime() - started);
            tell(l -> l.taskFinished(task.band(), ran));
        }
    }

    void taskRefused(Priority.Band band) {
        if (!listeners.isEmpty()) {
            tell(l -> l.taskRefused(band));
        }
    }

    /** Borrows a connection, telling how long it took. */
    Connection borrowing(DataSource pool) throws SQLException {
        if (listeners.isEmpty()) {
            return pool.getConnection();
        }
        long start = System.nanoTime();
        Connection connection = pool.getConnection();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        tell(l -> l.connectionBorrowed(took));
        return connection;
    }

    private void tell(Consumer<QueueListener> event) {
        for (QueueListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("queue listener {} failed; ignored", listener, e);
            }
        }
    }
}
