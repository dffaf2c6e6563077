package io.sasync.store;

import java.time.Duration;

/**
 * What a {@link PersistentDict}'s write-behind is doing: the writes not yet committed now, and
 * counts that only grow, for monitoring.
 *
 * @param unwritten           entries written to the cache and not yet committed (waiting, or in
 *                            the batch being written)
 * @param oldestUnwritten     how long the oldest of them has waited: the write-behind lag; zero
 *                            when nothing waits
 * @param waitingForDatabase  whether the batch in flight could not reach the database and waits to
 *                            be tried again, or is parked
 * @param parked              whether a closing dict gave up trying and keeps its writes for a
 *                            later {@code flush()} or {@code shutdown()}
 * @param batches             batches committed
 * @param entriesWritten      entries those batches wrote (their sizes added up)
 * @param failedBatches       batches that failed for good (their writes' futures failed)
 * @param unreachableAttempts attempts of a batch that could not reach the database
 */
public record WriteBehindStats(int unwritten, Duration oldestUnwritten, boolean waitingForDatabase, boolean parked,
                               long batches, long entriesWritten, long failedBatches, long unreachableAttempts) {
}
