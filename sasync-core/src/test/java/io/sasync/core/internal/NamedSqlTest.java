package io.sasync.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedSqlTest {

    @Test
    void namesBecomePlaceholdersInOrderAndARepeatedNameIsBoundAtEachPlace() {
        NamedSql parsed = NamedSql.parse("SELECT * FROM t WHERE a = :a AND (b = :b OR b_2 = :a)");
        assertEquals("SELECT * FROM t WHERE a = ? AND (b = ? OR b_2 = ?)", parsed.sql());
        assertEquals(List.of("a", "b", "a"), parsed.names());
        assertArrayEquals(new Object[] {1, "x", 1}, parsed.bind(Map.of("a", 1, "b", "x")));
    }

    @Test
    void literalsIdentifiersCommentsAndCastsAreNotParameters() {
        String sql = "SELECT ':no', 'it''s :no', \":no\", x::int, ':', y -- :no\n, /* :no */ :yes";
        NamedSql parsed = NamedSql.parse(sql);
        assertEquals(List.of("yes"), parsed.names());
        assertEquals(sql.replace(":yes", "?"), parsed.sql());
    }

    @Test
    void aMissingValueAnUnusedValueOrAPositionalPlaceholderIsRefusedClearly() {
        NamedSql parsed = NamedSql.parse("UPDATE t SET a = :a WHERE id = :id");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> parsed.bind(Map.of("a", 1)));
        assertTrue(missing.getMessage().contains(":id"), missing.getMessage());
        IllegalArgumentException unused = assertThrows(IllegalArgumentException.class,
                () -> parsed.bind(Map.of("a", 1, "id", 2, "ida", 3)));
        assertTrue(unused.getMessage().contains("ida"), unused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NamedSql.parse("SELECT :a, ?"));
    }
}
