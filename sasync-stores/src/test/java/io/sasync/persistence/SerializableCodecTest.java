package io.sasync.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.store.Codec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerializableCodecTest {

    record Line(String item, int quantity) implements Serializable {
    }

    record Order(long id, Instant placed, List<Line> lines) implements Serializable {
    }

    /** A class that must never be deserialized from stored bytes: its readObject would run code. */
    static final class Gadget implements Serializable {
        static volatile boolean ran;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            ran = true;
        }
    }

    @Test
    void allowedClassesRoundTrip() {
        Codec<Order> orders = Codecs.serializable(Order.class, Line.class, ArrayList.class);
        Order order = new Order(7, Instant.parse("2024-01-02T03:04:05Z"),
                new ArrayList<>(List.of(new Line("tea", 2), new Line("cake", 1))));
        assertEquals(order, orders.decode(orders.encode(order)));
    }

    @Test
    void aClassNotOnTheListIsRejectedOnReadBeforeItRuns() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Gadget());
        }
        Codec<Object> codec = Codecs.serializable(Object.class);
        Gadget.ran = false;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(bytes.toByteArray()));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(!Gadget.ran, "the rejected class's readObject must not run");
    }

    @Test
    void aNestedClassNotOnTheListIsRejectedOnRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Order(1, Instant.EPOCH, new ArrayList<>(List.of(new Line("x", 1)))));
        }
        Codec<Order> withoutLines = Codecs.serializable(Order.class, ArrayList.class);
        assertThrows(IllegalArgumentException.class, () -> withoutLines.decode(bytes.toByteArray()));
    }

    @Test
    void writingWhatCouldNotBeReadBackIsRefused() {
        Codec<Order> withoutLines = Codecs.serializable(Order.class, ArrayList.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withoutLines.encode(new Order(1, Instant.EPOCH, new ArrayList<>(List.of(new Line("x", 1))))));
        assertTrue(e.getMessage().contains(Line.class.getName()), e.getMessage());
    }

    @Test
    void garbageFailsClearly() {
        Codec<Order> orders = Codecs.serializable(Order.class);
        assertThrows(IllegalArgumentException.class, () -> orders.decode("not serialized".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void customCodecs() {
        Codec<String> upper = Codecs.of(s -> s.toUpperCase().getBytes(StandardCharsets.UTF_8),
                b -> new String(b, StandardCharsets.UTF_8));
        assertEquals("HELLO", upper.decode(upper.encode("hello")));
        Codec<String> broken = Codecs.of(s -> null, b -> "");
        assertThrows(IllegalArgumentException.class, () -> broken.encode("x"));
    }
}
