package io.sasync.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeMessageTest {

    private static ChangeMessage of(List<String> names) {
        return new ChangeMessage("0a1b", 1_700_000_000_123L, -42L, "\"odd table\" x:y", names);
    }

    @Test
    void namesOfAnyTextRoundTrip() {
        List<String> names = List.of("plain", "with space", "colon:3:x", " *", "é😀", "", "12:ab");
        ChangeMessage message = of(names);
        assertEquals(message, ChangeMessage.decode(message.encode(8000)));
    }

    @Test
    void anythingRoundTrips() {
        ChangeMessage message = of(null);
        ChangeMessage back = ChangeMessage.decode(message.encode(8000));
        assertEquals(message, back);
        assertTrue(back.everything());
    }

    @Test
    void moreThanSixteenNamesOrTooManyBytesSayAnything() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= ChangeMessage.MAX_NAMES; i++) {
            names.add("k" + i);
        }
        assertTrue(ChangeMessage.decode(of(names).encode(8000)).everything());
        assertEquals(names.subList(0, 16), ChangeMessage.decode(of(names.subList(0, 16)).encode(8000)).names());

        List<String> wide = List.of("é".repeat(200), "é".repeat(200));
        String payload = of(wide).encode(700);
        assertTrue(payload.getBytes(StandardCharsets.UTF_8).length <= 700);
        assertTrue(ChangeMessage.decode(payload).everything(), "800 bytes of names do not fit in 700");
    }

    @Test
    void payloadsThatAreNotOursAreIgnored() {
        assertNull(ChangeMessage.decode("hello"));
        assertNull(ChangeMessage.decode("a b c 3:abc"));
        assertNull(ChangeMessage.decode("a 1 2 3:abc ="+"9:short"));
    }
}
