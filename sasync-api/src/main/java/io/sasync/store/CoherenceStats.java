package io.sasync.store;

import java.time.Duration;

/**
 * What keeps a coherent {@link PersistentDict} up to date with the other processes on its
 * database: counts that only grow, for monitoring. All zero for a dict that is not coherent.
 *
 * @param mode                   how changes are learnt: {@code "off"}, {@code "notifications"} or
 *                               {@code "polling"}; {@code "starting"} for a coherent dict not yet
 *                               used (it starts listening or polling at its first call), or whose
 *                               first attempt to listen failed
 * @param listening              whether changes are being learnt now: the listening connection is
 *                               open (notifications), or the last poll succeeded (polling)
 * @param notifications          changes of other processes received for this dict (notifications,
 *                               or polls that found the change counter moved)
 * @param keysRefreshed          keys re-read or dropped from the cache because another process
 *                               changed them
 * @param fullRefreshes          times the whole cache was refreshed: a change too large to name its
 *                               keys, a clear, a poll that found a change, or a reconnection
 * @param reconnects             times the listening connection was opened again after it was lost
 * @param lastStaleness          how long after the sending process committed (by its clock) the
 *                               last notification was applied; zero when none was, or when polling
 * @param maxStaleness           the longest of those
 */
public record CoherenceStats(String mode, boolean listening, long notifications, long keysRefreshed,
                             long fullRefreshes, long reconnects, Duration lastStaleness, Duration maxStaleness) {

    /** The figures of a dict that is not coherent. */
    public static final CoherenceStats OFF = new CoherenceStats("off", false, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO);
}
