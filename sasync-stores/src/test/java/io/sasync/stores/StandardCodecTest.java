package io.sasync.stores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.store.Codec;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StandardCodecTest {

    private final Codec<Object> codec = Codecs.standard();

    /** Every type the standard codec stores, with edge values. */
    static Stream<Object> values() {
        Map<Object, Object> nested = new LinkedHashMap<>();
        nested.put("list", Arrays.asList(1, null, "two", 3.0));
        nested.put(7, Set.of(LocalDate.of(2024, 2, 29)));
        nested.put(null, Map.of("deep", List.of(List.of(List.of(new BigDecimal("1.50"))))));
        return Stream.of(
                true, false,
                (byte) -128, (byte) 127,
                (short) -32768, (short) 32767,
                0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
                0L, Long.MIN_VALUE, Long.MAX_VALUE,
                1.5f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE,
                2.5, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
                'a', '\u0000', '\uffff', '\ud800',
                "", "plain", "naïve ☃ 日本語 😀", "\u0000nul inside", "lone \ud800 surrogate", "x".repeat(100_000),
                new byte[0], new byte[] {0, 1, -1, 127, -128},
                BigInteger.ZERO, new BigInteger("-123456789012345678901234567890"),
                new BigDecimal("0.00"), new BigDecimal("-1E+400"), new BigDecimal("3.14159265358979323846264338327950288"),
                new UUID(0, 0), UUID.randomUUID(),
                Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("2024-05-06T07:08:09.123456789Z"),
                LocalDate.MIN, LocalDate.MAX, LocalDate.of(1815, 12, 10),
                LocalTime.MIDNIGHT, LocalTime.MAX, LocalTime.of(13, 14, 15, 16),
                LocalDateTime.of(2001, 2, 3, 4, 5, 6, 7), LocalDateTime.MIN, LocalDateTime.MAX,
                OffsetDateTime.of(2001, 2, 3, 4, 5, 6, 7, ZoneOffset.ofHoursMinutes(-3, -30)),
                ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
                ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0, ZoneId.of("Europe/Paris")).withLaterOffsetAtOverlap(),
                ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                Duration.ZERO, Duration.ofSeconds(Long.MIN_VALUE), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
                Duration.ofNanos(-1),
                List.of(), List.of(1, 2L, "3"), new ArrayList<>(List.of('x')),
                Set.of(), Set.of(1, "1", 1L), new TreeSet<>(Set.of("b", "a")),
                Map.of(), Map.of("k", "v"), new HashMap<>(Map.of(1, List.of(2))),
                nested);
    }

    @ParameterizedTest
    @MethodSource("values")
    void everyStandardTypeRoundTripsWithItsType(Object value) {
        Object back = codec.decode(codec.encode(value));
        if (value instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) back);
        } else {
            assertEquals(value, back);
            assertEquals(value.getClass().isAnonymousClass() ? back.getClass() : expectedClass(value), expectedClass(back));
        }
    }

    /** Collections keep their kind (List, Set, Map), not their implementation. */
    private static Class<?> expectedClass(Object value) {
        if (value instanceof List) {
            return List.class;
        } else if (value instanceof Set) {
            return Set.class;
        } else if (value instanceof Map) {
            return Map.class;
        }
        return value.getClass();
    }

    @Test
    void nullRoundTripsInsideCollections() {
        List<Object> withNull = Arrays.asList(null, 1);
        assertEquals(withNull, codec.decode(codec.encode(withNull)));
        assertEquals(null, codec.decode(codec.encode(null)));
    }

    @Test
    void numbersKeepTheirExactType() {
        assertInstanceOf(Integer.class, codec.decode(codec.encode(1)));
        assertInstanceOf(Long.class, codec.decode(codec.encode(1L)));
        assertInstanceOf(Short.class, codec.decode(codec.encode((short) 1)));
        assertInstanceOf(Byte.class, codec.decode(codec.encode((byte) 1)));
        assertInstanceOf(Float.class, codec.decode(codec.encode(1f)));
        assertEquals(new BigDecimal("1.50"), codec.decode(codec.encode(new BigDecimal("1.50"))));
        assertEquals(2, ((BigDecimal) codec.decode(codec.encode(new BigDecimal("1.50")))).scale());
    }

    @Test
    void collectionsKeepTheirOrderAndReadBackUnmodifiable() {
        Set<?> set = (Set<?>) codec.decode(codec.encode(new TreeSet<>(Set.of("c", "a", "b"))));
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(set));
        List<?> list = (List<?>) codec.decode(codec.encode(List.of(1)));
        assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
        Map<?, ?> map = (Map<?, ?>) codec.decode(codec.encode(Map.of(1, 2)));
        assertThrows(UnsupportedOperationException.class, map::clear);
    }

    @Test
    void refusesOtherTypesNamingThem() {
        record Point(int x, int y) implements Serializable {
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encode(new Point(1, 2)));
        assertTrue(e.getMessage().contains(Point.class.getName()), e.getMessage());
        IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
                () -> codec.encode(List.of(1, Map.of("k", new StringBuilder("x")))));
        assertTrue(inside.getMessage().contains("java.lang.StringBuilder"), inside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new ArrayDeque<>(List.of(1))));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(Thread.State.NEW));
    }

    @Test
    void refusesACollectionThatContainsItself() {
        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encode(loop));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    @Test
    void corruptedBytesFailClearly() {
        byte[] good = codec.encode(Map.of("key", List.of("a", 1, 2.0)));
        // Every truncation fails cleanly.
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(cut), "length " + n);
            assertTrue(e.getMessage().contains("malformed") || e.getMessage().contains("format"), e.getMessage());
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThrows(IllegalArgumentException.class, () -> codec.decode(trailing));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}),
                "Java serialization bytes are not read");
        assertThrows(IllegalArgumentException.class, () -> codec.decode(new byte[] {1, (byte) 200}), "unknown tag");
    }

    @Test
    void hostileLengthsDoNotAllocate() {
        // A list claiming 2^31-1 elements, and a string claiming 2 GB, in a handful of bytes.
        byte[] hugeList = {1, 22, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        byte[] hugeString = {1, 10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 'a'};
        assertThrows(IllegalArgumentException.class, () -> codec.decode(hugeList));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(hugeString));
        byte[] deep = new byte[2 + 2 * 100];
        deep[0] = 1;
        for (int i = 0; i < 100; i++) {
            deep[1 + 2 * i] = 22;
            deep[2 + 2 * i] = 1;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(deep));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    @Test
    void fuzzedBytesNeverFailWithAnythingButIllegalArgument() {
        java.util.Random random = new java.util.Random(42);
        byte[] good = codec.encode(List.of("text", 1, 2L, Instant.EPOCH, Map.of(1, Set.of(UUID.randomUUID())),
                ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Paris")), new BigDecimal("1.5")));
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = good.clone();
            bytes[1 + random.nextInt(bytes.length - 1)] = (byte) random.nextInt(256);
            try {
                codec.decode(bytes);
            } catch (IllegalArgumentException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void typedStandardCodecChecksTheType() {
        Codec<String> strings = Codecs.standard(String.class);
        assertEquals("x", strings.decode(strings.encode("x")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> strings.decode(codec.encode(4)));
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
        Codec<Integer> ints = Codecs.standard(int.class);
        assertEquals(7, ints.decode(ints.encode(7)));
    }

    @Test
    void theFormatIsStable() {
        // Stored bytes outlive the code: these must never change.
        assertArrayEquals(new byte[] {1, 5, 0, 0, 0, 42}, codec.encode(42));
        assertArrayEquals(new byte[] {1, 10, 3, 'a', (byte) 0xC3, (byte) 0xA9}, codec.encode("aé"));
        assertArrayEquals(new byte[] {1, 22, 2, 2, 0}, codec.encode(Arrays.asList(true, null)));
    }
}
