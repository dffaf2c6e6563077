package io.sasync.dialect.h2;

import static io.sasync.testkit.DialectTesting.update;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What only H2 shows, against a real in-memory H2 database over plain JDBC: a database shut down
 * under a connection. What every dialect must do is proved by the kit's contracts
 * ({@link H2MemoryContractsTest}, {@link H2FileContractsTest}), deadlocks, lock timeouts and a
 * missing database included.
 */
class H2DatabaseTest {

    private final H2Dialect dialect = new H2Dialect();

    @Test
    void aClosedDatabaseIsAConnectionFailure() throws SQLException {
        String closing = "jdbc:h2:mem:closing-" + UUID.randomUUID();
        try (Connection first = DriverManager.getConnection(closing); Connection second = DriverManager.getConnection(closing)) {
            update(first, "SHUTDOWN");
            SQLException closed = assertThrows(SQLException.class, () -> update(second, "CREATE TABLE t (x INT)"));
            assertTrue(dialect.isConnectionFailure(closed), closed.toString());
        }
    }
}
