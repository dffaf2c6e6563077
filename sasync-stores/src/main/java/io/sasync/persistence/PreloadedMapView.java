package io.sasync.persistence;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The live, synchronous {@link Map} of a preloaded {@link DictStore}: reads come from the dict's
 * {@link DictCache}, writes go to the dict (into the cache at once, to the database behind).
 * Iteration is weakly consistent (never throws {@code ConcurrentModificationException}); the
 * compound operations ({@code putIfAbsent}, {@code compute}, …) run {@link Writes#atomically
 * atomically} with respect to every other change of the dict.
 *
 * <p>Holds no lock of its own: {@link Writes} takes the dict's.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class PreloadedMapView<K, V> extends AbstractMap<K, V> {

    /** The changes the view makes to its dict. */
    interface Writes<K, V> {
        /** @return the previous value, or {@code null} */
        V put(K key, V value);

        /** Puts every entry, or none when one is refused. */
        void putAll(Map<? extends K, ? extends V> entries);

        /** @return the previous value, or {@code null} when the key had none (nothing is written then) */
        V remove(Object key);

        void clear();

        /**
         * Makes a change as one step: no other change of the dict comes in between, and what it
         * stages is written behind once it is over.
         */
        <R> R atomically(Supplier<R> change);
    }

    private final Map<K, V> cached;
    private final Writes<K, V> writes;
    private final EntrySet entries = new EntrySet();

    /**
     * @param cache  the dict's cache
     * @param writes the dict's changes
     */
    PreloadedMapView(DictCache<K, V> cache, Writes<K, V> writes) {
        this.cached = cache.entries();
        this.writes = writes;
    }

    @Override
    public int size() {
        return cached.size();
    }

    @Override
    public boolean isEmpty() {
        return cached.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && cached.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return value != null && cached.containsValue(value);
    }

    @Override
    public V get(Object key) {
        return key == null ? null : cached.get(key);
    }

    @Override
    public V put(K key, V value) {
        return writes.put(key, value);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        writes.putAll(entries);
    }

    @Override
    public V remove(Object key) {
        return key == null ? null : writes.remove(key);
    }

    @Override
    public void clear() {
        writes.clear();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return entries;
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return writes.atomically(() -> super.putIfAbsent(key, value));
    }

    @Override
    public boolean remove(Object key, Object value) {
        return writes.atomically(() -> super.remove(key, value));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return writes.atomically(() -> super.replace(key, oldValue, newValue));
    }

    @Override
    public V replace(K key, V value) {
        return writes.atomically(() -> super.replace(key, value));
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
        return writes.atomically(() -> super.computeIfAbsent(key, mapping));
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        return writes.atomically(() -> super.computeIfPresent(key, remapping));
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        return writes.atomically(() -> super.compute(key, remapping));
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
        return writes.atomically(() -> super.merge(key, value, remapping));
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        writes.atomically(() -> {
            super.replaceAll(function);
            return null;
        });
    }

    private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            Iterator<Map.Entry<K, V>> it = cached.entrySet().iterator();
            return new Iterator<>() {
                private K last;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Map.Entry<K, V> next() {
                    if (!it.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Map.Entry<K, V> e = it.next();
                    last = e.getKey();
                    return new WriteThroughEntry(e.getKey(), e.getValue());
                }

                @Override
                public void remove() {
                    if (last == null) {
                        throw new IllegalStateException("next() has not been called, or remove() was already called");
                    }
                    writes.remove(last);
                    last = null;
                }
            };
        }

        @Override
        public int size() {
            return cached.size();
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof Map.Entry<?, ?> e && e.getKey() != null && e.getValue() != null
                    && e.getValue().equals(cached.get(e.getKey()));
        }

        @Override
        public boolean remove(Object o) {
            return writes.atomically(() -> {
                if (!contains(o)) {
                    return false;
                }
                writes.remove(((Map.Entry<?, ?>) o).getKey());
                return true;
            });
        }

        @Override
        public void clear() {
            writes.clear();
        }
    }

    /** An entry of the view: {@code setValue} writes through to the dict. */
    private final class WriteThroughEntry extends AbstractMap.SimpleEntry<K, V> {
        WriteThroughEntry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            V previous = writes.put(getKey(), value);
            super.setValue(value);
            return previous;
        }
    }
}
