package io.sasync.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pooled connection a worker keeps between its transactions, so that a transaction that
 * follows another one moments later neither borrows from the pool nor waits for the pool's
 * validation (a round trip on a networked database).
 *
 * <p>A kept connection is trusted for {@link #TRUSTED_FOR} after its last transaction ended; an
 * older one goes back to the pool and the transaction borrows, so that the pool validates what
 * it hands out. A trusted connection the server has killed meanwhile fails the transaction's
 * first statement; {@link TransactionRunner} then discards it and runs the transaction once more
 * on a validated connection. Only the worker thread that owns it touches it.
 */
final class KeptConnection {

    private static final Logger LOG = LoggerFactory.getLogger(KeptConnection.class);

    /** How long after its last transaction a kept connection is handed out without validation. */
    static final Duration TRUSTED_FOR = Duration.ofMillis(500);

    /** How long an idle worker keeps its connection before giving it back to the pool. */
    static final Duration KEPT_FOR = Duration.ofSeconds(1);

    private static final long TRUSTED_NANOS = TRUSTED_FOR.toNanos();

    /** Where connections come from when none is kept, or the kept one is too old. */
    @FunctionalInterface
    interface Pool {
        /**
         * @return a connection of the pool, validated by it
         * @throws SQLException when none can be had
         */
        Connection borrow() throws SQLException;
    }

    private final BooleanSupplier poolWanted;
    private final LongSupplier clock;
    /** Written by the owning worker only; read by others for the queue's figures. */
    private volatile Connection connection;
    private long lastUsed;

    /**
     * @param poolWanted whether someone waits for the pool now: then a connection whose
     *                   transaction has ended goes back to the pool instead of being kept
     */
    KeptConnection(BooleanSupplier poolWanted) {
        this(poolWanted, System::nanoTime);
    }

    /**
     * @param poolWanted as above
     * @param clock      nanoseconds, as {@link System#nanoTime()}
     */
    KeptConnection(BooleanSupplier poolWanted, LongSupplier clock) {
        this.poolWanted = poolWanted;
        this.clock = clock;
    }

    /**
     * @param pool  the pool to borrow from when no trusted connection is kept
     * @param trust whether a recently used kept connection may be handed out unvalidated
     * @return the connection for one transaction, to be {@link Lease#end ended} when it is over
     * @throws SQLException when the pool has none to give
     */
    Lease lease(Pool pool, boolean trust) throws SQLException {
        Connection kept = connection;
        connection = null;
        if (kept != null) {
            if (trust && clock.getAsLong() - lastUsed < TRUSTED_NANOS) {
                return new Lease(kept, this, true);
            }
            close(kept); // the pool validates it when it hands it out again
        }
        return new Lease(pool.borrow(), this, false);
    }

    /** @return whether a connection is kept now */
    boolean isHeld() {
        return connection != null;
    }

    /** @return 1 while a connection is kept, else 0: for the queue's figures, read from any thread */
    int held() {
        return connection == null ? 0 : 1;
    }

    /** Gives the kept connection, if any, back to the pool. */
    void release() {
        Connection kept = connection;
        connection = null;
        if (kept != null) {
            close(kept);
        }
    }

    private void keep(Connection c) {
        if (poolWanted.getAsBoolean()) {
            close(c);
            return;
        }
        connection = c;
        lastUsed = clock.getAsLong();
    }

    static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // The pool discards a connection it cannot take back; nothing is lost for the caller.
            LOG.debug("returning a connection failed", e);
        }
    }

    /**
     * A connection lent to one transaction: by a worker's {@link KeptConnection}, or by the pool
     * alone when the transaction does not run on a worker that keeps connections.
     *
     * @param connection the connection
     * @param keeper     who keeps it afterwards, or {@code null} to give it back to the pool
     * @param trusted    whether it was handed out without the pool's validation
     */
    record Lease(Connection connection, KeptConnection keeper, boolean trusted) {

        /**
         * @param connection a connection borrowed from the pool
         * @return a lease that gives it back to the pool when it ends
         */
        static Lease once(Connection connection) {
            return new Lease(connection, null, false);
        }

        /**
         * Ends the transaction's use of the connection.
         *
         * @param keep whether the worker may keep it for its next transaction (the transaction
         *             ended normally); otherwise, or when someone waits for the pool, it goes back
         *             to the pool
         */
        void end(boolean keep) {
            if (keep && keeper != null) {
                keeper.keep(connection);
            } else {
                close(connection);
            }
        }
    }
}
