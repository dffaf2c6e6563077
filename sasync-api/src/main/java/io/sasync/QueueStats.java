package io.sasync;

/**
 * What a {@link TaskQueue} and its connection pool are doing at one moment: an immutable
 * snapshot, for monitoring, messages and tests of leaks. The figures are read one after the
 * other without a common lock, so under load they need not add up exactly.
 *
 * <pre>{@code
 * QueueStats stats = queue.stats();
 * if (stats.pending() > 1000) log.warn("the database falls behind: {}", stats);
 * }</pre>
 *
 * @param workers          worker threads alive: the queue's worker count while it runs, 0 once
 *                         it has shut down
 * @param busyWorkers      workers running a task now
 * @param pending          tasks waiting for a worker (not counting those running)
 * @param poolActive       pooled connections borrowed now, or -1 when the pool does not say
 * @param poolIdle         connections idle in the pool, or -1
 * @param poolMax          the most connections the pool opens at once, or -1
 * @param waitingBorrowers threads waiting for a pooled connection, or -1
 */
public record QueueStats(int workers, int busyWorkers, int pending, int poolActive, int poolIdle, int poolMax,
                         int waitingBorrowers) {

    /** @return the pool's part, for messages: {@code active=…, idle=…, max=…, waiting=…} */
    public String describePool() {
        return "active=" + poolActive + ", idle=" + poolIdle + ", max=" + poolMax + ", waiting=" + waitingBorrowers;
    }

    @Override
    public String toString() {
        return "workers=" + workers + " (busy " + busyWorkers + "), pending=" + pending + ", pool: " + describePool();
    }
}
