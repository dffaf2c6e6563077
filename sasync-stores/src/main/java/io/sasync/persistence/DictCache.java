package io.sasync.persistence;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What a {@link DictStore} knows of its entries: {@code present} (keys known to have a value)
 * and {@code absent} (keys known to have none: removed here).
 *
 * <p>Guarded by the dict's lock for every change, and read without it: both maps are concurrent,
 * so reads and the preloaded view's iteration need no lock. A put writes {@code present} before
 * clearing {@code absent} and a remove fills {@code absent} before clearing {@code present}, so a
 * reader without the lock never sees a cached key as uncached. The cache is
 * <em>authoritative</em> (a miss means absent, without asking the database) once preloaded, and
 * while a clear waits to be committed. The <em>epoch</em> counts clears and refreshes, so that a
 * read of the database that began before one does not cache what it saw.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class DictCache<K, V> {

    private final ConcurrentHashMap<K, V> present = new ConcurrentHashMap<>();
    private final Set<K> absent = ConcurrentHashMap.newKeySet();
    private volatile boolean preloaded;
    private volatile int clearsOutstanding;
    private volatile long epoch;

    // ------------------------------------------------------------------ reads, without the lock

    /** @return the cached value, or {@code null} when the key has none or is not cached */
    V get(Object key) {
        return key == null ? null : present.get(key);
    }

    /** @return whether the key is known to have no value, without asking the database */
    boolean knownAbsent(K key) {
        return absent.contains(key) || authoritative();
    }

    /** @return whether a miss means absent: preloaded, or a clear waits to be committed */
    boolean authoritative() {
        return preloaded || clearsOutstanding > 0;
    }

    boolean isPreloaded() {
        return preloaded;
    }

    /** @return whether a clear waits to be committed, so that what is stored no longer counts */
    boolean clearWaiting() {
        return clearsOutstanding > 0;
    }

    /** @return the current epoch, to pass to {@link #loaded} once a read of the database returns */
    long epoch() {
        return epoch;
    }

    /** @return the entries with a value: a live, concurrent map; change it only through this class */
    Map<K, V> entries() {
        return present;
    }

    // ------------------------------------------------------------------ changes, holding the lock

    void put(K key, V value) {
        present.put(key, value);
        absent.remove(key);
    }

    void remove(K key) {
        absent.add(key);
        present.remove(key);
    }

    /**
     * Forgets everything: a clear was issued.
     *
     * @param newClear whether it is a clear of its own rather than one merged into a waiting clear
     */
    void clear(boolean newClear) {
        epoch++;
        if (newClear) {
            clearsOutstanding++;
        }
        absent.clear();
        present.clear();
    }

    /**
     * Caches what the database holds for a key, learnt from a transaction that committed after
     * every write of this dict to the key.
     *
     * @param value the stored value, or {@code null} when the key has none
     */
    void stored(K key, V value) {
        if (value != null) {
            put(key, value);
        } else {
            remove(key);
        }
    }

    /**
     * Forgets what is cached of a key, so that the next read asks the database; a read of the
     * database already under way does not cache what it saw.
     */
    void forget(K key) {
        epoch++;
        present.remove(key);
        absent.remove(key);
    }

    /** A clear was committed. */
    void clearCommitted() {
        clearsOutstanding--;
    }

    /** Every waiting clear was given up. */
    void clearsAbandoned() {
        clearsOutstanding = 0;
    }

    /**
     * Caches what a read of one key found, unless the cache learnt something newer meanwhile.
     *
     * @param since the epoch when the read began
     */
    void loaded(K key, V value, long since) {
        if (epoch == since && !authoritative() && !present.containsKey(key) && !absent.contains(key)) {
            present.put(key, value);
        }
    }

    /**
     * Drops every cached entry that has no uncommitted write.
     *
     * @param dirty whether a key has an uncommitted write
     */
    void refresh(Predicate<K> dirty) {
        epoch++;
        present.keySet().removeIf(dirty.negate());
        absent.removeIf(dirty.negate());
    }

    /**
     * Lays the uncommitted writes over what a load of every entry read, and makes the cache agree
     * with the load for every other key: the load ran between two batches, so it is at least as
     * fresh as the cache for them.
     *
     * @param stored  what the load read, or {@code null} when a clear waits (nothing stored counts)
     * @param dirty   the keys with uncommitted writes
     * @param preload whether the cache now holds every entry
     * @return every entry, as the dict shows them
     */
    Map<K, V> merge(Map<K, V> stored, Set<K> dirty, boolean preload) {
        Map<K, V> result;
        if (stored == null || clearWaiting()) {
            result = new HashMap<>(present);
        } else {
            result = new HashMap<>(stored);
            for (K key : dirty) {
                V mine = present.get(key);
                if (mine != null) {
                    result.put(key, mine);
                } else {
                    result.remove(key);
                }
            }
            for (Map.Entry<K, V> e : stored.entrySet()) {
                if (!dirty.contains(e.getKey())) {
                    put(e.getKey(), e.getValue());
                }
            }
            present.keySet().removeIf(k -> !stored.containsKey(k) && !dirty.contains(k));
        }
        if (preload) {
            preloaded = true;
        }
        return result;
    }

    /**
     * @param stored the keys a load read, or {@code null} when a clear waits
     * @param dirty  the keys with uncommitted writes
     * @return every key, as the dict shows them
     */
    Set<K> mergeKeys(Set<K> stored, Set<K> dirty) {
        if (stored == null || clearWaiting()) {
            return Set.copyOf(present.keySet());
        }
        Set<K> result = new HashSet<>(stored);
        for (K key : dirty) {
            if (present.containsKey(key)) {
                result.add(key);
            } else {
                result.remove(key);
            }
        }
        return Set.copyOf(result);
    }
}
