package io.sasync.persistence;

import io.sasync.Broker;
import io.sasync.spi.Dialect;
import io.sasync.store.Codec;
import io.sasync.store.CodecException;
import io.sasync.store.KeyCodec;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The checks of a store's arguments and the calls of its codecs, with messages that name the
 * store: null keys and values, what a codec refuses or writes wrong, key texts the database
 * cannot keep exactly and apart (asked of the broker's dialect), and stored names and values
 * that do not decode.
 */
final class StoreArguments {

    private final String label;
    private final Broker broker;
    private final BooleanSupplier closed;
    /** The broker's dialect once known: it says which key texts the database keeps apart. */
    private volatile Dialect keyDialect;

    /**
     * @param label  how messages name the store
     * @param broker the store's broker, asked for its dialect
     * @param closed whether the store is closed: a closed store does not start its broker to ask
     */
    StoreArguments(String label, Broker broker, BooleanSupplier closed) {
        this.label = label;
        this.broker = broker;
        this.closed = closed;
    }

    <K> String name(KeyCodec<K> codec, K key) {
        if (key == null) {
            throw new NullPointerException(label + ": null keys are not allowed");
        }
        String text;
        try {
            text = codec.encode(key);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(label + ": the key codec refuses the key " + key + ": " + e.getMessage(), e);
        }
        return checkText(text, "key " + key);
    }

    String checkText(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(label + ": the key codec wrote null for " + what);
        }
        if (text.length() > KeyCodec.MAX_LENGTH) {
            throw new IllegalArgumentException(label + ": " + what + " is stored as " + text.length()
                    + " characters; the limit is " + KeyCodec.MAX_LENGTH);
        }
        // A closed store must not start its broker to ask; the call fails as closed right after.
        IllegalArgumentException refused = refusal(what, text, !closed.getAsBoolean());
        if (refused != null) {
            throw refused;
        }
        return text;
    }

    /**
     * Whether the database can store a key text exactly and distinct from every other key, as
     * the broker's {@link Dialect#keyTextProblem} says. While the dialect cannot be known (a
     * broker on the global queue before one is set, or one that failed to start) this applies
     * {@link Dialect#portableTextProblem}, what every shipped dialect refuses, and the stores
     * check again once the table is ready ({@link #checkKeys}), when the dialect is known.
     *
     * @param what what the text stands for, for the message, such as {@code "key ada"}
     * @param text the key's text
     * @return the exception to refuse the key with, naming the store, the key and the reason;
     *         {@code null} when the key is fine
     */
    IllegalArgumentException refusal(String what, String text) {
        return refusal(what, text, true);
    }

    /** @param ask whether to ask the broker for its dialect if it is not known yet, which starts it */
    private IllegalArgumentException refusal(String what, String text, boolean ask) {
        Dialect dialect = keyDialect(ask);
        Optional<String> problem = dialect != null ? dialect.keyTextProblem(text) : Dialect.portableTextProblem(text);
        return problem.map(p -> new IllegalArgumentException(label + ": " + printable(what) + " cannot be stored"
                + (dialect != null ? " in " + dialect.name() : "") + ": its text \"" + printable(text) + "\" " + p))
                .orElse(null);
    }

    /**
     * @param ask whether to ask the broker (which starts it, as any call does) if not known yet
     * @return the broker's dialect; {@code null} while it cannot be known
     */
    private Dialect keyDialect(boolean ask) {
        Dialect dialect = keyDialect;
        if (dialect == null && ask) {
            try {
                dialect = broker.dialect();
            } catch (RuntimeException e) {
                return null;
            }
            keyDialect = dialect;
        }
        return dialect;
    }

    /**
     * Checks key texts again with the broker's dialect, for keys accepted while it was not known.
     *
     * @param texts key texts
     * @return completes when they are fine; fails with {@link IllegalArgumentException} otherwise
     */
    CompletableFuture<Void> checkKeys(String[] texts) {
        for (String text : texts) {
            IllegalArgumentException refused = refusal("a key given before the database was known", text);
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * @return the text with control characters and unpaired surrogates written as Java escapes (a
     *         backslash, {@code u} and four hex digits), for messages
     */
    private static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (Character.isISOControl(c) || (Character.isSurrogate(c) && !paired)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    <V> byte[] bytes(Codec<V> codec, String name, V value) {
        if (value == null) {
            throw new NullPointerException(label + ": null values are not stored (key '" + name + "'); remove the key instead");
        }
        byte[] bytes;
        try {
            bytes = codec.encode(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(label + ": cannot store the value of key '" + name + "': " + e.getMessage(), e);
        }
        if (bytes == null) {
            throw new IllegalArgumentException(label + ": the codec wrote null for the value of key '" + name + "'");
        }
        return bytes;
    }

    <V> V decode(Codec<V> codec, String name, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (RuntimeException e) {
            throw new CodecException(label + ": the stored value of key '" + name + "' (" + bytes.length
                    + " bytes) does not decode with " + codec + ": " + e.getMessage(), e);
        }
    }

    <K> K decodeName(KeyCodec<K> codec, String text) {
        try {
            K key = codec.decode(text);
            if (key == null) {
                throw new IllegalArgumentException("the key codec read null");
            }
            return key;
        } catch (RuntimeException e) {
            throw new CodecException(label + ": the stored name '" + text + "' does not decode with " + codec
                    + ": " + e.getMessage(), e);
        }
    }
}
