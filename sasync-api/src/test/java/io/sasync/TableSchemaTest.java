package io.sasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.spi.Dialect;
import io.sasync.spi.Upsert;
import io.sasync.spi.UpsertColumns;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A table in a schema of its own: validated like its name, and written qualified by the dialect. */
class TableSchemaTest {

    /** The standard SQL of the SPI's defaults, with an upsert as the UpsertColumns example writes it. */
    private static final Dialect STANDARD = new Dialect() {
        @Override
        public String name() {
            return "standard";
        }

        @Override
        public boolean supportsUrl(String jdbcUrl) {
            return false;
        }

        @Override
        public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
            UpsertColumns c = UpsertColumns.of(this, table, keyColumns, valueColumns);
            return Upsert.inOrder("MERGE INTO " + qualifiedName(table) + " (" + c.allList() + ") KEY (" + c.keyList()
                    + ") VALUES (" + c.placeholders() + ")", c.all().size());
        }

        @Override
        public boolean isObjectExists(SQLException e) {
            return false;
        }
    };

    private static TableSpec.Builder people() {
        return TableSpec.builder("people")
                .column(Column.of("id", ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of("name", ColumnType.VARCHAR).withSize(40))
                .index(IndexSpec.of("people_name", "name"));
    }

    @Test
    void aTableIsInTheCurrentSchemaUnlessItNamesOne() {
        TableSpec plain = people().build();
        assertNull(plain.schema());
        assertEquals("people", STANDARD.qualifiedName(plain));
        assertEquals(plain, new TableSpec("people", plain.columns(), plain.indexes()));

        TableSpec app = people().schema("app").build();
        assertEquals("app", app.schema());
        assertEquals("app.people", STANDARD.qualifiedName(app));
        assertTrue(!app.equals(plain), "the schema is part of the table's identity");
    }

    @Test
    void theDialectWritesEveryStatementWithTheQualifiedName() {
        TableSpec app = people().schema("app").build();
        assertTrue(STANDARD.createTable(app).startsWith("CREATE TABLE IF NOT EXISTS app.people ("),
                STANDARD.createTable(app));
        assertEquals("CREATE INDEX IF NOT EXISTS people_name ON app.people (name)",
                STANDARD.createIndex(app, app.indexes().get(0)), "the index goes with its table, unqualified");
        assertTrue(STANDARD.upsert(app, List.of("id"), List.of("name")).sql().startsWith("MERGE INTO app.people "));
    }

    @Test
    void schemasThatAreNotPlainIdentifiersAreQuoted() {
        assertEquals("\"My Schema\".people", STANDARD.qualifiedName(people().schema("My Schema").build()));
        assertEquals("\"user\".\"select\"", STANDARD.qualifiedName(TableSpec.builder("select").schema("user")
                .column("a", ColumnType.INTEGER).build()), "reserved words are quoted, in both parts");
        assertEquals("\"a\"\"b\".people", STANDARD.qualifiedName(people().schema("a\"b").build()));
    }

    @Test
    void aSchemaNameIsCheckedLikeATableName() {
        assertThrows(IllegalArgumentException.class, () -> people().schema(" "));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> people().schema("s".repeat(64)));
        assertTrue(tooLong.getMessage().startsWith("schema name is 64 bytes long"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TableSpec("t",
                List.of(Column.of("a", ColumnType.INTEGER)), List.of(), "bad\nschema"));
        assertNull(people().schema("app").schema(null).build().schema(), "null goes back to the current schema");
    }
}
