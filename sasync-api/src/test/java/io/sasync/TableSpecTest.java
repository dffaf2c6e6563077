package io.sasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableSpecTest {

    @Test
    void describesATable() {
        TableSpec t = TableSpec.builder("people")
                .column(Column.identity("id"))
                .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
                .column("born", ColumnType.DATE)
                .index(IndexSpec.unique("people_name", "name"))
                .build();
        assertEquals(List.of("id"), t.primaryKey().stream().map(Column::name).toList());
        assertEquals(40, t.column("NAME").orElseThrow().size());
        assertEquals(255, Column.of("x", ColumnType.VARCHAR).size());
    }

    @Test
    void refusesInconsistentTablesBeforeAnySqlIsWritten() {
        assertThrows(IllegalArgumentException.class, () -> TableSpec.builder("t").build());
        assertThrows(IllegalArgumentException.class, () -> TableSpec.builder("t")
                .column("a", ColumnType.INTEGER).column("A", ColumnType.INTEGER).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableSpec.builder("t")
                .column("a", ColumnType.INTEGER).index(IndexSpec.of("t_b", "b")).build());
        assertTrue(e.getMessage().contains("b"));
        assertThrows(IllegalArgumentException.class, () -> TableSpec.builder("t")
                .column(Column.identity("a")).column(Column.identity("b")).build());
        assertThrows(IllegalArgumentException.class, () -> Column.of("x", ColumnType.INTEGER).withSize(3));
        assertThrows(IllegalArgumentException.class, () -> new Column("x", ColumnType.TEXT, 0, 0, false, false, true));
    }

    @Test
    void refusesNamesNoDatabaseCanHold() {
        assertThrows(IllegalArgumentException.class, () -> TableSpec.builder(" "));
        assertThrows(IllegalArgumentException.class, () -> TableSpec.builder("a\u0000b"));
        assertThrows(IllegalArgumentException.class, () -> TableSpec.builder("x".repeat(64)));
        assertThrows(NullPointerException.class, () -> TableSpec.builder(null));
        TableSpec.builder("it's \"odd\" café").column("select", ColumnType.INTEGER).build();
    }
}
