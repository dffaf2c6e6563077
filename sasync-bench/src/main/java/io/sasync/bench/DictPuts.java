package io.sasync.bench;

import io.sasync.persistence.Stores;
import io.sasync.store.PersistentDict;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the dict-put benchmarks share: a dict of its own on a benchmark database, the keys its
 * puts cycle through (one invocation's {@value #PUTS} keys are all different), the measured
 * "puts, then a flush", and the clean-up that deletes the dict's rows.
 */
final class DictPuts {

    /** Puts per invocation, then a flush. */
    static final int PUTS = 1000;
    /** Distinct keys the puts cycle through. */
    private static final int KEYS = 10_000;

    private final BenchDatabase database;
    private final PersistentDict<String, Object> dict;
    private final long group;
    private final String[] keys = new String[KEYS];
    private long counter;

    /**
     * @param database the database, closed by {@link #close()}
     * @param dictOf   makes the dict of the id it is given
     */
    DictPuts(BenchDatabase database, Function<String, PersistentDict<String, Object>> dictOf) {
        this.database = database;
        String id = "bench-" + UUID.randomUUID();
        this.dict = dictOf.apply(id);
        this.group = Stores.groupId(id);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key-" + i;
        }
    }

    /** @return the dict */
    PersistentDict<String, Object> dict() {
        return dict;
    }

    /** @return the dict's group id, as its rows store it */
    long group() {
        return group;
    }

    /** @return the number of the next put, its value too */
    long next() {
        return counter++;
    }

    /** @return the key of put number {@code n} */
    String key(long n) {
        return keys[(int) (n % KEYS)];
    }

    /** {@value #PUTS} puts through the dict, then a flush. */
    void putAndFlush() {
        for (int i = 0; i < PUTS; i++) {
            long n = next();
            dict.put(key(n), n);
        }
        dict.flush().join();
    }

    /**
     * Shuts the dict down, deletes its rows and shuts the broker down.
     *
     * @throws SQLException when the database's tables cannot be dropped
     */
    void close() throws SQLException {
        try {
            dict.shutdown().join();
            database.broker().update("DELETE FROM sasync_items WHERE group_id = ?", group).join();
        } finally {
            database.close();
        }
    }
}
