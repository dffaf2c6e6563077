package io.sasync.tests;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A primary and its synchronous streaming standby, both {@link OwnedPostgresCluster clusters of
 * the test's own}: every commit on the primary waits until the standby has it
 * ({@code synchronous_standby_names} names the standby, {@code synchronous_commit = on}), so a
 * standby promoted after the primary died holds every acknowledged commit.
 *
 * <pre>{@code
 * try (OwnedStandbyPair pair = OwnedStandbyPair.create()) {
 *     DatabaseConfig config = DatabaseConfig.builder(pair.failoverUrl("postgres")).user("postgres").build();
 *     pair.primary().crash();
 *     pair.standby().promote();   // the same URL now reaches the new primary
 * }                               // both removed
 * }</pre>
 */
final class OwnedStandbyPair implements AutoCloseable {

    /** The standby's {@code application_name}, as the primary's {@code synchronous_standby_names} names it. */
    static final String STANDBY_NAME = "sasync_standby";

    /** How long a standby may take to catch up and stream, and to become synchronous. */
    static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(60);

    private final OwnedPostgresCluster primary;
    private final OwnedPostgresCluster standby;

    private OwnedStandbyPair(OwnedPostgresCluster primary, OwnedPostgresCluster standby) {
        this.primary = primary;
        this.standby = standby;
    }

    /**
     * Creates a primary, a standby by base backup, and makes the standby synchronous; returns
     * once the primary reports it streaming with {@code sync_state = sync}. Removes what it made
     * if any step fails. Skips the calling test where that cannot be done here, as
     * {@link OwnedPostgresCluster#assumeStandbysAvailable()} says.
     *
     * @return the running pair
     */
    static OwnedStandbyPair create() throws IOException, SQLException, InterruptedException {
        OwnedPostgresCluster.assumeStandbysAvailable();
        OwnedPostgresCluster primary = OwnedPostgresCluster.create();
        try {
            OwnedPostgresCluster standby = OwnedPostgresCluster.createStandby(primary, STANDBY_NAME,
                    REPLICATION_TIMEOUT);
            OwnedStandbyPair pair = new OwnedStandbyPair(primary, standby);
            try {
                primary.synchronousStandby(STANDBY_NAME);
                primary.awaitReplication(STANDBY_NAME, "sync", REPLICATION_TIMEOUT);
                return pair;
            } catch (SQLException | InterruptedException | RuntimeException e) {
                pair.close();
                throw e;
            }
        } catch (IOException | SQLException | InterruptedException | RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /** @return the primary */
    OwnedPostgresCluster primary() {
        return primary;
    }

    /** @return the standby */
    OwnedPostgresCluster standby() {
        return standby;
    }

    /**
     * @param database the database
     * @return a URL naming both servers, which connects to whichever of them is the primary
     *         ({@code targetServerType=primary})
     */
    String failoverUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port() + "/" + database
                + "?targetServerType=primary";
    }

    /** Removes both clusters. */
    @Override
    public void close() {
        try {
            standby.close();
        } finally {
            primary.close();
        }
    }

    @Override
    public String toString() {
        return "primary " + primary + " with standby " + standby;
    }
}
