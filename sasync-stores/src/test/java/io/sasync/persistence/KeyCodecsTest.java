package io.sasync.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.store.KeyCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyCodecsTest {

    @Test
    void integersReadWhatPeopleWrite() {
        assertEquals(4, KeyCodecs.integers().decode("04"));
        assertEquals("4", KeyCodecs.integers().encode(4));
        assertEquals(-12, KeyCodecs.integers().decode("-12"));
        assertEquals(5_000_000_000L, KeyCodecs.longs().decode("005000000000"));
        assertThrows(IllegalArgumentException.class, () -> KeyCodecs.integers().decode("four"));
    }

    @Test
    void stringsAndUuidsRoundTrip() {
        UUID id = UUID.randomUUID();
        assertEquals(id, KeyCodecs.uuids().decode(KeyCodecs.uuids().encode(id)));
        assertEquals("it's; DROP TABLE x --", KeyCodecs.strings().decode(KeyCodecs.strings().encode("it's; DROP TABLE x --")));
        assertThrows(IllegalArgumentException.class, () -> KeyCodecs.uuids().decode("not-a-uuid"));
    }

    @Test
    void wrongKeyTypesAreRefusedClearly() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        KeyCodec<Object> raw = (KeyCodec) KeyCodecs.integers();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> raw.encode("x"));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void enumsByName() {
        KeyCodec<TimeUnit> units = KeyCodecs.enums(TimeUnit.class);
        assertEquals("SECONDS", units.encode(TimeUnit.SECONDS));
        assertEquals(TimeUnit.DAYS, units.decode("DAYS"));
        assertThrows(IllegalArgumentException.class, () -> units.decode("WEEKS"));
    }

    @Test
    void scalarsAreTaggedSoEqualTextsOfDifferentTypesDiffer() {
        KeyCodec<Object> scalars = KeyCodecs.scalars();
        List<Object> keys = List.of("1", 1, 1L, (short) 1, (byte) 1, true, 'c', UUID.randomUUID(),
                new BigInteger("123456789012345678901234567890"), new BigDecimal("1.10"), LocalDate.of(2024, 1, 31),
                "", "s:nested:colons");
        for (Object key : keys) {
            assertEquals(key, scalars.decode(scalars.encode(key)), "round trip of " + key);
        }
        assertEquals(keys.size(), keys.stream().map(scalars::encode).distinct().count());
        assertThrows(IllegalArgumentException.class, () -> scalars.encode(new Object()));
        assertThrows(IllegalArgumentException.class, () -> scalars.decode("q:1"));
        assertThrows(IllegalArgumentException.class, () -> scalars.decode("untagged"));
    }

    @Test
    void customKeyCodec() {
        KeyCodec<List<Integer>> pairs = KeyCodecs.of(p -> p.get(0) + "," + p.get(1),
                t -> List.of(Integer.parseInt(t.split(",")[0]), Integer.parseInt(t.split(",")[1])));
        assertEquals(List.of(3, 4), pairs.decode(pairs.encode(List.of(3, 4))));
    }
}
