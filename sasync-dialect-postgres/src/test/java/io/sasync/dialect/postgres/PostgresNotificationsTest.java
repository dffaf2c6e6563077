package io.sasync.dialect.postgres;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The channel names PostgreSQL's notifications accept, checked before any connection is used. */
class PostgresNotificationsTest {

    private final PostgresNotifications notifications = new PostgresNotifications();

    @Test
    void aChannelIsALowerCaseIdentifierOfAtMost63Characters() {
        for (String channel : new String[] {"Sasync_changes", "1changes", "sasync-changes", "", "a".repeat(64)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> notifications.listen(null, channel), channel);
            assertTrue(e.getMessage().contains("lower-case"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> notifications.send(null, channel, "x"), channel);
        }
    }
}
