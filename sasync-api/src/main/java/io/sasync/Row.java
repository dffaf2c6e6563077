package io.sasync;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of a query result, immutable and detached from the {@code ResultSet}: it stays valid
 * after its transaction has ended. Large objects are read eagerly ({@code CLOB} as
 * {@link String}, {@code BLOB} as {@code byte[]}).
 *
 * <p>Values are addressed by 0-based position or by column label, case-insensitively (databases
 * disagree on the case of unquoted names: {@code NAME} in H2 and Derby, {@code name} in
 * PostgreSQL).
 *
 * <pre>{@code
 * Row row = session.first("SELECT id, name FROM people WHERE id = ?", 1).orElseThrow();
 * String name = row.get("name", String.class);
 * }</pre>
 */
public final class Row {

    /** The types {@link #convertNumber} converts to through a {@link BigDecimal}. */
    private static final List<Class<?>> NUMERIC_TARGETS = List.of(Long.class, long.class, Integer.class, int.class,
            Short.class, short.class, Byte.class, byte.class, BigDecimal.class, BigInteger.class, Boolean.class,
            boolean.class);

    private final Columns columns;
    private final Object[] values;

    private Row(Columns columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    /**
     * Makes a row.
     *
     * @param labels the column labels
     * @param values the values, one per label (copied)
     * @return the row
     */
    public static Row of(List<String> labels, List<?> values) {
        return Columns.of(labels).row(values.toArray());
    }

    /** @return the number of columns */
    public int size() {
        return values.length;
    }

    /** @return the column labels, in order */
    public List<String> columns() {
        return columns.labels;
    }

    /**
     * @param index 0-based column position
     * @return the value, possibly {@code null}
     * @throws IndexOutOfBoundsException when there is no such column
     */
    public Object get(int index) {
        Objects.checkIndex(index, values.length);
        return values[index];
    }

    /**
     * @param label a column label, matched case-insensitively
     * @return the value, possibly {@code null}
     * @throws IllegalArgumentException when there is no such column
     */
    public Object get(String label) {
        return values[columns.indexOf(label)];
    }

    /**
     * The value of a column converted to a type: numbers convert between numeric types without
     * losing information, JDBC date/time values to {@code java.time}, text to {@link UUID}, to
     * the constant of an enum with exactly that name, and a one-character text to
     * {@link Character}, and any value to {@link String} by its {@code toString()}. A primitive
     * type reads as its wrapper ({@code int.class} as {@link Integer}).
     *
     * <p>A floating-point NaN or infinity converts only to {@link Double} and {@link Float}
     * (which hold it) and to {@link String} ({@code "NaN"}, {@code "Infinity"},
     * {@code "-Infinity"}); to any other type, {@link Boolean} included, it is a
     * {@link ClassCastException} naming the value and the type.
     *
     * @param label a column label, matched case-insensitively
     * @param type  the wanted type
     * @param <T>   the wanted type
     * @return the converted value, or {@code null} when the column is SQL {@code NULL}
     * @throws IllegalArgumentException when there is no such column
     * @throws ClassCastException       when the value cannot be represented as {@code type}
     */
    public <T> T get(String label, Class<T> type) {
        return convert(get(label), type, label);
    }

    /**
     * Like {@link #get(String, Class)}, by position.
     *
     * @param index 0-based column position
     * @param type  the wanted type
     * @param <T>   the wanted type
     * @return the converted value, or {@code null}
     */
    public <T> T get(int index, Class<T> type) {
        return convert(get(index), type, columns.labels.get(index));
    }

    /**
     * The row as a Java object: a record built through its canonical constructor, a bean filled
     * through its setters, or, for a single-column result, the one value. The mapping of a type
     * is worked out once per class and once per result, not per row.
     *
     * <ul>
     *   <li><b>Records</b>: each component takes the column of its name. Every component needs a
     *       column.</li>
     *   <li><b>Beans</b> (any other class): made with their no-argument constructor, then each
     *       public setter {@code setX} whose property has a column is called with it. Properties
     *       without a column keep the value the constructor gave them; at least one must have a
     *       column. Fields are not set, public or not.</li>
     *   <li><b>Column types</b> (primitives and their wrappers, enums, and the JDK's types such as
     *       {@link String}, {@link BigDecimal}, {@link LocalDate}, {@link UUID}, {@code byte[]} or
     *       {@link Object}): the row must have exactly one column, whose value is returned.</li>
     * </ul>
     *
     * <p>A column matches a property when their names are equal ignoring case and underscores:
     * {@code FIRST_NAME}, {@code first_name} and {@code firstname} all fill {@code firstName}.
     * Columns that match no property are ignored. Values convert as {@link #get(String, Class)}
     * converts them, and text converts to an enum by its constant's exact name.
     *
     * <p>Refused with a {@link RowMappingException} naming the type, the property and the column:
     * a record component without a column, a bean none of whose properties has one, two columns
     * matching one property, two properties no column name can tell apart ({@code url} and
     * {@code URL}), a property whose type is not a column type (nested records or beans are not
     * mapped: build them from the row yourself), SQL {@code NULL} for a primitive property, a
     * value that does not convert losslessly, an abstract class, an inner (non-static) class, and
     * a type whose constructor or setters the library may not call (a named module must open its
     * package).
     *
     * <pre>{@code
     * record Person(long id, String name, LocalDate born) {}
     *
     * Person ada = row.as(Person.class);          // columns ID, NAME, BORN
     * }</pre>
     *
     * @param type the record, bean or column type
     * @param <T>  the type
     * @return the row as that type; {@code null} only for a column type whose column is
     *         {@code NULL}
     * @throws RowMappingException when the row cannot be mapped to the type, as listed above
     */
    @SuppressWarnings("unchecked") // the plan of a type makes values of that type (its wrapper for a primitive)
    public <T> T as(Class<T> type) {
        return (T) columns.plan(Objects.requireNonNull(type, "type")).map(values);
    }

    /** @return the row as an insertion-ordered map from column label to value */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(columns.labels.get(i), values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row row
                && columns.labels.equals(row.columns.labels)
                && Arrays.deepEquals(values, row.values);
    }

    @Override
    public int hashCode() {
        return 31 * columns.labels.hashCode() + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Row{");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            Object value = values[i];
            out.append(columns.labels.get(i)).append('=')
                    .append(value instanceof byte[] bytes ? "byte[" + bytes.length + "]" : value);
        }
        return out.append('}').toString();
    }

    /**
     * @param value a column's value, possibly {@code null}
     * @param type  the wanted type; a primitive type stands for its wrapper
     * @param label the column's label, for messages
     * @return the value as {@code type}
     * @throws ClassCastException when it cannot be represented as {@code type}
     */
    @SuppressWarnings("unchecked")
    static <T> T convert(Object value, Class<T> type, String label) {
        if (value == null || wrapper(type).isInstance(value)) {
            return (T) value;
        }
        Object converted = null;
        if (value instanceof Number number) {
            converted = convertNumber(number, type, label);
        } else if (value instanceof Timestamp timestamp) {
            converted = type == LocalDateTime.class ? timestamp.toLocalDateTime()
                    : type == Instant.class ? timestamp.toInstant()
                    : type == LocalDate.class ? timestamp.toLocalDateTime().toLocalDate()
                    : null;
        } else if (value instanceof Date date && type == LocalDate.class) {
            converted = date.toLocalDate();
        } else if (value instanceof Time time && type == LocalTime.class) {
            converted = time.toLocalTime();
        } else if (value instanceof OffsetDateTime odt) {
            converted = type == Instant.class ? odt.toInstant()
                    : type == LocalDateTime.class ? odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                    : null;
        } else if (value instanceof LocalDateTime ldt && type == Instant.class) {
            converted = ldt.toInstant(ZoneOffset.UTC);
        } else if (value instanceof String text && type == UUID.class) {
            converted = UUID.fromString(text);
        } else if (value instanceof String text && type.isEnum()) {
            converted = constant(text, type, label);
        } else if (value instanceof String text && wrapper(type) == Character.class && text.length() == 1) {
            converted = text.charAt(0);
        }
        if (converted == null && type == String.class) {
            converted = value.toString();
        }
        if (converted == null) {
            throw new ClassCastException("column " + label + " holds " + describe(value)
                    + " that cannot be read as " + type.getName());
        }
        return (T) converted;
    }

    /** @return the constant of an enum with exactly that name */
    private static Object constant(String name, Class<?> type, String label) {
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new ClassCastException("column " + label + " holds \"" + name + "\", which is not a constant of "
                + type.getName() + " " + Arrays.toString(type.getEnumConstants()));
    }

    /** @return the wrapper class of a primitive type, any other type as it is */
    static Class<?> wrapper(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return type == int.class ? Integer.class
                : type == long.class ? Long.class
                : type == boolean.class ? Boolean.class
                : type == double.class ? Double.class
                : type == float.class ? Float.class
                : type == short.class ? Short.class
                : type == byte.class ? Byte.class
                : type == char.class ? Character.class
                : Void.class;
    }

    /**
     * @return the number as {@code type} when that holds it exactly, {@code null} when
     *         {@code type} is not a numeric (or boolean) type
     * @throws ClassCastException when {@code type} is numeric but cannot hold the number
     */
    private static Object convertNumber(Number number, Class<?> type, String label) {
        boolean floating = number instanceof Double || number instanceof Float;
        if (type == Double.class || type == double.class) {
            return number.doubleValue();
        } else if (type == Float.class || type == float.class) {
            float f = number.floatValue();
            // A float and a double compare exactly as doubles; other numbers as decimals.
            if (floating ? f == number.doubleValue() || Double.isNaN(number.doubleValue())
                    : Float.isFinite(f) && new BigDecimal(f).compareTo(exact(number)) == 0) {
                return f;
            }
            throw doesNotFit(number, type, label);
        } else if (!NUMERIC_TARGETS.contains(type)) {
            return null;
        }
        // Only double and float hold NaN and the infinities; BigDecimal cannot even be made of them.
        if (floating && !Double.isFinite(number.doubleValue())) {
            throw doesNotFit(number, type, label);
        }
        BigDecimal exact = exact(number);
        try {
            if (type == Long.class || type == long.class) {
                return exact.longValueExact();
            } else if (type == Integer.class || type == int.class) {
                return exact.intValueExact();
            } else if (type == Short.class || type == short.class) {
                return exact.shortValueExact();
            } else if (type == Byte.class || type == byte.class) {
                return exact.byteValueExact();
            } else if (type == BigDecimal.class) {
                return exact;
            } else if (type == BigInteger.class) {
                return exact.toBigIntegerExact();
            } else {
                return exact.signum() != 0;
            }
        } catch (ArithmeticException lossy) {
            throw doesNotFit(number, type, label);
        }
    }

    /** @return a finite number as a decimal: exactly for integers, by its shortest text for floats */
    private static BigDecimal exact(Number number) {
        return number instanceof BigDecimal bd ? bd
                : number instanceof BigInteger bi ? new BigDecimal(bi)
                : number instanceof Double || number instanceof Float ? BigDecimal.valueOf(number.doubleValue())
                : BigDecimal.valueOf(number.longValue());
    }

    private static ClassCastException doesNotFit(Number number, Class<?> type, String label) {
        return new ClassCastException("column " + label + " holds " + describe(number)
                + ", which does not fit in " + type.getName());
    }

    /** @return the value's type, and the value itself when it is a number or a boolean */
    private static String describe(Object value) {
        return "a " + value.getClass().getName()
                + (value instanceof Number || value instanceof Boolean ? " (" + value + ")" : "");
    }

    /**
     * The column labels of a result, shared by all its rows so that each row costs one array.
     */
    public static final class Columns {
        private final List<String> labels;
        private final Map<String, Integer> index;
        /** How rows with these columns map to the type last asked for ({@link Row#as}). */
        private volatile RowMapping.Plan plan;

        private Columns(List<String> labels) {
            this.labels = List.copyOf(labels);
            Map<String, Integer> byName = new HashMap<>();
            for (int i = labels.size() - 1; i >= 0; i--) {
                byName.put(labels.get(i).toLowerCase(Locale.ROOT), i); // first of duplicates wins
            }
            this.index = byName;
        }

        /**
         * @param labels the column labels, in order
         * @return a header for rows with these columns
         */
        public static Columns of(List<String> labels) {
            return new Columns(labels);
        }

        /**
         * Makes a row with these columns.
         *
         * @param values the values, one per column; copied, so that changing the array later
         *               leaves the row as it is
         * @return the row
         * @throws IllegalArgumentException when the number of values differs from the columns
         */
        public Row row(Object[] values) {
            if (values.length != labels.size()) {
                throw new IllegalArgumentException(
                        values.length + " values for " + labels.size() + " columns " + labels);
            }
            return new Row(this, Arrays.copyOf(values, values.length, Object[].class));
        }

        /** @return the labels, in order */
        public List<String> labels() {
            return labels;
        }

        /**
         * @return how rows with these columns map to {@code type}: worked out on the first row
         *         and kept for the rows after it
         */
        RowMapping.Plan plan(Class<?> type) {
            RowMapping.Plan p = plan;
            if (p == null || p.type() != type) {
                p = RowMapping.plan(type, labels);
                plan = p;
            }
            return p;
        }

        int indexOf(String label) {
            Integer i = index.get(label.toLowerCase(Locale.ROOT));
            if (i == null) {
                throw new IllegalArgumentException("no column " + label + " in " + labels);
            }
            return i;
        }
    }
}
