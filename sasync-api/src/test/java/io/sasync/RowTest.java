package io.sasync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.AbstractList;
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
    void nanAndInfinitiesConvertOnlyToTypesThatHoldThem() {
        Row special = Row.of(List.of("dn", "dp", "dm", "fn", "fp", "fm"), List.of(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY));
        for (String label : List.of("dn", "fn")) {
            assertTrue(Double.isNaN(special.get(label, Double.class)), label);
            assertTrue(Float.isNaN(special.get(label, Float.class)), label);
            assertTrue(Double.isNaN(special.get(label, double.class)), label);
            assertEquals("NaN", special.get(label, String.class));
        }
        for (String label : List.of("dp", "fp")) {
            assertEquals(Double.POSITIVE_INFINITY, special.get(label, Double.class));
            assertEquals(Float.POSITIVE_INFINITY, special.get(label, Float.class));
            assertEquals("Infinity", special.get(label, String.class));
        }
        for (String label : List.of("dm", "fm")) {
            assertEquals(Double.NEGATIVE_INFINITY, special.get(label, Double.class));
            assertEquals(Float.NEGATIVE_INFINITY, special.get(label, Float.class));
            assertEquals("-Infinity", special.get(label, String.class));
        }
        for (Class<?> type : List.of(Long.class, long.class, Integer.class, int.class, Short.class, Byte.class,
                BigDecimal.class, BigInteger.class, Boolean.class)) {
            for (String label : special.columns()) {
                ClassCastException e = assertThrows(ClassCastException.class, () -> special.get(label, type),
                        label + " as " + type);
                assertTrue(e.getMessage().contains(String.valueOf(special.get(label)))
                        && e.getMessage().contains(type.getName()), e.getMessage());
            }
        }
    }

    @Test
    void numbersConvertToEveryNumericTypeThatHoldsThemExactly() {
        Row numbers = Row.of(List.of("l", "d", "tenth", "big"), List.of(7L, 0.5d, 0.1d, 300));
        assertEquals((byte) 7, numbers.get("l", Byte.class));
        assertEquals((short) 7, numbers.get("l", Short.class));
        assertEquals(7.0f, numbers.get("l", Float.class));
        assertEquals(0.5f, numbers.get("d", Float.class));
        assertEquals(BigInteger.valueOf(7), numbers.get("l", BigInteger.class));
        assertThrows(ClassCastException.class, () -> numbers.get("tenth", Float.class), "0.1 is not a float");
        assertThrows(ClassCastException.class, () -> numbers.get("big", Byte.class));
        assertThrows(ClassCastException.class, () -> numbers.get("d", Long.class));
        assertEquals("7", numbers.get("l", String.class));
        assertEquals("0.5", numbers.get("d", String.class));
        assertEquals("2001-02-03 04:05:06.000007", row.get("born", String.class));
    }

    @Test
    void aRowDoesNotChangeWhenTheCallersArrayOrListDoes() {
        Object[] values = {1L, "Ann"};
        Row fromArray = Row.Columns.of(List.of("id", "name")).row(values);
        values[1] = "Bob";
        assertEquals("Ann", fromArray.get("name"));

        Object[] backing = {1L, "Ann"};
        List<Object> leaky = new AbstractList<>() {
            @Override
            public Object get(int index) {
                return backing[index];
            }

            @Override
            public int size() {
                return backing.length;
            }

            @Override
            public Object[] toArray() {
                return backing; // a List may hand out its own array
            }
        };
        Row fromList = Row.of(List.of("id", "name"), leaky);
        backing[1] = "Bob";
        assertEquals("Ann", fromList.get("name"));
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
