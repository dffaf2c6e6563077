package io.sasync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.AsyncException;
import io.sasync.Broker;
import io.sasync.Row;
import io.sasync.TransactionException;
import io.sasync.persistence.Codecs;
import io.sasync.persistence.Coherence;
import io.sasync.persistence.KeyCodecs;
import io.sasync.persistence.Stores;
import io.sasync.store.CodecException;
import io.sasync.store.Items;
import io.sasync.store.KeyCodec;
import io.sasync.store.PersistentArray;
import io.sasync.store.PersistentDict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PersistentDict}, run against a real database: write-behind (coalesced,
 * ordered, flushed at shutdown), preload and its live map, refused keys and values, caches and
 * refresh, and many writers at once. A test class extends it and implements
 * {@link #newDatabase()}. Uses {@link Capability#LARGE_OBJECTS} where the database has it.
 */
public abstract class PersistentDictContract extends StoreContractSupport {

    /** For subclasses. */
    protected PersistentDictContract() {
    }

    private PersistentDict<String, Object> dict(String id) {
        return Stores.dict(broker(), id);
    }

    /** @return the rows of a dict, read with SQL behind the dict's back */
    private long storedRows(Broker b, String id) {
        List<Row> rows = await(b.sql("SELECT COUNT(*) FROM sasync_items WHERE group_id = ?", Stores.groupId(id)));
        return rows.get(0).get(0, Long.class);
    }

    @Test
    public void aPutIsReadFromTheCacheAtOnceAndFromTheDatabaseOnceCommitted() {
        String id = uniqueId("basic");
        PersistentDict<String, Object> users = dict(id);
        CompletableFuture<Void> put = users.put("ada", List.of("Ada", 1815));
        CompletableFuture<Object> read = users.get("ada");
        assertTrue(read.isDone(), "a cached read needs no transaction");
        assertEquals(List.of("Ada", 1815), read.join());
        await(put);
        assertEquals(1, storedRows(broker(), id), "the put's future completes when the row is committed");
        assertEquals(List.of("Ada", 1815), await(dict(id).get("ada")));
        assertNull(await(dict(id).get("nobody")));
        assertEquals("default", await(dict(id).getOrDefault("nobody", "default")));
        assertTrue(await(dict(id).containsKey("ada")));
        assertFalse(await(dict(id).containsKey("nobody")));
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
        String id = uniqueId("types");
        PersistentDict<String, Object> d = dict(id);
        for (int i = 0; i < values.size(); i++) {
            d.put("v" + i, values.get(i));
        }
        await(d.flush());
        PersistentDict<String, Object> fresh = dict(id);
        for (int i = 0; i < values.size(); i++) {
            Object back = await(fresh.get("v" + i));
            assertTrue(StandardValues.same(values.get(i), back), "value " + i + ": " + values.get(i) + " came back as " + back);
        }
    }

    @Test
    public void tenThousandPutsThenFlushThenAFreshDictSeesThemAll() {
        String id = uniqueId("many");
        PersistentDict<String, Object> d = dict(id);
        Map<String, Object> expected = new HashMap<>();
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            expected.put("k" + i, i);
            puts.add(d.put("k" + i, i));
        }
        await(d.flush());
        assertTrue(puts.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()),
                "flush() completes after every write issued before it");
        assertEquals(10_000, storedRows(broker(), id));
        PersistentDict<String, Object> fresh = dict(id);
        assertEquals(10_000, await(fresh.size()));
        assertEquals(expected, await(fresh.copy()));
    }

    @Test
    public void putsThenBrokerShutdownWithoutWaitingThenAFreshDictSeesThemAll() {
        String id = uniqueId("shutdown");
        PersistentDict<String, Object> d = dict(id);
        Map<String, Object> expected = new HashMap<>();
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            expected.put("k" + i, "v" + i);
            puts.add(d.put("k" + i, "v" + i));
        }
        await(broker().shutdown());
        assertTrue(puts.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()),
                "the broker()'s shutdown flushed every write");
        PersistentDict<String, Object> fresh = Stores.dict(newBroker(), id);
        assertEquals(expected, await(fresh.copy()));
    }

    @Test
    public void putsThenDictShutdownWithoutWaitingThenAFreshDictSeesThemAll() {
        String id = uniqueId("dict-shutdown");
        PersistentDict<String, Object> d = dict(id);
        for (int i = 0; i < 1_000; i++) {
            d.put("k" + i, i);
        }
        d.remove("k0");
        await(d.shutdown());
        assertThrows(IllegalStateException.class, () -> d.put("late", 1));
        assertTrue(broker().isRunning(), "shutting a dict down leaves its broker() running");
        PersistentDict<String, Object> fresh = dict(id);
        assertEquals(999, await(fresh.size()));
        assertNull(await(fresh.get("k0")));
    }

    @Test
    public void putRemovePutOfOneKeyWithoutWaitingLeavesTheLastValue() {
        String id = uniqueId("order");
        PersistentDict<String, Object> d = dict(id);
        d.put("k", 1);
        d.remove("k");
        d.put("k", 3);
        d.put("gone", 1);
        d.put("gone", 2);
        d.remove("gone");
        assertEquals(3, await(d.get("k")));
        assertNull(await(d.get("gone")));
        await(d.flush());
        PersistentDict<String, Object> fresh = dict(id);
        assertEquals(3, await(fresh.get("k")));
        assertNull(await(fresh.get("gone")));
        // The same across many batches: whatever was issued last wins.
        Map<String, Object> expected = new HashMap<>();
        for (int i = 0; i < 3_000; i++) {
            String key = "r" + (i % 7);
            if (i % 5 == 0) {
                d.remove(key);
                expected.remove(key);
            } else {
                d.put(key, i);
                expected.put(key, i);
            }
        }
        await(d.flush());
        expected.put("k", 3);
        assertEquals(expected, await(dict(id).copy()));
    }

    @Test
    public void aClearNotWaitedOnIsSeenByTheReadsAfterIt() {
        String id = uniqueId("clear");
        PersistentDict<String, Object> d = dict(id);
        d.put("a", 1);
        d.put("b", 2);
        await(d.flush());
        PersistentDict<String, Object> other = dict(id); // has cached nothing
        CompletableFuture<Void> cleared = other.clear();
        assertNull(await(other.get("a")), "a read after clear() sees it, without waiting for the database");
        assertFalse(await(other.containsKey("b")));
        assertEquals(Set.of(), await(other.keys()));
        assertEquals(0, await(other.size()));
        other.put("c", 3);
        assertEquals(Map.of("c", 3), await(other.copy()));
        await(cleared);
        await(other.flush());
        assertEquals(Map.of("c", 3), await(dict(id).copy()));
    }

    @Test
    public void readsOfANonPreloadedDictLayPendingWritesOverTheDatabase() {
        String id = uniqueId("overlay");
        PersistentDict<String, Object> seed = dict(id);
        seed.put("a", 1);
        seed.put("b", 2);
        await(seed.flush());
        PersistentDict<String, Object> d = dict(id);
        d.put("c", 3);
        d.remove("a");
        assertEquals(Set.of("b", "c"), await(d.keys()));
        assertEquals(2, await(d.size()));
        assertEquals(Set.of(2, 3), Set.copyOf(await(d.values())));
        assertEquals(Set.of(Map.entry("b", 2), Map.entry("c", 3)), await(d.entries()));
        assertEquals(Map.of("b", 2, "c", 3), await(d.copy()));
    }

    @Test
    public void setDefaultPutsOnlyWhenAbsent() {
        String id = uniqueId("default");
        PersistentDict<String, Object> d = dict(id);
        assertEquals(1, await(d.setDefault("k", 1)));
        assertEquals(1, await(d.setDefault("k", 2)));
        assertEquals(1, await(dict(id).setDefault("k", 3)), "a fresh dict finds the stored value");
        d.remove("k");
        assertEquals(4, await(d.setDefault("k", 4)));
        assertEquals(4, await(dict(id).get("k")));
    }

    @Test
    public void putIfAbsentTakesEffectOnceAcrossDicts() {
        String id = uniqueId("absent");
        PersistentDict<String, Object> d = dict(id);
        PersistentDict<String, Object> other = dict(id);
        assertTrue(await(d.putIfAbsent("k", 1)));
        assertFalse(await(other.putIfAbsent("k", 2)), "another cache, the same row");
        assertEquals(1, await(other.get("k")), "the failed call caches what the database holds");
        assertFalse(await(d.putIfAbsent("k", 3)));
        assertEquals(1, storedRows(broker(), id));
    }

    @Test
    public void replaceIsACompareAndSetOnTheStoredValue() {
        String id = uniqueId("cas");
        PersistentDict<String, Object> d = dict(id);
        PersistentDict<String, Object> other = dict(id);
        assertFalse(await(d.replace("k", 1, 2)), "an absent key holds no expected value");
        await(d.put("k", List.of("a", 1)));
        assertEquals(List.of("a", 1), await(other.get("k")));
        assertTrue(await(d.replace("k", List.of("a", 1), List.of("a", 2))));
        assertFalse(await(other.replace("k", List.of("a", 1), List.of("a", 3))), "its cache is stale, the row is not");
        assertEquals(List.of("a", 2), await(other.get("k")), "the failed call caches what the database holds");
        assertTrue(await(other.replace("k", List.of("a", 2), List.of("a", 3))));
        assertEquals(List.of("a", 3), await(dict(id).get("k")));
        assertThrows(NullPointerException.class, () -> d.replace("k", null, 1));
    }

    @Test
    public void anAtomicOperationComesAfterTheWritesToItsKeyIssuedBeforeIt() {
        String id = uniqueId("cas-order");
        PersistentDict<String, Object> d = dict(id);
        d.put("k", 5);
        assertTrue(await(d.replace("k", 5, 6)), "the queued put is committed first");
        d.remove("k");
        assertTrue(await(d.putIfAbsent("k", 7)), "the queued remove is committed first");
        assertEquals(7, await(d.get("k")));
        assertEquals(7, await(dict(id).get("k")));
    }

    @Test
    public void compareAndSetIncrementsFromTwoDictsLoseNoUpdate() throws Exception {
        String id = uniqueId("counter");
        List<PersistentDict<String, Object>> dicts = List.of(dict(id), dict(id));
        await(dicts.get(0).putIfAbsent("n", 0));
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                PersistentDict<String, Object> d = dicts.get(t % 2);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        int n;
                        do {
                            n = (Integer) await(d.get("n"));
                        } while (!await(d.replace("n", n, n + 1)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4 * each, await(dict(id).get("n")));
    }

    /**
     * Two coherent dicts of one id behave as two processes: each one's commits reach the other's
     * cache and preloaded map (through the dialect's change notifications, or by polling the change
     * counter every 20 ms where it has none).
     */
    @Test
    public void coherentDictsOfOneIdLearnEachOthersCommits() {
        String id = uniqueId("coherent");
        Coherence fast = Coherence.acrossProcesses().withPollInterval(Duration.ofMillis(20));
        PersistentDict<String, Object> writer = Stores.dict(broker(), id, fast);
        PersistentDict<String, Object> cached = Stores.dict(broker(), id, fast);
        PersistentDict<String, Object> preloaded = Stores.dict(broker(), id, fast);
        await(writer.put("k", 1));
        assertEquals(1, await(cached.get("k")));
        Map<String, Object> map = await(preloaded.preload());
        await(writer.put("k", 2));
        await(writer.put("other", 3));
        awaitTrue(() -> Map.of("k", 2, "other", 3).equals(map) && Integer.valueOf(2).equals(await(cached.get("k"))),
                () -> "the change in the map " + map + " and the cache");
        await(writer.remove("k"));
        awaitTrue(() -> !map.containsKey("k") && await(cached.get("k")) == null, () -> "the removal, in " + map);
        assertTrue(preloaded.coherence().notifications() >= 2, preloaded.coherence().toString());
        await(writer.shutdown());
        await(cached.shutdown());
        await(preloaded.shutdown());
    }

    @Test
    public void preloadGivesALiveSynchronousMapWhoseWritesReachTheDatabase() {
        String id = uniqueId("preload");
        PersistentDict<String, Object> seed = dict(id);
        for (int i = 0; i < 10; i++) {
            seed.put("k" + i, i);
        }
        await(seed.flush());

        PersistentDict<String, Object> d = dict(id);
        assertFalse(d.isPreloaded());
        Map<String, Object> map = await(d.preload());
        assertTrue(d.isPreloaded());
        assertEquals(10, map.size());
        assertEquals(3, map.get("k3"));
        assertNull(map.get("nobody"));

        Map<String, Object> expected = new HashMap<>(map);
        assertEquals(expected, map);
        assertEquals(expected.hashCode(), map.hashCode());

        for (Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> e = it.next();
            if (e.getKey().equals("k0")) {
                it.remove();
            } else if (e.getKey().equals("k1")) {
                e.setValue("one");
            }
        }
        expected.remove("k0");
        expected.put("k1", "one");
        assertEquals(9, expected.put("k9", "nine"), "put returns the previous value");
        map.put("k9", "nine");
        map.putAll(Map.of("x", List.of(1, 2), "y", Map.of("z", true)));
        expected.putAll(Map.of("x", List.of(1, 2), "y", Map.of("z", true)));
        map.compute("k2", (k, v) -> (Integer) v + 100);
        expected.compute("k2", (k, v) -> (Integer) v + 100);
        map.merge("k3", 1000, (a, b) -> (Integer) a + (Integer) b);
        expected.merge("k3", 1000, (a, b) -> (Integer) a + (Integer) b);
        map.computeIfAbsent("new", k -> k.length());
        expected.computeIfAbsent("new", k -> k.length());
        assertEquals(4, map.remove("k4"));
        expected.remove("k4");
        map.keySet().removeIf(k -> k.equals("k5"));
        expected.keySet().removeIf(k -> k.equals("k5"));
        map.values().remove(6);
        expected.values().remove(6);
        assertEquals(expected, map);
        assertEquals(expected.hashCode(), map.hashCode());

        int seen = 0;
        for (Map.Entry<String, Object> e : d) {
            assertEquals(expected.get(e.getKey()), e.getValue());
            seen++;
        }
        assertEquals(expected.size(), seen);
        assertEquals(expected.get("k2"), await(d.get("k2")), "the asynchronous API sees the same cache");

        await(d.flush());
        assertEquals(expected, await(dict(id).copy()));
    }

    @Test
    public void iteratingWithoutPreloadFailsWithAsyncException() {
        PersistentDict<String, Object> d = dict(uniqueId("async"));
        d.put("k", 1);
        AsyncException e = assertThrows(AsyncException.class, d::iterator);
        assertTrue(e.getMessage().contains("preload"), e.getMessage());
        assertThrows(AsyncException.class, d::map);
        assertThrows(AsyncException.class, () -> {
            for (Map.Entry<String, Object> entry : d) {
                entry.getKey();
            }
        });
    }

    @Test
    public void valuesTheCodecRefusesFailThatCallAndLeaveTheStoreAsItWas() {
        String id = uniqueId("refuse");
        PersistentDict<String, Object> d = dict(id);
        await(d.put("k", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.put("k", new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object") && e.getMessage().contains("'k'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.put("new", List.of(new Object())));
        assertThrows(IllegalArgumentException.class, () -> d.setDefault("other", new Object()));
        assertEquals(1, await(d.get("k")));
        assertFalse(await(d.containsKey("new")));
        Map<String, Object> map = await(d.preload());
        assertThrows(IllegalArgumentException.class, () -> map.put("k", new StringBuilder()));
        assertEquals(Map.of("k", 1), map);
        await(d.flush());
        assertEquals(Map.of("k", 1), await(dict(id).copy()));
    }

    @Test
    public void nullAndOverlongKeysAreRefusedClearly() {
        PersistentDict<String, Object> d = dict(uniqueId("keys"));
        NullPointerException e = assertThrows(NullPointerException.class, () -> d.get(null));
        assertTrue(e.getMessage().contains("null keys"), e.getMessage());
        assertThrows(NullPointerException.class, () -> d.put(null, 1));
        assertThrows(NullPointerException.class, () -> d.put("k", null));
        assertThrows(IllegalArgumentException.class, () -> d.put("x".repeat(256), 1));
    }

    @Test
    public void awkwardKeysRoundTrip() {
        String id = uniqueId("awkward");
        PersistentDict<String, Object> d = dict(id);
        List<String> storable = storable(ItemsContract.AWKWARD_NAMES);
        for (String key : storable) {
            d.put(key, key);
        }
        await(d.flush());
        Map<String, Object> back = await(dict(id).copy());
        assertEquals(storable.size(), back.size());
        for (String key : storable) {
            assertEquals(key, back.get(key));
        }
    }

    @Test
    public void aKeyTheDatabaseCannotKeepFailsAtTheCallAndEveryWriteBesideItCommits() {
        String id = uniqueId("bad-keys");
        PersistentDict<String, Object> d = dict(id);
        Map<String, Object> expected = new HashMap<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.put("before" + i, i);
            writes.add(d.put("before" + i, i));
        }
        Map<String, String> unstorable = unstorableKeys();
        unstorable.forEach((bad, reason) -> {
            assertRefusedAtTheCall(id, reason, () -> d.put(bad, 1));
            assertRefusedAtTheCall(id, reason, () -> d.remove(bad));
            assertRefusedAtTheCall(id, reason, () -> d.setDefault(bad, 1));
            assertRefusedAtTheCall(id, reason, () -> d.get(bad));
            assertRefusedAtTheCall(id, reason, () -> d.containsKey(bad));
        });
        for (int i = 0; i < 200; i++) {
            expected.put("after" + i, i);
            writes.add(d.put("after" + i, i));
        }
        await(d.flush());
        for (CompletableFuture<Void> write : writes) {
            assertTrue(write.isDone() && !write.isCompletedExceptionally(), "every write beside the refused ones committed");
        }
        assertEquals(expected, await(dict(id).copy()), "a fresh dict reads every write back");

        Map<String, Object> map = await(d.preload());
        unstorable.forEach((bad, reason) -> {
            assertRefusedAtTheCall(id, reason, () -> map.put(bad, 1));
            assertRefusedAtTheCall(id, reason, () -> map.putIfAbsent(bad, 1));
            assertRefusedAtTheCall(id, reason, () -> map.merge(bad, 1, (a, b) -> b));
            assertRefusedAtTheCall(id, reason, () -> map.compute(bad, (k, v) -> 1));
            assertRefusedAtTheCall(id, reason, () -> map.computeIfAbsent(bad, k -> 1));
            Map<String, Object> some = new LinkedHashMap<>();
            some.put("fine", 1);
            some.put(bad, 2);
            assertRefusedAtTheCall(id, reason, () -> map.putAll(some));
            assertNull(map.get(bad));
        });
        assertFalse(map.containsKey("fine"), "a putAll with a refused key changes nothing");
        map.put("through the map", true);
        expected.put("through the map", true);
        assertEquals(expected, map);
        await(d.flush());
        assertEquals(expected, await(dict(id).copy()));
    }

    @Test
    public void keysThatDifferOnlyWhereADatabaseCouldMergeThemStayDistinctOrAreRefused() {
        for (List<String> pair : MERGEABLE_KEYS) {
            String id = uniqueId("merge");
            PersistentDict<String, Object> d = dict(id);
            Map<String, Object> kept = new HashMap<>();
            for (int i = 0; i < pair.size(); i++) {
                try {
                    d.put(pair.get(i), i);
                    kept.put(pair.get(i), i);
                } catch (IllegalArgumentException refused) {
                    assertTrue(refused.getMessage().contains(id), refused.getMessage());
                }
            }
            assertTrue(kept.size() >= 1, "one of each pair is an ordinary key: " + codes(pair));
            await(d.flush());
            PersistentDict<String, Object> fresh = dict(id);
            assertEquals(kept, await(fresh.copy()), "keys " + codes(pair) + " stay apart");
            PersistentDict<String, Object> another = dict(id);
            for (Map.Entry<String, Object> e : kept.entrySet()) {
                assertEquals(e.getValue(), await(another.get(e.getKey())), codes(List.of(e.getKey())));
            }
        }
    }

    @Test
    public void theTextAKeyCodecWritesIsCheckedToo() {
        String id = uniqueId("codec-text");
        PersistentDict<Object, Object> scalars = Stores.dict(broker(), id, KeyCodecs.scalars(), Codecs.standard());
        scalars.put(1, "one");
        assertRefusedAtTheCall(id, "U+0000", () -> scalars.put("x\u0000", 1));
        assertRefusedAtTheCall(id, "unpaired surrogate", () -> scalars.put('\uD800', 1));
        boolean spaceRefused = broker().dialect().keyTextProblem("c: ").isPresent();
        if (spaceRefused) {
            assertRefusedAtTheCall(id, "ends with a space", () -> scalars.put(' ', 1));
        } else {
            scalars.put(' ', "space");
        }
        scalars.put('c', "c");
        await(scalars.flush());
        Map<Object, Object> expected = new HashMap<>(Map.of(1, "one", 'c', "c"));
        if (!spaceRefused) {
            expected.put(' ', "space");
        }
        assertEquals(expected, await(Stores.dict(broker(), id, KeyCodecs.scalars(), Codecs.standard()).copy()));

        String customId = uniqueId("codec-custom");
        KeyCodec<Integer> marked = KeyCodecs.of(i -> i < 0 ? "minus\u0000" + -i : Integer.toString(i), Integer::valueOf);
        PersistentDict<Integer, Object> custom = Stores.dict(broker(), customId, marked, Codecs.standard());
        custom.put(1, "one");
        IllegalArgumentException e = assertRefusedAtTheCall(customId, "U+0000", () -> custom.put(-1, "minus one"));
        assertTrue(e.getMessage().contains("minus\\u0000"), "the message shows the stored text: " + e.getMessage());
        custom.put(2, "two");
        await(custom.flush());
        assertEquals(Map.of(1, "one", 2, "two"), await(Stores.dict(broker(), customId, marked, Codecs.standard()).copy()));
    }

    @Test
    public void twoDictsWithTheSameIdShareRowsButNotCaches() {
        String id = uniqueId("twins");
        PersistentDict<String, Object> one = dict(id);
        PersistentDict<String, Object> two = dict(id);
        await(one.put("a", 1));
        assertEquals(1, await(two.get("a")), "a miss reads what the other committed");
        await(two.put("a", 2));
        assertEquals(1, await(one.get("a")), "a cached value stays until refresh()");
        await(one.refresh());
        assertEquals(2, await(one.get("a")));
        await(one.shutdown());
        await(two.put("b", 3));
        assertEquals(Map.of("a", 2, "b", 3), await(dict(id).copy()));
    }

    @Test
    public void aPreloadedDictReloadsOnRefresh() {
        String id = uniqueId("reload");
        PersistentDict<String, Object> d = dict(id);
        Map<String, Object> map = await(d.preload());
        Items<String, Object> items = Stores.items(broker(), id);
        await(items.update("from elsewhere", 1));
        assertFalse(map.containsKey("from elsewhere"));
        d.put("mine", 2);
        await(d.refresh());
        assertTrue(d.isPreloaded());
        assertEquals(Map.of("from elsewhere", 1, "mine", 2), map);
    }

    @Test
    public void aDictAndItemsWithTheSameIdAreTheSameEntries() {
        String id = uniqueId("items");
        PersistentDict<String, Object> d = dict(id);
        await(d.put("k", "v"));
        assertEquals("v", await(Stores.items(broker(), id).load("k")).orElseThrow());
    }

    @Test
    public void aDictAndAnArrayShareOneBroker() {
        String id = uniqueId("shared");
        PersistentDict<String, Object> d = dict(id);
        PersistentArray<Object> a = Stores.array(broker(), id);
        d.put("k", 1);
        a.set(1, 2, 3, "cell");
        a.set(1, 2, null, "flat");
        d.put("j", 2);
        await(d.flush());
        await(a.flush());
        assertEquals("cell", await(a.get(1, 2, 3)));
        assertEquals(Map.of("k", 1, "j", 2), await(dict(id).copy()));
        await(a.clear());
        assertEquals(Map.of("k", 1, "j", 2), await(dict(id).copy()), "clearing the array leaves the dict alone");
        await(d.clear());
        await(a.set(0, 0, 0, "after"));
        assertEquals("after", await(Stores.array(broker(), id).get(0, 0, 0)), "clearing the dict leaves the array alone");
    }

    @Test
    public void storedBytesThatDoNotDecodeFailNamingTheStoreAndKey() {
        String id = uniqueId("corrupt");
        Items<String, String> raw = Stores.items(broker(), id, KeyCodecs.strings(),
                Codecs.of(s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8)));
        await(raw.update("bad", "not standard bytes"));
        PersistentDict<String, Object> d = dict(id);
        CodecException e = failure(d.get("bad"), CodecException.class);
        assertTrue(e.getMessage().contains(id) && e.getMessage().contains("'bad'"), e.getMessage());
        failure(d.preload(), CodecException.class);
        assertFalse(d.isPreloaded());
    }

    @Test
    public void aPutInsideATransactionIsCommittedOnItsOwnEvenWhenThatTransactionRollsBack() {
        String id = uniqueId("nested");
        PersistentDict<String, Object> d = dict(id);
        failure(broker().transact(s -> {
            d.put("k", "written behind");
            throw new IllegalStateException("roll this transaction back");
        }), TransactionException.class);
        await(d.flush());
        assertEquals("written behind", await(dict(id).get("k")));
    }

    @Test
    public void aFailedWriteBehindFailsItsFutureAndTheNextFlush() {
        String id = uniqueId("failing");
        PersistentDict<String, Object> d = dict(id);
        await(d.put("k", 1));
        await(broker().update("DROP TABLE sasync_items"));
        CompletableFuture<Void> put = d.put("k", 2);
        failure(put, TransactionException.class);
        failure(d.flush(), TransactionException.class);
        assertEquals(2, await(d.get("k")), "the cache keeps what the program wrote");
        await(d.flush()); // reported once
    }

    @Test
    public void manyThreadsWritingAtOnceLoseNothing() throws Exception {
        String id = uniqueId("threads");
        PersistentDict<String, Object> d = dict(id);
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        d.put(thread + ":" + i, i);
                        d.put("shared", thread);
                        if (i % 10 == 0) {
                            d.remove(thread + ":" + (i / 2));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> cached = await(d.copy());
        await(d.flush());
        assertEquals(cached, await(dict(id).copy()), "the database ends as the cache shows");
    }
}
