package io.sasync.core.internal;

import io.sasync.Priority;
import io.sasync.StatementListener;
import io.sasync.StatementListener.Kind;
import io.sasync.StatementListener.StatementEvent;
import io.sasync.StatementListener.StatementResult;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a broker's {@link StatementListener}s about the statements of one transaction or stream.
 * Made only when there are listeners: without, a session has none and measures nothing.
 */
final class StatementObserver {

    private static final Logger LOG = LoggerFactory.getLogger(StatementObserver.class);
    private static final AtomicLong TRANSACTIONS = new AtomicLong();

    /** A statement's run, as the session performs it. */
    @FunctionalInterface
    interface Execution<R> {
        R run() throws SQLException;
    }

    private final List<StatementListener> listeners;
    private final Priority priority;
    private final long transaction = TRANSACTIONS.incrementAndGet();
    private final String work;

    private StatementObserver(List<StatementListener> listeners, Priority priority, String work) {
        this.listeners = listeners;
        this.priority = priority;
        this.work = work;
    }

    /**
     * @param listeners the broker's listeners
     * @param priority  the transaction's priority
     * @param work      how the work names itself
     * @return an observer of one transaction, or {@code null} when there are no listeners
     */
    static StatementObserver of(List<StatementListener> listeners, Priority priority, String work) {
        return listeners.isEmpty() ? null : new StatementObserver(listeners, priority, work);
    }

    /**
     * Runs a statement between the listeners' calls.
     *
     * @param kind       the kind of statement
     * @param sql        its SQL
     * @param parameters the values bound to it, or {@code null} for none listed (a batch)
     * @param batchSize  its rows of parameters, 1 unless a batch
     * @param rows       how many rows its result stands for
     * @param execution  runs it
     * @param <R>        its result
     * @return its result
     * @throws SQLException what it threw
     */
    <R> R observe(Kind kind, String sql, Object[] parameters, int batchSize, ToLongFunction<R> rows,
                  Execution<R> execution) throws SQLException {
        List<Object> values = parameters == null ? List.of() : Collections.unmodifiableList(Arrays.asList(parameters.clone()));
        StatementEvent event = new StatementEvent(sql, values, batchSize, kind, priority, transaction, work);
        Object[] tokens = new Object[listeners.size()];
        for (int i = 0; i < tokens.length; i++) {
            try {
                tokens[i] = listeners.get(i).beforeStatement(event);
            } catch (RuntimeException e) {
                LOG.warn("statement listener {} failed before a statement; ignored", listeners.get(i), e);
            }
        }
        long start = System.nanoTime();
        R result;
        try {
            result = execution.run();
        } catch (SQLException | RuntimeException e) {
            after(event, tokens, new StatementResult(Duration.ofNanos(System.nanoTime() - start), -1, e));
            throw e;
        }
        after(event, tokens, new StatementResult(Duration.ofNanos(System.nanoTime() - start), rows.applyAsLong(result), null));
        return result;
    }

    private void after(StatementEvent event, Object[] tokens, StatementResult result) {
        for (int i = 0; i < tokens.length; i++) {
            try {
                listeners.get(i).afterStatement(event, tokens[i], result);
            } catch (RuntimeException e) {
                LOG.warn("statement listener {} failed after a statement; ignored", listeners.get(i), e);
            }
        }
    }

    /** @return the rows a batch changed in all, or -1 when the driver did not say for some */
    static long batchRows(int[] counts) {
        long total = 0;
        for (int c : counts) {
            if (c < 0) {
                return -1;
            }
            total += c;
        }
        return total;
    }
}
