package io.sasync.persistence;

import io.sasync.store.Codec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Java serialization restricted to an allow-list, for {@link Codecs#serializable}.
 *
 * <p>Reading installs an {@link ObjectInputFilter} on the stream that accepts only the allowed
 * classes (each serializable class in the stream is checked, superclasses included), arrays of
 * them, of primitives and of {@code Object}, and rejects graphs deeper than {@value #MAX_DEPTH} or with more than
 * {@value #MAX_REFERENCES} references. Writing checks the same list, so that a value that could
 * not be read back is refused when it is written rather than discovered later.
 *
 * @param <V> the type of the values
 */
final class SerializableCodec<V> implements Codec<V> {

    static final long MAX_DEPTH = 64;
    static final long MAX_REFERENCES = 1_000_000;

    /** Value classes of the JDK that are always allowed: they cannot run code while being read. */
    private static final Set<String> ALWAYS_ALLOWED = Set.of(
            String.class.getName(), Boolean.class.getName(), Character.class.getName(), Number.class.getName(),
            Byte.class.getName(), Short.class.getName(), Integer.class.getName(), Long.class.getName(),
            Float.class.getName(), Double.class.getName(), BigInteger.class.getName(), BigDecimal.class.getName(),
            UUID.class.getName(), Enum.class.getName());

    private final Class<V> type;
    private final Set<String> allowed;

    SerializableCodec(Class<V> type, Class<?>... alsoAllowed) {
        this.type = type;
        Set<String> names = new LinkedHashSet<>(ALWAYS_ALLOWED);
        names.add(type.getName());
        for (Class<?> c : alsoAllowed) {
            names.add(c.getName());
        }
        this.allowed = Set.copyOf(names);
    }

    @Override
    public byte[] encode(V value) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("this serializable codec stores " + type.getName() + ", not "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CheckingOutput out = new CheckingOutput(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize a " + value.getClass().getName() + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public V decode(byte[] bytes) {
        Filter filter = new Filter();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(filter);
            Object value = in.readObject();
            if (!type.isInstance(value)) {
                throw new IllegalArgumentException("the stored value is a "
                        + (value == null ? "null" : value.getClass().getName()) + ", not a " + type.getName());
            }
            return type.cast(value);
        } catch (InvalidClassException e) {
            throw new IllegalArgumentException("refused to deserialize "
                    + (filter.rejected != null ? filter.rejected : "the value") + ": " + e.getMessage()
                    + " (allowed: " + allowed + ")", e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("cannot deserialize: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "Codecs.serializable(" + type.getName() + ", allowed " + allowed + ")";
    }

    /** The allow-list as a filter for one stream, remembering what it rejected for the message. */
    private final class Filter implements ObjectInputFilter {
        String rejected;

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > MAX_DEPTH) {
                rejected = "a graph deeper than " + MAX_DEPTH;
                return Status.REJECTED;
            }
            if (info.references() > MAX_REFERENCES) {
                rejected = "a graph of more than " + MAX_REFERENCES + " references";
                return Status.REJECTED;
            }
            Class<?> c = info.serialClass();
            if (c == null) {
                return Status.UNDECIDED;
            }
            if (isAllowed(c)) {
                return Status.ALLOWED;
            }
            rejected = "class " + c.getName();
            return Status.REJECTED;
        }
    }

    private boolean isAllowed(Class<?> c) {
        Class<?> element = c;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        // An Object[] only holds references, each checked on its own (ArrayList reads one).
        return element.isPrimitive() || allowed.contains(element.getName()) || (c.isArray() && element == Object.class)
                // java.time values (and their serial proxy java.time.Ser) are immutable values.
                || "java.time".equals(element.getPackageName());
    }

    /** An object stream that refuses, while writing, any class the reader would refuse. */
    private final class CheckingOutput extends ObjectOutputStream {
        /** Set at the first refusal: the stream then writes its fatal-error record unchecked. */
        private boolean refused;

        CheckingOutput(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) throws IOException {
            if (refused) {
                return obj;
            }
            Class<?> c = obj instanceof Enum<?> e ? e.getDeclaringClass() : obj.getClass();
            for (Class<?> k = c; k != null && Serializable.class.isAssignableFrom(k); k = k.getSuperclass()) {
                if (!isAllowed(k)) {
                    refused = true;
                    throw new InvalidClassException(k.getName(), "not on the allow-list of this codec "
                            + "(allow it, and every serializable class the value contains, superclasses included)");
                }
            }
            return obj;
        }
    }
}
