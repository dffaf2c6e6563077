package io.sasync.store;

/**
 * Turns keys (item names, array coordinates) into the text stored in the database and back:
 * the Java form of the original {@code nameType}.
 *
 * <p>The text is what the database compares, so two keys are the same entry exactly when their
 * texts are equal. {@link #decode} may accept more spellings than {@link #encode} writes: the
 * integer codec reads a stored {@code "04"} as {@code 4}. Texts are limited to
 * {@value #MAX_LENGTH} characters, and the stores refuse a text the database could not keep
 * apart from another ({@link io.sasync.spi.Dialect#keyTextProblem}: on every database U+0000 and
 * unpaired surrogates, on Derby a trailing space). A key codec must be thread-safe.
 *
 * <p>{@code io.sasync.persistence.KeyCodecs} has codecs for strings, integers, longs, UUIDs and a
 * tagged mix of scalar types.
 *
 * @param <K> the type of the keys
 */
public interface KeyCodec<K> {

    /** The longest key text the stores accept, in UTF-16 code units. */
    int MAX_LENGTH = 255;

    /**
     * @param key a key, never {@code null}
     * @return its text
     * @throws IllegalArgumentException when this codec cannot write the key
     */
    String encode(K key);

    /**
     * @param text a stored text
     * @return the key it denotes
     * @throws IllegalArgumentException when the text is not a key of this codec
     */
    K decode(String text);
}
