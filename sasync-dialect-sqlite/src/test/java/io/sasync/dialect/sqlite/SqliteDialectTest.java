package io.sasync.dialect.sqlite;

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
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SQLite dialect's identity, discovery, generated SQL and date text, without a database. */
class SqliteDialectTest {

    private final SqliteDialect dialect = new SqliteDialect();

    @Test
    void identity() {
        assertEquals("sqlite", dialect.name());
        assertTrue(dialect.supportsUrl("jdbc:sqlite:/var/app/app.db"));
        assertTrue(dialect.supportsUrl("jdbc:sqlite::memory:"));
        assertTrue(dialect.supportsUrl("jdbc:p6spy:sqlite:app.db"));
        assertFalse(dialect.supportsUrl("jdbc:h2:mem:sqlite"));
        assertTrue(dialect.singleConnection(), "one writer at a time");
        assertEquals("journal_mode=WAL;busy_timeout=5000", dialect.poolDefaults().get("connectionProperties"));
    }

    @Test
    void foundByServiceLoader() {
        assertFoundOnceByServiceLoader(SqliteDialect.class, "sqlite");
    }

    @Test
    void createTableSql() {
        assertEquals("CREATE TABLE IF NOT EXISTS people (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "name VARCHAR(40) NOT NULL, \"value\" DECIMAL(12,2), "
                        + "\"Mixed Case\" TEXT, photo BLOB, born DATE, seen TIMESTAMP, "
                        + "ok BOOLEAN, n INTEGER, big BIGINT, d DOUBLE PRECISION)",
                dialect.createTable(sample()));
        TableSpec twoKeys = TableSpec.builder("two")
                .column(Column.identity("id"))
                .column(Column.of("k", ColumnType.INTEGER).asPrimaryKey())
                .build();
        assertThrows(IllegalArgumentException.class, () -> dialect.createTable(twoKeys),
                "SQLite generates only an INTEGER PRIMARY KEY");
    }

    @Test
    void upsertSql() {
        assertEquals("INSERT INTO people (name, \"value\") VALUES (?, ?) ON CONFLICT (name) "
                + "DO UPDATE SET \"value\" = EXCLUDED.\"value\"",
                dialect.upsert(sample(), List.of("name"), List.of("value")).sql());
    }

    @Test
    void namesOfSqlitesOwnAreRefused() {
        assertTrue(dialect.identifierProblem("sqlite_master").isPresent());
        assertTrue(dialect.identifierProblem("SQLITE_x").isPresent());
        assertEquals(Optional.empty(), dialect.identifierProblem("my_sqlite_table"));
    }

    @Test
    void datesAreTextThatSortsInTimeOrder() throws SQLException {
        LocalDateTime t = LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000);
        assertEquals("2024-02-29 13:14:15.123456000", SqliteText.format(t));
        assertEquals("2024-02-29 13:14:15.000000000", SqliteText.format(t.withNano(0)), "fixed width");
        assertEquals("2024-02-29", SqliteText.format(t.toLocalDate()));
        assertEquals(t, SqliteText.timestamp(SqliteText.format(t), 1));
        assertEquals(t.withNano(0), SqliteText.timestamp("2024-02-29 13:14:15", 1), "datetime('now') writes this");
        assertEquals(t.withSecond(0).withNano(0), SqliteText.timestamp("2024-02-29T13:14", 1));
        assertEquals(LocalDate.of(2024, 2, 29).atStartOfDay(), SqliteText.timestamp("2024-02-29", 1));
        assertEquals(LocalDate.of(2024, 2, 29), SqliteText.date("2024-02-29 13:14:15", 1));
        SQLException bad = assertThrows(SQLException.class, () -> SqliteText.timestamp("yesterday", 3));
        assertTrue(bad.getMessage().contains("column 3") && bad.getMessage().contains("[yesterday]"), bad.getMessage());
    }

    @Test
    void keyTextRefusesOnlyWhatIsNotPortable() {
        assertRefusesUnportableKeyText(dialect);
        assertEquals(Optional.empty(), dialect.keyTextProblem("a "), "BINARY collation keeps trailing spaces");
    }
}
