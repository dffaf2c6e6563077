package io.sasync.persistence;

import io.sasync.store.Codec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The tagged binary format of {@link Codecs#standard()}.
 *
 * <p>Layout: one format byte ({@value #FORMAT}), then the value. A value is a one-byte tag and
 * its payload; numbers are big-endian and fixed-size, lengths and counts unsigned LEB128
 * varints. Strings are written as their UTF-16 code units in the 1-to-3-byte form of modified
 * UTF-8 (so any Java string, unpaired surrogates included, round-trips), preceded by their byte
 * length. Collections are a count followed by their elements (map: key, value, key, value…).
 *
 * <p>Reading never loads a class named by the bytes: every tag maps to a fixed JDK type. Lengths
 * and counts are checked against the bytes that remain before anything is allocated, and nesting
 * is limited to {@value #MAX_DEPTH} levels, so corrupted or hostile bytes fail with an
 * {@link IllegalArgumentException} rather than exhausting memory or the stack.
 *
 * <p>Longer than most classes here on purpose: the writer and the reader of every tag sit side
 * by side, so that the format cannot drift between them.
 */
final class StandardCodec implements Codec<Object> {

    static final StandardCodec INSTANCE = new StandardCodec();

    static final int FORMAT = 1;
    static final int MAX_DEPTH = 64;

    // Tags. Never renumber: they are stored.
    private static final int NULL = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int BYTE = 3;
    private static final int SHORT = 4;
    private static final int INT = 5;
    private static final int LONG = 6;
    private static final int FLOAT = 7;
    private static final int DOUBLE = 8;
    private static final int CHAR = 9;
    private static final int STRING = 10;
    private static final int BYTES = 11;
    private static final int BIG_INTEGER = 12;
    private static final int BIG_DECIMAL = 13;
    private static final int UUID_TAG = 14;
    private static final int INSTANT = 15;
    private static final int LOCAL_DATE = 16;
    private static final int LOCAL_TIME = 17;
    private static final int LOCAL_DATE_TIME = 18;
    private static final int OFFSET_DATE_TIME = 19;
    private static final int ZONED_DATE_TIME = 20;
    private static final int DURATION = 21;
    private static final int LIST = 22;
    private static final int SET = 23;
    private static final int MAP = 24;

    private StandardCodec() {
    }

    @Override
    public byte[] encode(Object value) {
        Out out = new Out();
        out.u8(FORMAT);
        write(out, value, 0);
        return out.toByteArray();
    }

    @Override
    public Object decode(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("no bytes to decode");
        }
        In in = new In(bytes);
        if (bytes.length == 0) {
            throw in.malformed("no bytes");
        }
        int format = in.u8();
        if (format != FORMAT) {
            throw new IllegalArgumentException(String.format(
                    "not written by the standard codec: format byte 0x%02x, expected 0x%02x", format, FORMAT));
        }
        Object value = read(in, 0);
        if (in.remaining() != 0) {
            throw in.malformed(in.remaining() + " bytes left after the value");
        }
        return value;
    }

    @Override
    public String toString() {
        return "Codecs.standard()";
    }

    // ------------------------------------------------------------------ writing

    private static void write(Out out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("the standard codec stores values nested at most " + MAX_DEPTH
                    + " levels deep (does a collection contain itself?)");
        }
        if (value == null) {
            out.u8(NULL);
        } else if (value instanceof Boolean b) {
            out.u8(b ? TRUE : FALSE);
        } else if (value instanceof Byte b) {
            out.u8(BYTE);
            out.u8(b);
        } else if (value instanceof Short s) {
            out.u8(SHORT);
            out.i16(s);
        } else if (value instanceof Integer i) {
            out.u8(INT);
            out.i32(i);
        } else if (value instanceof Long l) {
            out.u8(LONG);
            out.i64(l);
        } else if (value instanceof Float f) {
            out.u8(FLOAT);
            out.i32(Float.floatToRawIntBits(f));
        } else if (value instanceof Double d) {
            out.u8(DOUBLE);
            out.i64(Double.doubleToRawLongBits(d));
        } else if (value instanceof Character c) {
            out.u8(CHAR);
            out.i16(c);
        } else if (value instanceof String s) {
            out.u8(STRING);
            out.string(s);
        } else if (value instanceof byte[] bytes) {
            out.u8(BYTES);
            out.blob(bytes);
        } else if (value instanceof BigInteger bi) {
            out.u8(BIG_INTEGER);
            out.blob(bi.toByteArray());
        } else if (value instanceof BigDecimal bd) {
            out.u8(BIG_DECIMAL);
            out.i32(bd.scale());
            out.blob(bd.unscaledValue().toByteArray());
        } else if (value instanceof UUID u) {
            out.u8(UUID_TAG);
            out.i64(u.getMostSignificantBits());
            out.i64(u.getLeastSignificantBits());
        } else if (value instanceof Instant t) {
            out.u8(INSTANT);
            out.i64(t.getEpochSecond());
            out.i32(t.getNano());
        } else if (value instanceof LocalDate d) {
            out.u8(LOCAL_DATE);
            out.i64(d.toEpochDay());
        } else if (value instanceof LocalTime t) {
            out.u8(LOCAL_TIME);
            out.i64(t.toNanoOfDay());
        } else if (value instanceof LocalDateTime t) {
            out.u8(LOCAL_DATE_TIME);
            dateTime(out, t);
        } else if (value instanceof OffsetDateTime t) {
            out.u8(OFFSET_DATE_TIME);
            dateTime(out, t.toLocalDateTime());
            out.i32(t.getOffset().getTotalSeconds());
        } else if (value instanceof ZonedDateTime t) {
            out.u8(ZONED_DATE_TIME);
            dateTime(out, t.toLocalDateTime());
            out.i32(t.getOffset().getTotalSeconds());
            out.string(t.getZone().getId());
        } else if (value instanceof Duration d) {
            out.u8(DURATION);
            out.i64(d.getSeconds());
            out.i32(d.getNano());
        } else if (value instanceof List<?> list) {
            out.u8(LIST);
            elements(out, list, depth);
        } else if (value instanceof Set<?> set) {
            out.u8(SET);
            elements(out, set, depth);
        } else if (value instanceof Map<?, ?> map) {
            out.u8(MAP);
            int count = map.size();
            out.varint(count);
            int written = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, e.getKey(), depth + 1);
                write(out, e.getValue(), depth + 1);
                written++;
            }
            checkCount(count, written, map);
        } else {
            throw new IllegalArgumentException("the standard codec does not store values of type "
                    + value.getClass().getName() + "; it stores null-free scalars, String, byte[], BigInteger, "
                    + "BigDecimal, UUID, java.time values and List/Set/Map of those. Use Codecs.serializable(...) "
                    + "or Codecs.of(...) for other types");
        }
    }

    private static void elements(Out out, Collection<?> collection, int depth) {
        int count = collection.size();
        out.varint(count);
        int written = 0;
        for (Object element : collection) {
            write(out, element, depth + 1);
            written++;
        }
        checkCount(count, written, collection);
    }

    private static void checkCount(int count, int written, Object collection) {
        if (count != written) {
            throw new IllegalArgumentException("a " + collection.getClass().getName()
                    + " changed while it was being encoded (size " + count + ", iterated " + written + ")");
        }
    }

    private static void dateTime(Out out, LocalDateTime t) {
        out.i64(t.toLocalDate().toEpochDay());
        out.i64(t.toLocalTime().toNanoOfDay());
    }

    // ------------------------------------------------------------------ reading

    private static Object read(In in, int depth) {
        if (depth > MAX_DEPTH) {
            throw in.malformed("nested deeper than " + MAX_DEPTH + " levels");
        }
        int at = in.position();
        int tag = in.u8();
        try {
            return switch (tag) {
                case NULL -> null;
                case FALSE -> Boolean.FALSE;
                case TRUE -> Boolean.TRUE;
                case BYTE -> (byte) in.u8();
                case SHORT -> in.i16();
                case INT -> in.i32();
                case LONG -> in.i64();
                case FLOAT -> Float.intBitsToFloat(in.i32());
                case DOUBLE -> Double.longBitsToDouble(in.i64());
                case CHAR -> (char) in.i16();
                case STRING -> in.string();
                case BYTES -> in.blob();
                case BIG_INTEGER -> new BigInteger(nonEmpty(in, in.blob()));
                case BIG_DECIMAL -> {
                    int scale = in.i32();
                    yield new BigDecimal(new BigInteger(nonEmpty(in, in.blob())), scale);
                }
                case UUID_TAG -> new UUID(in.i64(), in.i64());
                case INSTANT -> Instant.ofEpochSecond(in.i64(), nanos(in, in.i32()));
                case LOCAL_DATE -> LocalDate.ofEpochDay(in.i64());
                case LOCAL_TIME -> LocalTime.ofNanoOfDay(in.i64());
                case LOCAL_DATE_TIME -> dateTime(in);
                case OFFSET_DATE_TIME -> OffsetDateTime.of(dateTime(in), ZoneOffset.ofTotalSeconds(in.i32()));
                case ZONED_DATE_TIME -> {
                    LocalDateTime local = dateTime(in);
                    ZoneOffset offset = ZoneOffset.ofTotalSeconds(in.i32());
                    ZoneId zone = ZoneId.of(in.string());
                    // Keeps the instant even if the zone's rules changed since the value was written.
                    yield ZonedDateTime.ofInstant(local, offset, zone);
                }
                case DURATION -> Duration.ofSeconds(in.i64(), nanos(in, in.i32()));
                case LIST -> {
                    int count = in.count();
                    List<Object> list = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        list.add(read(in, depth + 1));
                    }
                    yield Collections.unmodifiableList(list);
                }
                case SET -> {
                    int count = in.count();
                    Set<Object> set = new LinkedHashSet<>(capacity(count));
                    for (int i = 0; i < count; i++) {
                        if (!set.add(read(in, depth + 1))) {
                            throw in.malformed("a set holds the same element twice");
                        }
                    }
                    yield Collections.unmodifiableSet(set);
                }
                case MAP -> {
                    int count = in.count();
                    Map<Object, Object> map = new LinkedHashMap<>(capacity(count));
                    for (int i = 0; i < count; i++) {
                        Object key = read(in, depth + 1);
                        if (map.containsKey(key)) {
                            throw in.malformed("a map holds the same key twice");
                        }
                        map.put(key, read(in, depth + 1));
                    }
                    yield Collections.unmodifiableMap(map);
                }
                default -> throw in.malformed(String.format("unknown tag 0x%02x at offset %d", tag, at));
            };
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("malformed standard-codec bytes: the value at offset " + at
                    + " is not a valid " + name(tag) + ": " + e.getMessage(), e);
        }
    }

    private static LocalDateTime dateTime(In in) {
        return LocalDateTime.of(LocalDate.ofEpochDay(in.i64()), LocalTime.ofNanoOfDay(in.i64()));
    }

    private static long nanos(In in, int nanos) {
        if (nanos < 0 || nanos > 999_999_999) {
            throw in.malformed("nanoseconds out of range: " + nanos);
        }
        return nanos;
    }

    private static byte[] nonEmpty(In in, byte[] magnitude) {
        if (magnitude.length == 0) {
            throw in.malformed("a big number with no bytes");
        }
        return magnitude;
    }

    private static int capacity(int count) {
        return (int) Math.min(1L << 30, count * 4L / 3 + 1);
    }

    private static String name(int tag) {
        return switch (tag) {
            case INSTANT -> "Instant";
            case LOCAL_DATE -> "LocalDate";
            case LOCAL_TIME -> "LocalTime";
            case LOCAL_DATE_TIME -> "LocalDateTime";
            case OFFSET_DATE_TIME -> "OffsetDateTime";
            case ZONED_DATE_TIME -> "ZonedDateTime";
            case DURATION -> "Duration";
            case BIG_INTEGER -> "BigInteger";
            case BIG_DECIMAL -> "BigDecimal";
            default -> "value with tag " + tag;
        };
    }

    // ------------------------------------------------------------------ buffers

    /** A growable big-endian output buffer. */
    private static final class Out {
        private byte[] buf = new byte[64];
        private int size;

        private void ensure(int more) {
            if (size + more > buf.length) {
                long wanted = Math.max((long) buf.length * 2, (long) size + more);
                if (wanted > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("the value is too large to encode (over 2 GB)");
                }
                buf = Arrays.copyOf(buf, (int) wanted);
            }
        }

        void u8(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void i16(int v) {
            ensure(2);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void i32(int v) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (v >>> shift);
            }
        }

        void i64(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (v >>> shift);
            }
        }

        void varint(int v) {
            int rest = v;
            while ((rest & ~0x7F) != 0) {
                u8((rest & 0x7F) | 0x80);
                rest >>>= 7;
            }
            u8(rest);
        }

        void blob(byte[] bytes) {
            varint(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        void string(String s) {
            long length = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                length += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
            if (length > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("the string is too long to encode");
            }
            varint((int) length);
            ensure((int) length);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    buf[size++] = (byte) c;
                } else if (c < 0x800) {
                    buf[size++] = (byte) (0xC0 | (c >> 6));
                    buf[size++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    buf[size++] = (byte) (0xE0 | (c >> 12));
                    buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buf[size++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    /** A bounds-checked big-endian reader. */
    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        int position() {
            return pos;
        }

        int remaining() {
            return buf.length - pos;
        }

        IllegalArgumentException malformed(String why) {
            return new IllegalArgumentException("malformed standard-codec bytes (" + buf.length + " bytes, at offset "
                    + pos + "): " + why);
        }

        private void need(int n) {
            if (n > remaining()) {
                throw malformed("needs " + n + " more bytes, " + remaining() + " left");
            }
        }

        int u8() {
            need(1);
            return buf[pos++] & 0xFF;
        }

        short i16() {
            need(2);
            int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
            pos += 2;
            return (short) v;
        }

        int i32() {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        long i64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        int varint() {
            long v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (v > Integer.MAX_VALUE) {
                        throw malformed("a length over 2^31");
                    }
                    return (int) v;
                }
            }
            throw malformed("a length longer than 5 bytes");
        }

        /** A byte length: no more than the bytes left. */
        int length() {
            int n = varint();
            need(n);
            return n;
        }

        /** An element count: every element takes at least one byte. */
        int count() {
            int n = varint();
            if (n > remaining()) {
                throw malformed("a count of " + n + " elements with " + remaining() + " bytes left");
            }
            return n;
        }

        byte[] blob() {
            int n = length();
            byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return out;
        }

        String string() {
            int n = length();
            int end = pos + n;
            char[] chars = new char[n];
            int count = 0;
            while (pos < end) {
                int b = buf[pos++] & 0xFF;
                char c;
                if (b < 0x80) {
                    c = (char) b;
                } else if ((b & 0xE0) == 0xC0) {
                    c = (char) (((b & 0x1F) << 6) | continuation(end));
                    if (c < 0x80) {
                        throw malformed("an overlong character");
                    }
                } else if ((b & 0xF0) == 0xE0) {
                    int high = continuation(end);
                    c = (char) (((b & 0x0F) << 12) | (high << 6) | continuation(end));
                    if (c < 0x800) {
                        throw malformed("an overlong character");
                    }
                } else {
                    throw malformed(String.format("byte 0x%02x cannot start a character", b));
                }
                chars[count++] = c;
            }
            return new String(chars, 0, count);
        }

        private int continuation(int end) {
            if (pos >= end) {
                throw malformed("a character cut short");
            }
            int b = buf[pos++] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                throw malformed(String.format("byte 0x%02x is not a continuation byte", b));
            }
            return b & 0x3F;
        }
    }
}
