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
        assertEquals(List.of(message), message.encode(8000).stream().map(ChangeMessage::decode).toList());
    }

    @Test
    void anythingRoundTrips() {
        ChangeMessage message = of(null);
        ChangeMessage back = ChangeMessage.decode(message.encode(8000).get(0));
        assertEquals(message, back);
        assertTrue(back.everything());
    }

    @Test
    void namesAreSplitOverPayloadsThatEachFit() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            names.add("key-" + i);
        }
        List<String> payloads = of(names).encode(7999);
        assertTrue(payloads.size() > 1, "1000 names take more than one payload");
        List<String> back = new ArrayList<>();
        for (String payload : payloads) {
            assertTrue(payload.getBytes(StandardCharsets.UTF_8).length <= 7999);
            back.addAll(ChangeMessage.decode(payload).names());
        }
        assertEquals(names, back, "every name, once, in order");
    }

    @Test
    void aNameTooLongForOnePayloadOrTooManyPayloadsSayAnything() {
        List<String> wide = List.of("a", "é".repeat(400));
        List<String> payloads = of(wide).encode(700);
        assertEquals(1, payloads.size());
        assertTrue(ChangeMessage.decode(payloads.get(0)).everything(), "800 bytes of one name do not fit in 700");

        List<String> many = new ArrayList<>();
        for (int i = 0; i < ChangeMessage.MAX_PAYLOADS * 10; i++) {
            many.add("k".repeat(60) + i);
        }
        payloads = of(many).encode(700);
        assertEquals(1, payloads.size());
        assertTrue(ChangeMessage.decode(payloads.get(0)).everything(), "more than " + ChangeMessage.MAX_PAYLOADS + " payloads");
    }

    @Test
    void payloadsThatAreNotOursAreIgnored() {
        assertNull(ChangeMessage.decode("hello"));
        assertNull(ChangeMessage.decode("a b c 3:abc"));
        assertNull(ChangeMessage.decode("a 1 2 3:abc ="+"9:short"));
    }
}
