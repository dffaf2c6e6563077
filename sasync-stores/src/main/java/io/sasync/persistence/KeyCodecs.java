package io.sasync.persistence;

import io.sasync.store.KeyCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The shipped key codecs: how item names and array coordinates become stored text.
 *
 * <p>Every codec here is immutable and thread-safe, and refuses what it cannot write or read
 * with an {@link IllegalArgumentException}.
 */
public final class KeyCodecs {

    private KeyCodecs() {
    }

    /** @return names stored as they are */
    public static KeyCodec<String> strings() {
        return Simple.STRINGS.typed();
    }

    /** @return integers as decimal text; reading accepts leading zeros and a sign ({@code "04"} is 4) */
    public static KeyCodec<Integer> integers() {
        return Simple.INTEGERS.typed();
    }

    /** @return longs as decimal text; reading accepts leading zeros and a sign */
    public static KeyCodec<Long> longs() {
        return Simple.LONGS.typed();
    }

    /** @return UUIDs in their canonical 36-character form */
    public static KeyCodec<UUID> uuids() {
        return Simple.UUIDS.typed();
    }

    /**
     * @param type an enum
     * @param <E>  the enum
     * @return constants by {@link Enum#name()}
     */
    public static <E extends Enum<E>> KeyCodec<E> enums(Class<E> type) {
        Objects.requireNonNull(type, "type");
        return of(Enum::name, text -> Enum.valueOf(type, text));
    }

    /**
     * Keys of several scalar types, each written with a type tag so that, as with
     * {@code equals}, {@code 1}, {@code 1L} and {@code "1"} are different keys: {@code String}
     * ({@code s:text}), {@code Integer} ({@code i:}), {@code Long} ({@code l:}), {@code Short}
     * ({@code h:}), {@code Byte} ({@code y:}), {@code Boolean} ({@code b:}), {@code Character}
     * ({@code c:}), {@code UUID} ({@code u:}), {@code BigInteger} ({@code I:}),
     * {@code BigDecimal} ({@code D:}) and {@code LocalDate} ({@code d:}, ISO). The default
     * coordinate codec of {@link io.sasync.store.PersistentArray}.
     *
     * @return the codec
     */
    public static KeyCodec<Object> scalars() {
        return Scalars.INSTANCE;
    }

    /**
     * @param encoder key to text
     * @param decoder text to key; refuses with {@link IllegalArgumentException}
     * @param <K>     the keys' type
     * @return a codec of the two functions
     */
    public static <K> KeyCodec<K> of(Function<? super K, String> encoder, Function<String, ? extends K> decoder) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        return new KeyCodec<>() {
            @Override
            public String encode(K key) {
                String text = encoder.apply(key);
                if (text == null) {
                    throw new IllegalArgumentException("the key encoder returned null for " + key);
                }
                return text;
            }

            @Override
            public K decode(String text) {
                return decoder.apply(text);
            }
        };
    }

    private enum Simple implements KeyCodec<Object> {
        STRINGS {
            @Override
            public String encode(Object key) {
                return expect(key, String.class);
            }

            @Override
            public Object decode(String text) {
                return text;
            }
        },
        INTEGERS {
            @Override
            public String encode(Object key) {
                return Integer.toString(expect(key, Integer.class));
            }

            @Override
            public Object decode(String text) {
                return Integer.parseInt(text);
            }
        },
        LONGS {
            @Override
            public String encode(Object key) {
                return Long.toString(expect(key, Long.class));
            }

            @Override
            public Object decode(String text) {
                return Long.parseLong(text);
            }
        },
        UUIDS {
            @Override
            public String encode(Object key) {
                return expect(key, UUID.class).toString();
            }

            @Override
            public Object decode(String text) {
                return UUID.fromString(text);
            }
        };

        private static <T> T expect(Object key, Class<T> type) {
            if (!type.isInstance(key)) {
                throw new IllegalArgumentException("this key codec writes " + type.getSimpleName() + " keys, not "
                        + (key == null ? "null" : key.getClass().getName()));
            }
            return type.cast(key);
        }

        @SuppressWarnings("unchecked")
        <K> KeyCodec<K> typed() {
            return (KeyCodec<K>) (KeyCodec<?>) this;
        }

        @Override
        public String toString() {
            return "KeyCodecs." + name().toLowerCase(java.util.Locale.ROOT) + "()";
        }
    }

    private static final class Scalars implements KeyCodec<Object> {
        static final Scalars INSTANCE = new Scalars();

        @Override
        public String encode(Object key) {
            if (key instanceof String s) {
                return "s:" + s;
            } else if (key instanceof Integer i) {
                return "i:" + i;
            } else if (key instanceof Long l) {
                return "l:" + l;
            } else if (key instanceof Short s) {
                return "h:" + s;
            } else if (key instanceof Byte b) {
                return "y:" + b;
            } else if (key instanceof Boolean b) {
                return "b:" + b;
            } else if (key instanceof Character c) {
                return "c:" + c;
            } else if (key instanceof UUID u) {
                return "u:" + u;
            } else if (key instanceof BigInteger b) {
                return "I:" + b;
            } else if (key instanceof BigDecimal d) {
                return "D:" + d;
            } else if (key instanceof LocalDate d) {
                return "d:" + d;
            }
            throw new IllegalArgumentException("KeyCodecs.scalars() does not write keys of type "
                    + (key == null ? "null" : key.getClass().getName())
                    + "; it writes String, Integer, Long, Short, Byte, Boolean, Character, UUID, BigInteger, "
                    + "BigDecimal and LocalDate");
        }

        @Override
        public Object decode(String text) {
            if (text.length() < 2 || text.charAt(1) != ':') {
                throw new IllegalArgumentException("not a tagged key: " + text);
            }
            String body = text.substring(2);
            try {
                return switch (text.charAt(0)) {
                    case 's' -> body;
                    case 'i' -> Integer.parseInt(body);
                    case 'l' -> Long.parseLong(body);
                    case 'h' -> Short.parseShort(body);
                    case 'y' -> Byte.parseByte(body);
                    case 'b' -> switch (body) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> throw new IllegalArgumentException("not a boolean: " + body);
                    };
                    case 'c' -> {
                        if (body.length() != 1) {
                            throw new IllegalArgumentException("not one character: " + body);
                        }
                        yield body.charAt(0);
                    }
                    case 'u' -> UUID.fromString(body);
                    case 'I' -> new BigInteger(body);
                    case 'D' -> new BigDecimal(body);
                    case 'd' -> LocalDate.parse(body);
                    default -> throw new IllegalArgumentException("unknown key tag '" + text.charAt(0) + "' in " + text);
                };
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a date: " + body, e);
            }
        }

        @Override
        public String toString() {
            return "KeyCodecs.scalars()";
        }
    }
}
