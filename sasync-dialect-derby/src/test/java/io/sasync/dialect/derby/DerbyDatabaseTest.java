package io.sasync.dialect.derby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.IndexSpec;
import io.sasync.TableSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What only Derby shows, against a real embedded Derby database under {@code target/} over plain
 * JDBC: an index duplicating another is skipped rather than created, and dates and times bound
 * whatever the JVM's zone. What every dialect must do is proved by the kit's contracts
 * ({@link DerbyContractsTest}), deadlocks, lock timeouts and a missing database included.
 */
class DerbyDatabaseTest {

    private static final Path DIRECTORY = Path.of("target", "derby", "DerbyDatabaseTest").toAbsolutePath();
    private static final String URL = "jdbc:derby:directory:" + DIRECTORY;

    private static Connection keeper;
    private final DerbyDialect dialect = new DerbyDialect();
    private final List<String> created = new ArrayList<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @BeforeAll
    static void openDatabase() throws SQLException, IOException {
        new DerbyDialect().afterClose(DatabaseConfig.of(URL));
        deleteRecursively(DIRECTORY);
        keeper = DriverManager.getConnection(URL + ";create=true");
    }

    @AfterAll
    static void closeDatabase() throws SQLException {
        keeper.close();
        new DerbyDialect().afterClose(DatabaseConfig.of(URL + ";create=true"));
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @AfterEach
    void dropTables() {
        for (String table : created) {
            try (Statement s = keeper.createStatement()) {
                s.execute("DROP TABLE " + dialect.quote(table));
            } catch (SQLException e) {
                if (!"42Y55".equals(e.getSQLState())) { // no such table
                    throw new AssertionError("could not drop " + table, e);
                }
            }
        }
    }

    private String unique(String base) {
        String name = base + "_" + COUNTER.incrementAndGet();
        created.add(name);
        return name;
    }

    /** Creates a table and its indexes as a caller without {@code IF NOT EXISTS} must: "exists" is success. */
    private void create(Connection c, TableSpec table) throws SQLException {
        created.add(table.name());
        List<String> statements = new ArrayList<>(List.of(dialect.createTable(table)));
        table.indexes().forEach(index -> statements.add(dialect.createIndex(table, index)));
        for (String sql : statements) {
            try {
                execute(c, sql);
            } catch (SQLException e) {
                if (!dialect.isObjectExists(e)) {
                    throw e;
                }
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                dialect.bind(ps, i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void anIdenticalIndexIsSkippedWithAWarning() throws SQLException {
        TableSpec people = TableSpec.builder(unique("people"))
                .column(Column.identity("id"))
                .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
                .index(IndexSpec.unique(unique("people_name"), "name"))
                .build();
        create(keeper, people);
        try (Statement s = keeper.createStatement()) {
            s.execute(dialect.createIndex(people, people.indexes().get(0)));
            assertEquals("01504", s.getWarnings().getSQLState(), "Derby skips an index identical to an existing one");
        }
        assertTrue(dialect.indexExists(keeper, people.name(), people.indexes().get(0).name()));
    }

    @Test
    void anIndexDuplicatingAnotherIsNotCreatedUnderItsName() throws SQLException {
        TableSpec table = TableSpec.builder(unique("dupidx"))
                .column(Column.of("k", ColumnType.INTEGER).asPrimaryKey())
                .column("v", ColumnType.INTEGER)
                .index(IndexSpec.unique(unique("dupidx_v"), "v"))
                .index(IndexSpec.of(unique("dupidx_v_again"), "v"))
                .index(IndexSpec.of(unique("dupidx_k"), "k"))
                .build();
        create(keeper, table);
        assertTrue(dialect.indexExists(keeper, table.name(), table.indexes().get(0).name()));
        assertFalse(dialect.indexExists(keeper, table.name(), table.indexes().get(1).name()),
                "Derby reuses the unique index on v and records no index of this name");
        assertFalse(dialect.indexExists(keeper, table.name(), table.indexes().get(2).name()),
                "Derby reuses the primary key's index");
        create(keeper, table);
    }

    @Test
    void localDateTimeKeepsItsFieldsInADaylightSavingGap() throws SQLException {
        String table = unique("gap");
        execute(keeper, "CREATE TABLE " + table + " (ts TIMESTAMP, d DATE)");
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        try {
            insert(keeper, "INSERT INTO " + table + " (ts, d) VALUES (?, ?)",
                    LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_000), LocalDate.of(2024, 3, 31));
        } finally {
            TimeZone.setDefault(zone);
        }
        try (Statement s = keeper.createStatement();
             ResultSet rs = s.executeQuery("SELECT CAST(ts AS VARCHAR(40)), CAST(d AS VARCHAR(20)) FROM " + table)) {
            assertTrue(rs.next());
            assertEquals("2024-03-31 02:30:00.123456", rs.getString(1));
            assertEquals("2024-03-31", rs.getString(2));
        }
    }
}
