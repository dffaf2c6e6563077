package io.sasync.bench;

import io.sasync.store.PersistentDict;
import io.sasync.persistence.Stores;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 5: a {@link PersistentDict} {@code get} answered from its cache, against
 * {@link ConcurrentHashMap#get} on a map with the same entries. The dict holds {@value #KEYS}
 * entries, all cached; both sides look up the same keys in the same order. The database (H2 in
 * memory) is never reached: it only holds the entries.
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DictGetBenchmark {

    private static final int KEYS = 10_000;

    private BenchDatabase database;
    private PersistentDict<String, Object> dict;
    private Map<String, Object> preloaded;
    private final ConcurrentHashMap<String, Object> map = new ConcurrentHashMap<>();
    private String[] keys;
    private int next;

    /** Writes the entries through a dict, then preloads it, which caches them all. */
    @Setup(Level.Trial)
    public void open() {
        database = BenchDatabase.open(BenchDatabase.h2Memory(2));
        dict = Stores.dict(database.broker(), "bench-" + UUID.randomUUID());
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key-" + i;
            Long value = (long) i;
            dict.put(keys[i], value);
            map.put(keys[i], value);
        }
        preloaded = dict.preload().join();
    }

    /**
     * Shuts the dict and the broker down.
     *
     * @throws SQLException when the broker's tables cannot be dropped
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        try {
            dict.shutdown().join();
        } finally {
            database.close();
        }
    }

    private String nextKey() {
        String key = keys[next];
        next = next + 1 == KEYS ? 0 : next + 1;
        return key;
    }

    /** @return the value: {@code PersistentDict.get(key).join()}, a cache hit */
    @Benchmark
    public Object getSasync() {
        return dict.get(nextKey()).join();
    }

    /** @return the value: {@code get} on the preloaded dict's live {@link Map} view */
    @Benchmark
    public Object getPreloadedView() {
        return preloaded.get(nextKey());
    }

    /** @return the value: {@link ConcurrentHashMap#get} */
    @Benchmark
    public Object getConcurrentHashMap() {
        return map.get(nextKey());
    }
}
