package io.sasync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.persistence.Codecs;
import io.sasync.persistence.KeyCodecs;
import io.sasync.persistence.Stores;
import io.sasync.store.PersistentArray;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PersistentArray}, run against a real database: coordinates of any key
 * codec (refused ones included), operations applied in the order issued, every standard value,
 * isolation and persistence across brokers. A test class extends it and implements
 * {@link #newDatabase()}. Uses {@link Capability#LARGE_OBJECTS} where the database has it.
 */
public abstract class PersistentArrayContract extends StoreContractSupport {

    /** For subclasses. */
    protected PersistentArrayContract() {
    }

    @Test
    public void setGetDeleteClear() {
        PersistentArray<Object> a = Stores.array(broker(), uniqueId("basic"));
        assertNull(await(a.get(1, 2, 3)));
        await(a.set(1, 2, 3, "v"));
        assertEquals("v", await(a.get(1, 2, 3)));
        await(a.set(1, 2, 3, List.of("replaced")));
        assertEquals(List.of("replaced"), await(a.get(1, 2, 3)));
        assertTrue(await(a.delete(1, 2, 3)));
        assertFalse(await(a.delete(1, 2, 3)));
        assertNull(await(a.get(1, 2, 3)));
        await(a.set(0, 0, 0, 1));
        await(a.clear());
        assertNull(await(a.get(0, 0, 0)));
    }

    @Test
    public void coordinatesMayBeAnyScalarOrNullAndKeepTheirTypes() {
        PersistentArray<Object> a = Stores.array(broker(), uniqueId("coords"));
        UUID id = UUID.randomUUID();
        await(a.set(1, "1", 1L, "int, string, long"));
        await(a.set(1L, 1, "1", "long, int, string"));
        await(a.set(null, null, null, "nulls"));
        await(a.set("row", "column", null, "two-dimensional"));
        await(a.set(id, LocalDate.of(2024, 1, 1), true, "uuid, date, boolean"));
        await(a.set("it's; --", "日本", "\u2400", "awkward text"));
        assertEquals("int, string, long", await(a.get(1, "1", 1L)));
        assertEquals("long, int, string", await(a.get(1L, 1, "1")));
        assertNull(await(a.get(1, 1, 1)));
        assertEquals("nulls", await(a.get(null, null, null)));
        assertEquals("two-dimensional", await(a.get("row", "column", null)));
        assertNull(await(a.get("row", "column", "")), "null and the empty string are different coordinates");
        assertEquals("uuid, date, boolean", await(a.get(id, LocalDate.of(2024, 1, 1), true)));
        assertEquals("awkward text", await(a.get("it's; --", "日本", "\u2400")));
        assertThrows(IllegalArgumentException.class, () -> a.get(new Object(), 1, 1));
    }

    @Test
    public void aCoordinateCodecOfOneTypeRefusesOthers() {
        PersistentArray<Object> grid = Stores.array(broker(), uniqueId("grid"), KeyCodecs.integers(), Codecs.standard());
        await(grid.set(1, 2, null, "x"));
        assertEquals("x", await(grid.get(1, 2, null)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> grid.get("1", 2, null));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
        PersistentArray<Object> text = Stores.array(broker(), uniqueId("text"), KeyCodecs.strings(), Codecs.standard());
        assertThrows(IllegalArgumentException.class, () -> text.set("\u2400", "a", "b", 1),
                "a coordinate written like null is refused");
    }

    @Test
    public void coordinatesTheDatabaseCannotKeepFailAtTheCallAndNothingBesideThemFails() {
        String id = uniqueId("bad-coords");
        PersistentArray<Object> a = Stores.array(broker(), id);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writes.add(a.set(i, "before", null, i));
        }
        unstorableKeys().forEach((bad, reason) -> {
            IllegalArgumentException e = assertRefusedAtTheCall(id, reason, () -> a.set(bad, 1, null, "x"));
            assertTrue(e.getMessage().contains("coordinate x"), e.getMessage());
            assertTrue(assertRefusedAtTheCall(id, reason, () -> a.get(1, bad, null)).getMessage().contains("coordinate y"));
            assertTrue(assertRefusedAtTheCall(id, reason, () -> a.delete(1, 2, bad)).getMessage().contains("coordinate z"));
        });
        assertRefusedAtTheCall(id, "unpaired surrogate", () -> a.set('\uDC00', 1, null, "x"));
        for (int i = 0; i < 200; i++) {
            writes.add(a.set(i, "after", null, -i));
        }
        for (CompletableFuture<Void> write : writes) {
            await(write);
        }
        await(a.flush());
        PersistentArray<Object> fresh = Stores.array(newBroker(), id);
        for (int i = 0; i < 200; i++) {
            assertEquals(i, await(fresh.get(i, "before", null)));
            assertEquals(-i, await(fresh.get(i, "after", null)));
        }
    }

    @Test
    public void coordinatesThatDifferOnlyWhereADatabaseCouldMergeThemStayDistinctOrAreRefused() {
        for (List<String> pair : MERGEABLE_KEYS) {
            String id = uniqueId("merge");
            PersistentArray<Object> a = Stores.array(broker(), id, KeyCodecs.strings(), Codecs.standard());
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < pair.size(); i++) {
                try {
                    await(a.set("x", pair.get(i), null, i));
                    kept.add(pair.get(i));
                } catch (IllegalArgumentException refused) {
                    assertTrue(refused.getMessage().contains(id), refused.getMessage());
                }
            }
            assertFalse(kept.isEmpty(), "one of each pair is an ordinary coordinate: " + codes(pair));
            PersistentArray<Object> fresh = Stores.array(broker(), id, KeyCodecs.strings(), Codecs.standard());
            for (String y : kept) {
                assertEquals(pair.indexOf(y), await(fresh.get("x", y, null)), "coordinates " + codes(pair) + " stay apart");
            }
        }
    }

    @Test
    public void operationsIssuedInOrderApplyInOrder() {
        PersistentArray<Object> a = Stores.array(broker(), uniqueId("order"));
        CompletableFuture<Void> set1 = a.set(0, 0, 0, "a");
        CompletableFuture<Object> read1 = a.get(0, 0, 0);
        CompletableFuture<Void> set2 = a.set(0, 0, 0, "b");
        CompletableFuture<Object> read2 = a.get(0, 0, 0);
        CompletableFuture<Boolean> delete = a.delete(0, 0, 0);
        CompletableFuture<Object> read3 = a.get(0, 0, 0);
        CompletableFuture<Void> set3 = a.set(0, 0, 0, "c");
        a.set(5, 5, 5, "other");
        CompletableFuture<Void> cleared = a.clear();
        CompletableFuture<Object> read4 = a.get(0, 0, 0);
        CompletableFuture<Object> read5 = a.get(5, 5, 5);
        CompletableFuture<Void> set4 = a.set(5, 5, 5, "after clear");
        CompletableFuture<Object> read6 = a.get(5, 5, 5);
        await(set1);
        assertEquals("a", await(read1));
        await(set2);
        assertEquals("b", await(read2));
        assertTrue(await(delete));
        assertNull(await(read3));
        await(set3);
        await(cleared);
        assertNull(await(read4), "a clear() not waited on is seen by the reads after it");
        assertNull(await(read5));
        await(set4);
        assertEquals("after clear", await(read6));
    }

    @Test
    public void manyWritesNotWaitedOnAreAllReadBack() {
        PersistentArray<Object> a = Stores.array(broker(), uniqueId("many"));
        List<CompletableFuture<Object>> reads = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            a.set(i % 10, i / 10, null, i);
        }
        for (int i = 0; i < 300; i++) {
            reads.add(a.get(i % 10, i / 10, null));
        }
        for (int i = 0; i < 300; i++) {
            assertEquals(i, await(reads.get(i)));
        }
    }

    @Test
    public void everyStandardTypeRoundTrips() {
        roundTrip(StandardValues.all());
    }

    /** Values of 100 kilobytes to a mebibyte. */
    @Test
    public void largeValuesRoundTrip() {
        requires(Capability.LARGE_OBJECTS);
        roundTrip(StandardValues.large());
    }

    private void roundTrip(List<Object> values) {
        PersistentArray<Object> a = Stores.array(broker(), uniqueId("types"));
        for (int i = 0; i < values.size(); i++) {
            a.set(i, null, null, values.get(i));
        }
        for (int i = 0; i < values.size(); i++) {
            Object back = await(a.get(i, null, null));
            assertTrue(StandardValues.same(values.get(i), back), "value " + i + ": " + values.get(i) + " came back as " + back);
        }
    }

    @Test
    public void aValueTheCodecRefusesFailsTheCallAndWritesNothing() {
        PersistentArray<Object> a = Stores.array(broker(), uniqueId("refuse"));
        await(a.set(1, 1, 1, "kept"));
        assertThrows(IllegalArgumentException.class, () -> a.set(1, 1, 1, new Object()));
        assertThrows(NullPointerException.class, () -> a.set(1, 1, 1, null));
        assertEquals("kept", await(a.get(1, 1, 1)));
    }

    @Test
    public void arraysAreIsolatedAndOutliveTheirBroker() {
        String id = uniqueId("persist");
        PersistentArray<Object> a = Stores.array(broker(), id);
        PersistentArray<Object> b = Stores.array(broker(), uniqueId("other"));
        for (int i = 0; i < 50; i++) {
            a.set(i, i, i, "a" + i);
        }
        b.set(1, 1, 1, "b");
        await(broker().shutdown());
        PersistentArray<Object> again = Stores.array(newBroker(), id);
        for (int i = 0; i < 50; i++) {
            assertEquals("a" + i, await(again.get(i, i, i)));
        }
        await(again.clear());
        assertNull(await(again.get(0, 0, 0)));
    }

    @Test
    public void aShutDownArrayRefusesOperations() {
        PersistentArray<Object> a = Stores.array(broker(), uniqueId("closed"));
        a.set(1, 1, 1, "v");
        await(a.shutdown());
        assertThrows(IllegalStateException.class, () -> a.get(1, 1, 1));
        assertEquals("v", await(Stores.array(broker(), a.id()).get(1, 1, 1)), "shutdown waited for the set");
    }
}
