package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness of the high-availability tests: a primary with a synchronous standby, streaming. */
class PostgresStandbyPairTest {

    private static OwnedStandbyPair pair;

    @BeforeAll
    static void createPair() throws Exception {
        pair = OwnedStandbyPair.create();
    }

    @AfterAll
    static void removePair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aCommitOnThePrimaryIsOnTheStandbyWhenItReturns() throws Exception {
        try (Connection primary = pair.primary().connect(); Statement s = primary.createStatement()) {
            assertFalse(inRecovery(primary));
            s.execute("CREATE TABLE pair_smoke (id INTEGER PRIMARY KEY)");
            s.execute("INSERT INTO pair_smoke VALUES (1), (2), (3)");
            try (ResultSet rs = s.executeQuery("SELECT sync_state FROM pg_stat_replication WHERE application_name = '"
                    + OwnedStandbyPair.STANDBY_NAME + "'")) {
                assertTrue(rs.next());
                assertEquals("sync", rs.getString(1));
            }
        }
        try (Connection standby = pair.standby().connect()) {
            assertTrue(inRecovery(standby), "the standby is in recovery");
        }
        // synchronous_commit = on waits for the standby's flush, not its replay: wait for the replay.
        pair.standby().awaitCount("SELECT COUNT(*) FROM pg_class WHERE relname = 'pair_smoke'", "the table shows");
        pair.standby().awaitCount("SELECT COUNT(*) FROM pair_smoke HAVING COUNT(*) = 3", "the rows show");
    }

    static boolean inRecovery(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
