package io.sasync;

/**
 * What a broker has done since it was made: counts that only grow, for monitoring (rates come
 * from two snapshots), and the streams open now. A call is counted once, when it ends, by how it
 * ended; calls nested in another's work are part of that call.
 *
 * @param committed          calls whose transaction committed (or whose auto-commit work ended)
 * @param rolledBack         calls rolled back because the work threw or the database refused a
 *                           statement ({@link WorkFailedException}, {@link SqlRefusedException},
 *                           {@link TransactionCancelledException})
 * @param retried            attempts run again after a retryable failure
 * @param timedOut           calls whose timeout expired ({@link TransactionTimeoutException})
 * @param cancelled          calls their caller cancelled
 * @param outcomeUnknown     calls whose connection was lost during the commit
 *                           ({@link OutcomeUnknownException})
 * @param connectionFailures calls that got no connection or lost it ({@link ConnectionFailureException})
 * @param streamsOpen        streams subscribed and not yet ended
 * @param streamRows         rows delivered to stream subscribers
 * @param streamsCancelled   streams their subscriber cancelled
 */
public record BrokerStats(long committed, long rolledBack, long retried, long timedOut, long cancelled,
                          long outcomeUnknown, long connectionFailures, long streamsOpen, long streamRows,
                          long streamsCancelled) {
}
