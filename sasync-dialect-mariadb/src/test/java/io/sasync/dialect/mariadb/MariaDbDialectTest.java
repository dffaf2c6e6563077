package io.sasync.dialect.mariadb;

import static io.sasync.testkit.DialectTesting.assertFoundOnceByServiceLoader;
import static io.sasync.testkit.DialectTesting.assertRefusesUnportableKeyText;
import static io.sasync.testkit.DialectTesting.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.TableSpec;
import io.sasync.spi.Upsert;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The MariaDB dialect's identity, discovery, generated SQL and name limits, without a server. */
class MariaDbDialectTest {

    private final MariaDbDialect dialect = new MariaDbDialect();

    @Test
    void identity() {
        assertEquals("mariadb", dialect.name());
        assertTrue(dialect.supportsUrl("jdbc:mariadb://127.0.0.1:3306/app"));
        assertTrue(dialect.supportsUrl("jdbc:p6spy:mariadb://localhost/app"));
        assertFalse(dialect.supportsUrl("jdbc:mysql://localhost/app"), "MySQL is not claimed");
        assertFalse(dialect.supportsUrl("jdbc:postgresql://localhost/mariadb"));
        assertFalse(dialect.singleConnection());
    }

    @Test
    void foundByServiceLoader() {
        assertFoundOnceByServiceLoader(MariaDbDialect.class, "mariadb");
    }

    @Test
    void quotesWithBackticksOnlyWhereNeeded() {
        assertEquals("people", dialect.quote("people"));
        assertEquals("`select`", dialect.quote("select"));
        assertEquals("`count`", dialect.quote("count"), "parsed as the function where a ( follows");
        assertEquals("`Mixed Case`", dialect.quote("Mixed Case"));
        assertEquals("`it's ``odd```", dialect.quote("it's `odd`"));
    }

    @Test
    void createTableSql() {
        assertEquals("CREATE TABLE IF NOT EXISTS people (id BIGINT NOT NULL AUTO_INCREMENT, "
                        + "name VARCHAR(40) NOT NULL, `value` DECIMAL(12,2), "
                        + "`Mixed Case` LONGTEXT, photo LONGBLOB, born DATE, seen DATETIME(6), "
                        + "ok BOOLEAN, n INTEGER, big BIGINT, d DOUBLE, PRIMARY KEY (id))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin",
                dialect.createTable(sample()));
        TableSpec loose = TableSpec.builder("loose")
                .column(new Column("id", ColumnType.BIGINT, 0, 0, false, false, true))
                .build();
        assertThrows(IllegalArgumentException.class, () -> dialect.createTable(loose));
    }

    @Test
    void anIndexOnTextIsRefusedClearly() {
        TableSpec people = sample();
        assertEquals("CREATE UNIQUE INDEX IF NOT EXISTS people_name ON people (name)",
                dialect.createIndex(people, people.indexes().get(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dialect.createIndex(people, people.indexes().get(1)));
        assertTrue(e.getMessage().contains("Mixed Case"), e.getMessage());
    }

    @Test
    void upsertSql() {
        Upsert upsert = dialect.upsert(sample(), List.of("name"), List.of("value", "born"));
        assertEquals("INSERT INTO people (name, `value`, born) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
                + "`value` = VALUES(`value`), born = VALUES(born)", upsert.sql());
        assertEquals(List.of(0, 1, 2), upsert.parameters());
        assertEquals("INSERT INTO people (name, born) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = name",
                dialect.upsert(sample(), List.of("name", "born"), List.of()).sql());
    }

    @Test
    void namesMariaDbRefusesAreReportedBeforeAnySql() {
        assertEquals(Optional.empty(), dialect.identifierProblem("x".repeat(64)));
        assertTrue(dialect.identifierProblem("x".repeat(65)).orElseThrow().contains("at most 64"));
        assertTrue(dialect.identifierProblem("é".repeat(65)).isPresent(), "characters, not bytes, are counted");
        assertTrue(dialect.identifierProblem("rocket\uD83D\uDE80").orElseThrow().contains("Basic Multilingual Plane"));
        assertTrue(dialect.identifierProblem("name ").orElseThrow().contains("ends with a space"));
        assertEquals(Optional.empty(), dialect.identifierProblem(" a/b.c'\"`"));
    }

    @Test
    void classifiesByErrorCode() {
        assertTrue(dialect.isDuplicateKey(new SQLException("Duplicate entry", "23000", 1062)));
        assertFalse(dialect.isDuplicateKey(new SQLException("Column cannot be null", "23000", 1048)));
        assertTrue(dialect.isObjectExists(new SQLException("Duplicate key name", "42000", 1061)));
        assertTrue(dialect.isRetryable(new SQLException("outer", "HY000", new SQLException("Deadlock", "40001", 1213))));
        assertTrue(dialect.isRetryable(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
        assertTrue(dialect.isConnectionFailure(new SQLException("Connection was killed", "70100", 1927)));
        assertFalse(dialect.isCancelled(new SQLException("Connection was killed", "70100", 1927)));
        assertTrue(dialect.isCancelled(new SQLException("Query execution was interrupted", "70100", 1317)));
        assertTrue(dialect.isConnectionFailure(new SQLException("Unknown database", "42000", 1049)));
    }

    @Test
    void keyTextRefusesOnlyWhatIsNotPortable() {
        assertRefusesUnportableKeyText(dialect);
        assertEquals(Optional.empty(), dialect.keyTextProblem("a "), "the no-pad collation keeps trailing spaces");
    }
}
