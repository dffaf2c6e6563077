package io.sasync.store;

/**
 * Turns the values of a store into bytes and back.
 *
 * <p>A codec must be thread-safe and must give back, from the bytes it wrote, a value equal to
 * the one it was given. It refuses a value it cannot write by throwing
 * {@link IllegalArgumentException} from {@link #encode}, naming the value's type; the store then
 * fails that call and writes nothing. Bytes it cannot read make {@link #decode} throw
 * {@link IllegalArgumentException}; the store reports that as a {@link CodecException} naming
 * itself and the key.
 *
 * <p>{@code io.sasync.persistence.Codecs} has the shipped codecs: a safe tagged binary format for
 * standard Java types (the default), Java serialization restricted to an allow-list, and
 * adapters for any pair of functions (a JSON library, say).
 *
 * <pre>{@code
 * Codec<Point> points = Codecs.of(
 *         p -> (p.x() + "," + p.y()).getBytes(StandardCharsets.UTF_8),
 *         b -> Point.parse(new String(b, StandardCharsets.UTF_8)));
 * }</pre>
 *
 * @param <V> the type of the values
 */
public interface Codec<V> {

    /**
     * @param value a value, never {@code null} (stores refuse {@code null} values themselves)
     * @return its bytes
     * @throws IllegalArgumentException when this codec cannot write the value; the message names
     *                                  the type it refused
     */
    byte[] encode(V value);

    /**
     * @param bytes bytes written by {@link #encode}
     * @return the value
     * @throws IllegalArgumentException when the bytes are not a value this codec wrote
     */
    V decode(byte[] bytes);
}
