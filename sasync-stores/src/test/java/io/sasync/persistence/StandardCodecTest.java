package io.sasync.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.store.Codec;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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

    static Stream<Object> values() {
        return StandardValues.all().stream();
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
