package io.sasync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.persistence.Codecs;
import io.sasync.persistence.KeyCodecs;
import io.sasync.persistence.Stores;
import io.sasync.store.CodecException;
import io.sasync.store.DuplicateKeyException;
import io.sasync.store.Items;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Items}, run against a real database: every standard value, awkward and
 * refused names, groups, duplicates, deletes, codecs, and persistence across brokers. A test class
 * extends it and implements {@link #newDatabase()}. Uses {@link Capability#LARGE_OBJECTS} where
 * the database has it.
 */
public abstract class ItemsContract extends StoreContractSupport {

    /** For subclasses. */
    protected ItemsContract() {
    }

    /** Names that break naive SQL, encodings or lengths. */
    static final List<String> AWKWARD_NAMES = List.of(
            "it's", "say \"hi\"", "100%_done\\", "; DROP TABLE sasync_items; --", "a?b", "naïve ☃ 日本語 😀",
            "x".repeat(255), "日".repeat(255), " leading", "trailing ", "", "NULL", "line\nbreak");

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
        Items<String, Object> items = Stores.items(broker(), uniqueId("types"));
        for (int i = 0; i < values.size(); i++) {
            await(items.update("v" + i, values.get(i)));
        }
        Map<String, Object> all = await(items.loadAll());
        assertEquals(values.size(), all.size());
        for (int i = 0; i < values.size(); i++) {
            Object back = await(items.load("v" + i)).orElseThrow();
            assertTrue(StandardValues.same(values.get(i), back), "value " + i + ": " + values.get(i) + " came back as " + back);
            assertTrue(StandardValues.same(values.get(i), all.get("v" + i)), "loadAll value " + i);
        }
    }

    @Test
    public void anAbsentNameIsEmptyNotAnError() {
        Items<String, Object> items = Stores.items(broker(), uniqueId("absent"));
        assertEquals(Optional.empty(), await(items.load("nobody")));
        assertEquals(List.of(), await(items.names()));
        assertEquals(Map.of(), await(items.loadAll()));
        assertEquals(0, await(items.delete("nobody")));
    }

    @Test
    public void namesAreReadBackThroughTheKeyCodec() {
        String id = uniqueId("names");
        Items<String, Object> asText = Stores.items(broker(), id);
        await(asText.update("04", "four"));
        await(asText.update("10", "ten"));
        Items<Integer, Object> asNumbers = Stores.items(broker(), id, KeyCodecs.integers(), Codecs.standard());
        assertEquals(Set.of(4, 10), new HashSet<>(await(asNumbers.names())));
        assertEquals(Map.of(4, "four", 10, "ten"), await(asNumbers.loadAll()));
    }

    @Test
    public void groupsAreIsolated() {
        Items<String, Object> a = Stores.items(broker(), uniqueId("a"));
        Items<String, Object> b = Stores.items(broker(), uniqueId("b"));
        await(a.update("shared name", "from a"));
        await(b.update("shared name", "from b"));
        await(a.update("only a", 1));
        assertEquals(Optional.of("from a"), await(a.load("shared name")));
        assertEquals(Optional.of("from b"), await(b.load("shared name")));
        assertEquals(Optional.empty(), await(b.load("only a")));
        assertEquals(1, await(b.delete(List.of("shared name", "only a"))));
        assertEquals(List.of("only a", "shared name"), await(a.names()));
    }

    @Test
    public void awkwardNamesAreStoredExactly() {
        String id = uniqueId("awkward");
        Items<String, Object> items = Stores.items(broker(), id);
        List<String> storable = storable(AWKWARD_NAMES);
        for (String name : storable) {
            await(items.update(name, name.length()));
        }
        assertEquals(new HashSet<>(storable), new HashSet<>(await(items.names())));
        for (String name : storable) {
            assertEquals(Optional.of(name.length()), await(items.load(name)), name);
        }
        for (String name : AWKWARD_NAMES) {
            if (!storable.contains(name)) {
                assertRefusedAtTheCall(id, "", () -> items.update(name, 1));
            }
        }
        assertEquals(storable.size(), await(items.delete(storable)));
        assertEquals(List.of(), await(items.names()));
    }

    @Test
    public void namesTheDatabaseCannotKeepFailAtTheCallAndNothingBesideThemFails() {
        String id = uniqueId("bad-names");
        Items<String, Object> items = Stores.items(broker(), id);
        Map<String, Object> expected = new HashMap<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.put("before" + i, i);
            writes.add(items.update("before" + i, i));
        }
        unstorableKeys().forEach((bad, reason) -> {
            assertRefusedAtTheCall(id, reason, () -> items.update(bad, 1));
            assertRefusedAtTheCall(id, reason, () -> items.insert(bad, 1));
            assertRefusedAtTheCall(id, reason, () -> items.load(bad));
            assertRefusedAtTheCall(id, reason, () -> items.delete(bad));
            assertRefusedAtTheCall(id, reason, () -> items.delete(List.of("before0", bad)));
        });
        for (int i = 0; i < 200; i++) {
            expected.put("after" + i, i);
            writes.add(items.update("after" + i, i));
        }
        for (CompletableFuture<Void> write : writes) {
            await(write);
        }
        Items<String, Object> fresh = Stores.items(broker(), id);
        assertEquals(expected, await(fresh.loadAll()), "everything issued beside the refused names is stored");
        assertEquals(Optional.of(0), await(fresh.load("before0")), "the refused delete deleted nothing");
    }

    @Test
    public void namesThatDifferOnlyWhereADatabaseCouldMergeThemStayDistinctOrAreRefused() {
        for (List<String> pair : MERGEABLE_KEYS) {
            String id = uniqueId("merge");
            Items<String, Object> items = Stores.items(broker(), id);
            Map<String, Object> kept = new HashMap<>();
            for (int i = 0; i < pair.size(); i++) {
                String name = pair.get(i);
                int value = i;
                try {
                    await(items.update(name, value));
                    kept.put(name, value);
                } catch (IllegalArgumentException refused) {
                    assertTrue(refused.getMessage().contains(id), refused.getMessage());
                }
            }
            assertTrue(kept.size() >= 1, "one of each pair is an ordinary name: " + pair);
            Items<String, Object> fresh = Stores.items(broker(), id);
            assertEquals(kept, await(fresh.loadAll()), "names " + codes(pair) + " stay apart");
            for (Map.Entry<String, Object> e : kept.entrySet()) {
                assertEquals(Optional.of(e.getValue()), await(fresh.load(e.getKey())), codes(List.of(e.getKey())));
            }
        }
    }

    @Test
    public void aNameLongerThan255CharactersIsRefusedAtOnce() {
        Items<String, Object> items = Stores.items(broker(), uniqueId("long"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> items.update("x".repeat(256), 1));
        assertTrue(e.getMessage().contains("255"), e.getMessage());
    }

    @Test
    public void insertingAnExistingNameFailsAsDuplicateAndChangesNothing() {
        Items<String, Object> items = Stores.items(broker(), uniqueId("dup"));
        await(items.insert("k", "first"));
        DuplicateKeyException e = failure(items.insert("k", "second"), DuplicateKeyException.class);
        assertTrue(e.getMessage().contains("'k'"), e.getMessage());
        assertEquals(Optional.of("first"), await(items.load("k")));
        assertEquals(List.of("k"), await(items.names()));
    }

    @Test
    public void updateInsertsOrReplaces() {
        Items<String, Object> items = Stores.items(broker(), uniqueId("upsert"));
        await(items.update("k", 1));
        await(items.update("k", 2));
        assertEquals(Optional.of(2), await(items.load("k")));
        assertEquals(List.of("k"), await(items.names()));
    }

    @Test
    public void deleteCountsWhatItDeleted() {
        Items<String, Object> items = Stores.items(broker(), uniqueId("delete"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            many.add("n" + i);
            await(items.update("n" + i, i));
        }
        await(items.update("keep", true));
        many.add("never stored");
        assertEquals(250, await(items.delete(many)));
        assertEquals(List.of("keep"), await(items.names()));
        assertEquals(1, await(items.delete("keep")));
    }

    @Test
    public void aValueTheCodecRefusesFailsTheCallAndWritesNothing() {
        Items<String, Object> items = Stores.items(broker(), uniqueId("refuse"));
        await(items.update("k", "kept"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> items.update("k", new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object") && e.getMessage().contains("'k'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> items.insert("new", new StringBuilder()));
        assertEquals(Map.of("k", "kept"), await(items.loadAll()));
    }

    @Test
    public void nullsAreRefusedClearly() {
        Items<String, Object> items = Stores.items(broker(), uniqueId("nulls"));
        NullPointerException key = assertThrows(NullPointerException.class, () -> items.load(null));
        assertTrue(key.getMessage().contains("null keys"), key.getMessage());
        NullPointerException value = assertThrows(NullPointerException.class, () -> items.update("k", null));
        assertTrue(value.getMessage().contains("null values"), value.getMessage());
    }

    @Test
    public void bytesThatDoNotDecodeFailNamingTheStoreAndKey() {
        String id = uniqueId("corrupt");
        Items<String, String> raw = Stores.items(broker(), id, KeyCodecs.strings(),
                Codecs.of(s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8)));
        await(raw.update("bad", "these are not standard-codec bytes"));
        Items<String, Object> items = Stores.items(broker(), id);
        CodecException e = failure(items.load("bad"), CodecException.class);
        assertTrue(e.getMessage().contains(id) && e.getMessage().contains("'bad'"), e.getMessage());
        failure(items.loadAll(), CodecException.class);
        Items<Integer, Object> numbered = Stores.items(broker(), id, KeyCodecs.integers(), Codecs.standard());
        CodecException name = failure(numbered.names(), CodecException.class);
        assertTrue(name.getMessage().contains("'bad'"), name.getMessage());
    }

    @Test
    public void theSameIdFindsTheSameItemsThroughAnotherBroker() {
        String id = uniqueId("persist");
        Items<String, Object> items = Stores.items(broker(), id);
        Map<String, Object> written = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            written.put("k" + i, List.of(i, "v" + i));
            items.update("k" + i, List.of(i, "v" + i));
        }
        await(items.flush());
        await(broker().shutdown());
        Items<String, Object> again = Stores.items(newBroker(), id);
        assertEquals(written, new LinkedHashMap<>(await(again.loadAll())));
    }

    @Test
    public void aShutDownStoreRefusesOperations() {
        Items<String, Object> items = Stores.items(broker(), uniqueId("closed"));
        await(items.update("k", 1));
        await(items.shutdown());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> items.load("k"));
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
        assertTrue(broker().isRunning(), "shutting a store down leaves its broker() running");
    }
}
