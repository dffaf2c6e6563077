package io.sasync.persistence;

import io.sasync.Broker;
import io.sasync.TableSpec;
import io.sasync.store.Codec;
import io.sasync.store.Items;
import io.sasync.store.KeyCodec;
import io.sasync.store.PersistentArray;
import io.sasync.store.PersistentDict;
import java.util.Objects;

/**
 * Makes the persistent stores over a {@link Broker}.
 *
 * <pre>{@code
 * Broker broker = new AccessBroker(DatabaseConfig.of("jdbc:h2:./data/app"));
 * PersistentDict<String, Object> users = Stores.dict(broker, "users");
 * Items<Integer, String> labels = Stores.items(broker, "labels", KeyCodecs.integers(), Codecs.standard(String.class));
 * PersistentArray<Object> board = Stores.array(broker, "board");
 * }</pre>
 *
 * <p>Without codecs, names are strings and values go through {@link Codecs#standard()}. A store
 * creates its table ({@link #itemsTable()} or {@link #arrayTable()}) through the broker's
 * dialect on first use, and registers with {@link Broker#beforeShutdown} so that the broker's
 * shutdown flushes it. Make a store once per id and keep it: two stores with the same id each
 * have their own cache (they behave like two processes sharing the database).
 *
 * <p>A store's rows are found by {@link #groupId(String)} of its id. {@link Items} and
 * {@link PersistentDict} share {@code sasync_items}: the dict and the items of one id are the
 * same entries. {@link PersistentArray}s have {@code sasync_array} to themselves.
 *
 * <p>Every factory method has a form taking {@link StoreTables} right after the id, for stores
 * that keep their rows in tables of their own, by name or by schema:
 * {@code Stores.dict(broker, "users", StoreTables.defaults().inSchema("billing"))}. The forms
 * without it use {@link StoreTables#defaults()}.
 */
public final class Stores {

    private Stores() {
    }

    /**
     * @param broker the broker
     * @param id     the store's id
     * @return items with string names and values in the standard codec
     */
    public static Items<String, Object> items(Broker broker, String id) {
        return items(broker, id, KeyCodecs.strings(), Codecs.standard());
    }

    /**
     * @param broker the broker
     * @param id     the store's id
     * @param names  how names are stored
     * @param values how values are stored
     * @param <K>    the names' type
     * @param <V>    the values' type
     * @return the items
     */
    public static <K, V> Items<K, V> items(Broker broker, String id, KeyCodec<K> names, Codec<V> values) {
        return items(broker, id, StoreTables.defaults(), names, values);
    }

    /**
     * @param broker the broker
     * @param id     the store's id
     * @param tables where the rows are
     * @return items with string names and values in the standard codec
     */
    public static Items<String, Object> items(Broker broker, String id, StoreTables tables) {
        return items(broker, id, tables, KeyCodecs.strings(), Codecs.standard());
    }

    /**
     * @param broker the broker
     * @param id     the store's id
     * @param tables where the rows are
     * @param names  how names are stored
     * @param values how values are stored
     * @param <K>    the names' type
     * @param <V>    the values' type
     * @return the items
     */
    public static <K, V> Items<K, V> items(Broker broker, String id, StoreTables tables, KeyCodec<K> names,
            Codec<V> values) {
        return new ItemsStore<>(context(broker, id, Objects.requireNonNull(tables, "tables").items()),
                Objects.requireNonNull(names, "names"), Objects.requireNonNull(values, "values"));
    }

    /**
     * @param broker the broker
     * @param id     the dict's id
     * @return a dict with string keys and values in the standard codec
     */
    public static PersistentDict<String, Object> dict(Broker broker, String id) {
        return dict(broker, id, KeyCodecs.strings(), Codecs.standard());
    }

    /**
     * @param broker the broker
     * @param id     the dict's id
     * @param keys   how keys are stored
     * @param values how values are stored
     * @param <K>    the keys' type
     * @param <V>    the values' type
     * @return the dict
     */
    public static <K, V> PersistentDict<K, V> dict(Broker broker, String id, KeyCodec<K> keys, Codec<V> values) {
        return dict(broker, id, StoreTables.defaults(), keys, values);
    }

    /**
     * @param broker the broker
     * @param id     the dict's id
     * @param tables where the rows are
     * @return a dict with string keys and values in the standard codec
     */
    public static PersistentDict<String, Object> dict(Broker broker, String id, StoreTables tables) {
        return dict(broker, id, tables, KeyCodecs.strings(), Codecs.standard());
    }

    /**
     * @param broker the broker
     * @param id     the dict's id
     * @param tables where the rows are
     * @param keys   how keys are stored
     * @param values how values are stored
     * @param <K>    the keys' type
     * @param <V>    the values' type
     * @return the dict
     */
    public static <K, V> PersistentDict<K, V> dict(Broker broker, String id, StoreTables tables, KeyCodec<K> keys,
            Codec<V> values) {
        return dict(broker, id, tables, keys, values, Coherence.off());
    }

    /**
     * @param broker    the broker
     * @param id        the store's id
     * @param coherence whether and how the dict stays coherent with other processes
     * @return a dict with string keys and values in the standard codec, in the default tables
     */
    public static PersistentDict<String, Object> dict(Broker broker, String id, Coherence coherence) {
        return dict(broker, id, StoreTables.defaults(), KeyCodecs.strings(), Codecs.standard(), coherence);
    }

    /**
     * @param broker    the broker
     * @param id        the store's id
     * @param tables    where the rows are
     * @param keys      how keys are stored
     * @param values    how values are stored
     * @param coherence whether and how the dict stays coherent with other processes
     * @param <K>       the keys' type
     * @param <V>       the values' type
     * @return the dict
     */
    public static <K, V> PersistentDict<K, V> dict(Broker broker, String id, StoreTables tables, KeyCodec<K> keys,
            Codec<V> values, Coherence coherence) {
        return new DictStore<>(context(broker, id, Objects.requireNonNull(tables, "tables").items()),
                Objects.requireNonNull(keys, "keys"), Objects.requireNonNull(values, "values"),
                Objects.requireNonNull(coherence, "coherence"));
    }

    /**
     * @param broker the broker
     * @param id     the array's id
     * @return an array with coordinates in {@link KeyCodecs#scalars()} and values in the standard codec
     */
    public static PersistentArray<Object> array(Broker broker, String id) {
        return array(broker, id, KeyCodecs.scalars(), Codecs.standard());
    }

    /**
     * @param broker the broker
     * @param id     the array's id
     * @param values how values are stored
     * @param <V>    the values' type
     * @return an array with coordinates in {@link KeyCodecs#scalars()}
     */
    public static <V> PersistentArray<V> array(Broker broker, String id, Codec<V> values) {
        return array(broker, id, KeyCodecs.scalars(), values);
    }

    /**
     * @param broker      the broker
     * @param id          the array's id
     * @param coordinates how coordinates are stored; a coordinate it does not accept (say, a
     *                    {@code String} given to {@link KeyCodecs#integers()}) is refused with
     *                    {@link IllegalArgumentException}
     * @param values      how values are stored
     * @param <V>         the values' type
     * @return the array
     */
    public static <V> PersistentArray<V> array(Broker broker, String id, KeyCodec<?> coordinates, Codec<V> values) {
        return array(broker, id, StoreTables.defaults(), coordinates, values);
    }

    /**
     * @param broker the broker
     * @param id     the array's id
     * @param tables where the rows are
     * @return an array with coordinates in {@link KeyCodecs#scalars()} and values in the standard codec
     */
    public static PersistentArray<Object> array(Broker broker, String id, StoreTables tables) {
        return array(broker, id, tables, KeyCodecs.scalars(), Codecs.standard());
    }

    /**
     * @param broker the broker
     * @param id     the array's id
     * @param tables where the rows are
     * @param values how values are stored
     * @param <V>    the values' type
     * @return an array with coordinates in {@link KeyCodecs#scalars()}
     */
    public static <V> PersistentArray<V> array(Broker broker, String id, StoreTables tables, Codec<V> values) {
        return array(broker, id, tables, KeyCodecs.scalars(), values);
    }

    /**
     * @param broker      the broker
     * @param id          the array's id
     * @param tables      where the rows are
     * @param coordinates how coordinates are stored, as for {@link #array(Broker, String, KeyCodec, Codec)}
     * @param values      how values are stored
     * @param <V>         the values' type
     * @return the array
     */
    public static <V> PersistentArray<V> array(Broker broker, String id, StoreTables tables, KeyCodec<?> coordinates,
            Codec<V> values) {
        return new ArrayStore<>(context(broker, id, Objects.requireNonNull(tables, "tables").array()),
                anyCoordinate(Objects.requireNonNull(coordinates, "coordinates")),
                Objects.requireNonNull(values, "values"));
    }

    /**
     * The group id of a store id: the first eight bytes, big-endian, of the SHA-256 digest of the
     * id's UTF-8 bytes. Stable across processes, platforms and versions.
     *
     * @param id a store id
     * @return its group id, the {@code group_id} of its rows
     */
    public static long groupId(String id) {
        return StoreContext.groupId(Objects.requireNonNull(id, "id"));
    }

    /**
     * @return the default table of {@link Items} and {@link PersistentDict}: {@code sasync_items
     *         (group_id BIGINT, name VARCHAR(255), payload BLOB, PRIMARY KEY (group_id, name))}
     *         ({@link StoreTables#defaults()}{@code .items()})
     */
    public static TableSpec itemsTable() {
        return StoreTables.defaults().items();
    }

    /**
     * @return the default table of {@link PersistentArray}: {@code sasync_array (group_id BIGINT,
     *         x VARCHAR(255), y VARCHAR(255), z VARCHAR(255), payload BLOB, PRIMARY KEY (group_id, x, y, z))};
     *         a {@code null} coordinate is stored as {@code "\u2400"} ({@link StoreTables#defaults()}{@code .array()})
     */
    public static TableSpec arrayTable() {
        return StoreTables.defaults().array();
    }

    private static StoreContext context(Broker broker, String id, TableSpec table) {
        return new StoreContext(Objects.requireNonNull(broker, "broker"), Objects.requireNonNull(id, "id"), table);
    }

    /** Lets a coordinate codec of any key type take any object, refusing the wrong type clearly. */
    @SuppressWarnings("unchecked")
    private static KeyCodec<Object> anyCoordinate(KeyCodec<?> codec) {
        KeyCodec<Object> unchecked = (KeyCodec<Object>) codec;
        return new KeyCodec<>() {
            @Override
            public String encode(Object key) {
                try {
                    return unchecked.encode(key);
                } catch (ClassCastException e) {
                    throw new IllegalArgumentException("the coordinate codec " + codec + " does not write a "
                            + key.getClass().getName(), e);
                }
            }

            @Override
            public Object decode(String text) {
                return unchecked.decode(text);
            }

            @Override
            public String toString() {
                return codec.toString();
            }
        };
    }
}
