package io.sasync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowTest {

    private final Row row = Row.of(List.of("ID", "Name", "BORN", "PHOTO", "NOTE"),
            Arrays.asList(7L, "Ann", Timestamp.valueOf(LocalDateTime.of(2001, 2, 3, 4, 5, 6, 7000)),
                    new byte[] {1, 2}, null));

    @Test
    void readsByPositionAndByLabelIgnoringCase() {
        assertEquals(7L, row.get(0));
        assertEquals("Ann", row.get("name"));
        assertEquals("Ann", row.get("NAME"));
        assertNull(row.get("note"));
        assertEquals(5, row.size());
        assertEquals(List.of("ID", "Name", "BORN", "PHOTO", "NOTE"), row.columns());
    }

    @Test
    void convertsWithoutLosingInformation() {
        assertEquals(7, row.get("id", Integer.class));
        assertEquals(new BigDecimal(7), row.get("id", BigDecimal.class));
        assertEquals(LocalDateTime.of(2001, 2, 3, 4, 5, 6, 7000), row.get("born", LocalDateTime.class));
        assertEquals(Timestamp.valueOf(LocalDateTime.of(2001, 2, 3, 4, 5, 6, 7000)).toInstant(), row.get("born", Instant.class));
        assertArrayEquals(new byte[] {1, 2}, row.get("photo", byte[].class));
        assertNull(row.get("note", String.class));
        Row big = Row.of(List.of("n"), List.of(new BigDecimal("3000000000")));
        assertThrows(ClassCastException.class, () -> big.get("n", Integer.class));
        assertThrows(ClassCastException.class, () -> row.get("photo", Long.class));
    }

    @Test
    void unknownColumnsAndPositionsFailClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> row.get("missing"));
        assertTrue(e.getMessage().contains("missing"));
        assertThrows(IndexOutOfBoundsException.class, () -> row.get(5));
        assertThrows(IllegalArgumentException.class, () -> Row.Columns.of(List.of("a")).row(new Object[2]));
    }

    @Test
    void equalityAndMapView() {
        Row same = Row.of(row.columns(), Arrays.asList(7L, "Ann",
                Timestamp.valueOf(LocalDateTime.of(2001, 2, 3, 4, 5, 6, 7000)), new byte[] {1, 2}, null));
        assertEquals(row, same);
        assertEquals(row.hashCode(), same.hashCode());
        Map<String, Object> map = row.toMap();
        assertEquals(List.of("ID", "Name", "BORN", "PHOTO", "NOTE"), List.copyOf(map.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> map.put("x", 1));
        assertTrue(row.toString().contains("PHOTO=byte[2]"), row.toString());
    }
}
