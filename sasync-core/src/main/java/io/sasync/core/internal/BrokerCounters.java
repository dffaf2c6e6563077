package io.sasync.core.internal;

import io.sasync.BrokerStats;
import io.sasync.ConnectionFailureException;
import io.sasync.OutcomeUnknownException;
import io.sasync.TransactionException;
import io.sasync.TransactionTimeoutException;
import io.sasync.spi.SqlStates;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.LongAdder;

/** What a broker counts of its calls and streams, for {@link BrokerStats}. Thread-safe. */
public final class BrokerCounters {

    private final LongAdder committed = new LongAdder();
    private final LongAdder rolledBack = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder outcomeUnknown = new LongAdder();
    private final LongAdder connectionFailures = new LongAdder();
    private final LongAdder streamsOpened = new LongAdder();
    private final LongAdder streamsEnded = new LongAdder();
    private final LongAdder streamRows = new LongAdder();
    private final LongAdder streamsCancelled = new LongAdder();

    /**
     * Counts a call by how it ended; failures that are not the transaction's (the broker refused
     * the call, or could not start) are not counted.
     *
     * @param failure why it failed, or {@code null} when it committed
     */
    void callEnded(Throwable failure) {
        Throwable t = SqlStates.unwrap(failure);
        if (t == null) {
            committed.increment();
        } else if (t instanceof CancellationException) {
            cancelled.increment();
        } else if (t instanceof TransactionTimeoutException) {
            timedOut.increment();
        } else if (t instanceof OutcomeUnknownException) {
            outcomeUnknown.increment();
        } else if (t instanceof ConnectionFailureException) {
            connectionFailures.increment();
        } else if (t instanceof TransactionException) {
            rolledBack.increment();
        }
    }

    void retried() {
        retried.increment();
    }

    void streamOpened() {
        streamsOpened.increment();
    }

    void streamEnded(boolean byCancel) {
        streamsEnded.increment();
        if (byCancel) {
            streamsCancelled.increment();
        }
    }

    void rowsDelivered(long rows) {
        streamRows.add(rows);
    }

    /** @return the counts now */
    public BrokerStats stats() {
        return new BrokerStats(committed.sum(), rolledBack.sum(), retried.sum(), timedOut.sum(), cancelled.sum(),
                outcomeUnknown.sum(), connectionFailures.sum(), streamsOpened.sum() - streamsEnded.sum(),
                streamRows.sum(), streamsCancelled.sum());
    }
}
