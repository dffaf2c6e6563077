package io.sasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PriorityTest {

    @Test
    void nicenessOutsideItsRangeIsRefusedWithTheBounds() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> Priority.of(-21));
        assertTrue(low.getMessage().contains("-20") && low.getMessage().contains("-21"), low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Priority.of(21));
    }

    @Test
    void prioritiesAreCanonicalAndOrdered() {
        assertSame(Priority.NORMAL, Priority.of(0));
        assertEquals(5, Priority.of(5).niceness());
        assertTrue(Priority.NEXT.compareTo(Priority.of(-20)) < 0);
        assertTrue(Priority.of(-20).compareTo(Priority.of(20)) < 0);
        assertTrue(Priority.of(20).compareTo(Priority.LAST) < 0);
        assertEquals(Priority.Kind.NEXT, Priority.NEXT.kind());
    }
}
