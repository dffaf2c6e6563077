package io.sasync.dialect.derby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@link DerbyDialect#afterClose} really shuts an embedded database down. */
class DerbyShutdownTest {

    private static final Path DIRECTORY = Path.of("target", "derby", "DerbyShutdownTest").toAbsolutePath();

    private final DerbyDialect dialect = new DerbyDialect();

    @Test
    void shutsDownAFileDatabaseAndReleasesItsLock() throws SQLException, IOException {
        String url = "jdbc:derby:directory:" + DIRECTORY;
        dialect.afterClose(DatabaseConfig.of(url));
        DerbyDatabaseTest.deleteRecursively(DIRECTORY);
        try (Connection c = DriverManager.getConnection(url + ";create=true"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (k INTEGER)");
            s.execute("INSERT INTO kept VALUES (42)");
        }
        assertTrue(Files.exists(DIRECTORY.resolve("db.lck")), "a booted database holds its lock file");

        dialect.afterClose(DatabaseConfig.builder(url + ";create=true").driverProperty("create", "true").build());

        assertFalse(Files.exists(DIRECTORY.resolve("db.lck")), "a clean shutdown removes the lock file");
        assertNotBooted(url);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT k FROM kept")) {
            assertTrue(rs.next(), "the database reboots with its data");
            assertEquals(42, rs.getInt(1));
        }
        dialect.afterClose(DatabaseConfig.of(url));
        assertNotBooted(url);
    }

    @Test
    void shutsDownAnInMemoryDatabaseBehindAProxyPrefix() throws SQLException {
        String url = "jdbc:derby:memory:DerbyShutdownTest";
        try (Connection c = DriverManager.getConnection(url + ";create=true")) {
            assertTrue(c.isValid(5));
        }
        dialect.afterClose(DatabaseConfig.of("jdbc:p6spy:derby:memory:DerbyShutdownTest;create=true"));
        assertNotBooted(url);
        dialect.afterClose(DatabaseConfig.of(url));
        SQLException dropped = assertThrows(SQLException.class, () -> DriverManager.getConnection(url + ";drop=true"));
        assertEquals("08006", dropped.getSQLState());
    }

    @Test
    void leavesWhatItDoesNotOwnAlone() {
        dialect.afterClose(DatabaseConfig.of("jdbc:derby://localhost:1/not-contacted"));
        dialect.afterClose(DatabaseConfig.of("jdbc:derby:memory:neverBooted"));
        dialect.afterClose(DatabaseConfig.of("jdbc:h2:mem:other"));
    }

    /** Shutting down again answers "not found" only when the database is not booted. */
    private static void assertNotBooted(String url) {
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url + ";shutdown=true"));
        assertEquals("XJ004", e.getSQLState(), e::toString);
    }
}
