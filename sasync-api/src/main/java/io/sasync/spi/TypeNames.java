package io.sasync.spi;

import io.sasync.Column;
import io.sasync.ColumnType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The SQL type a database uses for each {@link ColumnType}: what {@link Dialect#sqlType} writes
 * by default. Each name is a template in which {@code {size}} and {@code {scale}} stand for the
 * column's size (length or precision) and scale. Immutable; a dialect starts from
 * {@link #STANDARD} and replaces what its database names otherwise:
 *
 * <pre>{@code
 * private static final TypeNames TYPES = TypeNames.STANDARD
 *         .with(ColumnType.TEXT, "TEXT")
 *         .with(ColumnType.BLOB, "BYTEA");
 *
 * public TypeNames typeNames() { return TYPES; }
 * }</pre>
 */
public final class TypeNames {

    /** Standard SQL: {@code DOUBLE PRECISION}, {@code DECIMAL(p,s)}, {@code CLOB}, {@code BLOB}, … */
    public static final TypeNames STANDARD = new TypeNames(standard());

    private final Map<ColumnType, String> templates;

    private TypeNames(Map<ColumnType, String> templates) {
        this.templates = templates;
    }

    private static Map<ColumnType, String> standard() {
        Map<ColumnType, String> names = new EnumMap<>(ColumnType.class);
        names.put(ColumnType.BOOLEAN, "BOOLEAN");
        names.put(ColumnType.INTEGER, "INTEGER");
        names.put(ColumnType.BIGINT, "BIGINT");
        names.put(ColumnType.DOUBLE, "DOUBLE PRECISION");
        names.put(ColumnType.DECIMAL, "DECIMAL({size},{scale})");
        names.put(ColumnType.VARCHAR, "VARCHAR({size})");
        names.put(ColumnType.TEXT, "CLOB");
        names.put(ColumnType.BLOB, "BLOB");
        names.put(ColumnType.DATE, "DATE");
        names.put(ColumnType.TIMESTAMP, "TIMESTAMP");
        return names;
    }

    /**
     * @param type     a column type
     * @param template its SQL type, with {@code {size}} and {@code {scale}} where they go
     * @return these names with that one replaced
     */
    public TypeNames with(ColumnType type, String template) {
        Map<ColumnType, String> names = new EnumMap<>(templates);
        names.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(template, "template"));
        return new TypeNames(names);
    }

    /**
     * @param column a column
     * @return its SQL type, e.g. {@code VARCHAR(40)}
     */
    public String of(Column column) {
        return templates.get(column.type())
                .replace("{size}", Integer.toString(column.size()))
                .replace("{scale}", Integer.toString(column.scale()));
    }

    @Override
    public String toString() {
        return "TypeNames" + templates;
    }
}
