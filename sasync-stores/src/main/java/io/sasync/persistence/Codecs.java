package io.sasync.persistence;

import io.sasync.store.Codec;
import java.lang.invoke.MethodType;
import java.util.Objects;
import java.util.function.Function;

/**
 * The shipped value codecs.
 *
 * <h2>Choosing a codec</h2>
 * <ul>
 *   <li>{@link #standard()} — the default. A compact tagged binary format for {@code null}-free
 *       scalars ({@code Boolean}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long},
 *       {@code Float}, {@code Double}, {@code Character}), {@code String}, {@code byte[]},
 *       {@code BigInteger}, {@code BigDecimal}, {@code UUID}, the {@code java.time} values
 *       {@code Instant}, {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime},
 *       {@code OffsetDateTime}, {@code ZonedDateTime} and {@code Duration}, and {@code List},
 *       {@code Set} and {@code Map} of all of these, nested (elements may be {@code null}). Types
 *       are kept: an {@code Integer} reads back as an {@code Integer}, a {@code Set} as a
 *       {@code Set}. Collections read back unmodifiable, in the order they were written. Safe by
 *       construction: reading never loads a class named by the stored bytes. Anything else is
 *       refused with an {@link IllegalArgumentException} naming its type.</li>
 *   <li>{@link #standard(Class)} — the same, for a store whose values all have one type.</li>
 *   <li>{@link #serializable(Class, Class[])} — Java serialization, for your own
 *       {@code Serializable} classes, opt-in and limited to an allow-list checked with an
 *       {@link java.io.ObjectInputFilter} when reading (and when writing, so that what cannot be
 *       read back is never written). Only list classes whose deserialization you trust.</li>
 *   <li>{@link #of(Function, Function)} — any pair of functions, for example a JSON mapper.</li>
 * </ul>
 *
 * <p>All codecs returned here are immutable and thread-safe.
 */
public final class Codecs {

    private Codecs() {
    }

    /** @return the standard tagged binary codec */
    public static Codec<Object> standard() {
        return StandardCodec.INSTANCE;
    }

    /**
     * The standard codec for values of one type: it refuses to write anything else and fails to
     * read a stored value of another type.
     *
     * @param type the values' type, e.g. {@code String.class}, {@code List.class}
     * @param <V>  the values' type
     * @return the codec
     */
    public static <V> Codec<V> standard(Class<V> type) {
        Class<V> boxed = box(Objects.requireNonNull(type, "type"));
        return new Codec<>() {
            @Override
            public byte[] encode(V value) {
                if (!boxed.isInstance(value)) {
                    throw new IllegalArgumentException("this codec stores " + boxed.getName() + " values, not "
                            + (value == null ? "null" : value.getClass().getName()));
                }
                return StandardCodec.INSTANCE.encode(value);
            }

            @Override
            public V decode(byte[] bytes) {
                Object value = StandardCodec.INSTANCE.decode(bytes);
                if (value != null && !boxed.isInstance(value)) {
                    throw new IllegalArgumentException("the stored value is a " + value.getClass().getName()
                            + ", not a " + boxed.getName());
                }
                return boxed.cast(value);
            }

            @Override
            public String toString() {
                return "Codecs.standard(" + boxed.getName() + ")";
            }
        };
    }

    /**
     * Java serialization with an allow-list. Reading accepts only {@code type}, the classes in
     * {@code alsoAllowed}, a few JDK value classes ({@code String}, the boxed primitives and
     * {@code Number}, {@code BigInteger}, {@code BigDecimal}, {@code UUID}, {@code Enum},
     * {@code java.time} values) and arrays of these and of primitives; any other class in the
     * stream is rejected before it is instantiated. List every serializable class a value
     * contains, superclasses included; collections such as {@code ArrayList} only if you want
     * them.
     *
     * <pre>{@code
     * Codec<Order> orders = Codecs.serializable(Order.class, Line.class, ArrayList.class);
     * }</pre>
     *
     * @param type        the values' type
     * @param alsoAllowed other classes the values contain
     * @param <V>         the values' type
     * @return the codec
     */
    public static <V> Codec<V> serializable(Class<V> type, Class<?>... alsoAllowed) {
        Objects.requireNonNull(type, "type");
        for (Class<?> c : alsoAllowed) {
            Objects.requireNonNull(c, "allowed class");
        }
        return new SerializableCodec<>(box(type), alsoAllowed);
    }

    /**
     * A codec made of two functions. The encoder refuses a value by throwing
     * {@link IllegalArgumentException}; the decoder signals unreadable bytes the same way.
     *
     * <pre>{@code
     * // Json.write and Json.read wrap a JSON library, turning its exceptions into IllegalArgumentException.
     * Codec<Order> orders = Codecs.of(order -> Json.write(order), bytes -> Json.read(bytes, Order.class));
     * }</pre>
     *
     * @param encoder value to bytes
     * @param decoder bytes to value
     * @param <V>     the values' type
     * @return the codec
     */
    public static <V> Codec<V> of(Function<? super V, byte[]> encoder, Function<byte[], ? extends V> decoder) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        return new Codec<>() {
            @Override
            public byte[] encode(V value) {
                byte[] bytes = encoder.apply(value);
                if (bytes == null) {
                    throw new IllegalArgumentException("the encoder returned null for a "
                            + (value == null ? "null" : value.getClass().getName()));
                }
                return bytes;
            }

            @Override
            public V decode(byte[] bytes) {
                return decoder.apply(bytes);
            }

            @Override
            public String toString() {
                return "Codecs.of(" + encoder + ", " + decoder + ")";
            }
        };
    }

    /** @return the wrapper class of a primitive type (the JDK's own boxing), any other type as it is */
    @SuppressWarnings("unchecked")
    static <V> Class<V> box(Class<V> type) {
        return (Class<V>) MethodType.methodType(type).wrap().returnType();
    }
}
