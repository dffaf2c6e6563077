package io.sasync.store;

import java.util.concurrent.CompletableFuture;

/**
 * A three-dimensional array of values addressed by any three coordinates: the rows of
 * {@code sasync_array} with this store's group id.
 *
 * <p>Coordinates are any values the array's coordinate {@link KeyCodec} writes (by default
 * strings, numbers, booleans, characters, UUIDs and dates, each tagged with its type so that
 * {@code 1} and {@code "1"} are different coordinates), and {@code null}, which makes a
 * two-dimensional array easy: {@code set(row, column, null, value)}.
 *
 * <p>Operations issued in order apply in order: a read sees every write issued before it
 * (including a {@link #clear()} not waited on), and a write waits for every operation issued
 * before it. Reads issued one after the other without a write between them may run concurrently.
 * There is no write-behind: each future completes when its transaction has committed.
 *
 * <pre>{@code
 * PersistentArray<Object> board = Stores.array(broker, "game-42");
 * board.set(3, 4, null, "knight");
 * board.get(3, 4, null).thenAccept(piece -> System.out.println(piece)); // knight
 * }</pre>
 *
 * @param <V> the type of the values
 */
public interface PersistentArray<V> extends Store {

    /**
     * @param x first coordinate, or {@code null}
     * @param y second coordinate, or {@code null}
     * @param z third coordinate, or {@code null}
     * @return the element, or {@code null} when there is none
     * @throws IllegalArgumentException when the coordinate codec refuses a coordinate, or the
     *                                  database cannot store its text
     */
    CompletableFuture<V> get(Object x, Object y, Object z);

    /**
     * Writes an element, inserting or replacing it.
     *
     * @param x     first coordinate, or {@code null}
     * @param y     second coordinate, or {@code null}
     * @param z     third coordinate, or {@code null}
     * @param value the value, not {@code null}
     * @return completes when committed
     * @throws IllegalArgumentException when a codec refuses a coordinate or the value, or the
     *                                  database cannot store a coordinate's text
     */
    CompletableFuture<Void> set(Object x, Object y, Object z, V value);

    /**
     * @param x first coordinate, or {@code null}
     * @param y second coordinate, or {@code null}
     * @param z third coordinate, or {@code null}
     * @return whether there was such an element, once committed
     */
    CompletableFuture<Boolean> delete(Object x, Object y, Object z);

    /**
     * Deletes every element of the array.
     *
     * @return completes when committed
     */
    CompletableFuture<Void> clear();
}
