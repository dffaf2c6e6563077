package io.sasync.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a {@link io.sasync.store.PersistentDict} keeps its cache coherent with the other
 * processes (or dicts of the same id) on its database, and how.
 *
 * <pre>{@code
 * PersistentDict<String, Object> users = Stores.dict(broker, "users", Coherence.acrossProcesses());
 * }</pre>
 *
 * <ul>
 *   <li>{@link #off()}, the default: the cache learns nothing of other processes until
 *       {@code refresh()}.</li>
 *   <li>{@link #acrossProcesses()}: every batch of writes, and every atomic operation, tells the
 *       other processes which keys it changed, in its own transaction (so nothing is announced for
 *       a write that rolled back); they drop those keys from their caches, or re-read them into a
 *       preloaded dict's map. On a database whose dialect has
 *       {@link io.sasync.spi.Dialect#changeNotifications() change notifications} (PostgreSQL's
 *       {@code LISTEN}/{@code NOTIFY}) the changes arrive on one connection per broker kept open
 *       for it, outside the pool; elsewhere each dict polls a change counter of its own every
 *       {@link #pollInterval()} and refreshes its whole cache when it moved.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; the {@code with…} methods return a copy.
 */
public final class Coherence {

    /** How often a dict polls its change counter by default: one second. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** The shortest poll interval accepted: 10 ms. */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);

    private static final Coherence OFF = new Coherence(false, false, DEFAULT_POLL_INTERVAL);
    private static final Coherence ON = new Coherence(true, false, DEFAULT_POLL_INTERVAL);

    private final boolean enabled;
    private final boolean pollingOnly;
    private final Duration pollInterval;

    private Coherence(boolean enabled, boolean pollingOnly, Duration pollInterval) {
        this.enabled = enabled;
        this.pollingOnly = pollingOnly;
        this.pollInterval = pollInterval;
    }

    /** @return no coherence: the cache is refreshed only by {@code refresh()} */
    public static Coherence off() {
        return OFF;
    }

    /**
     * @return coherence through the database's change notifications where its dialect has them,
     *         through polling every {@link #DEFAULT_POLL_INTERVAL} elsewhere
     */
    public static Coherence acrossProcesses() {
        return ON;
    }

    /**
     * @param interval how often to poll the change counter where the database has no change
     *                 notifications (or always, with {@link #withPollingOnly()})
     * @return this coherence with that interval
     * @throws IllegalArgumentException when shorter than {@link #MIN_POLL_INTERVAL}
     * @throws IllegalStateException    on {@link #off()}
     */
    public Coherence withPollInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException("poll interval " + interval.toMillis() + " ms is shorter than "
                    + MIN_POLL_INTERVAL.toMillis() + " ms");
        }
        return new Coherence(requireEnabled(), pollingOnly, interval);
    }

    /**
     * @return this coherence, polling the change counter even where the database has change
     *         notifications (for a database reached through a proxy that does not pass them on)
     * @throws IllegalStateException on {@link #off()}
     */
    public Coherence withPollingOnly() {
        return new Coherence(requireEnabled(), true, pollInterval);
    }

    private boolean requireEnabled() {
        if (!enabled) {
            throw new IllegalStateException("coherence is off; start from Coherence.acrossProcesses()");
        }
        return true;
    }

    /** @return whether the dict is kept coherent */
    public boolean enabled() {
        return enabled;
    }

    /** @return whether it polls even where the database has change notifications */
    public boolean pollingOnly() {
        return pollingOnly;
    }

    /** @return how often it polls, where it polls */
    public Duration pollInterval() {
        return pollInterval;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Coherence c && enabled == c.enabled && pollingOnly == c.pollingOnly
                && pollInterval.equals(c.pollInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, pollingOnly, pollInterval);
    }

    @Override
    public String toString() {
        return !enabled ? "Coherence[off]"
                : "Coherence[" + (pollingOnly ? "polling" : "notifications or polling") + ", poll every "
                        + pollInterval.toMillis() + " ms]";
    }
}
