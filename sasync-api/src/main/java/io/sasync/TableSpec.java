package io.sasync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A table as {@link Broker#table(TableSpec)} creates it: columns, primary key and indexes,
 * written once in portable terms and turned into SQL by the dialect.
 *
 * <pre>{@code
 * TableSpec people = TableSpec.builder("people")
 *         .column(Column.identity("id"))
 *         .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
 *         .column(Column.of("born", ColumnType.DATE))
 *         .index(IndexSpec.unique("people_name", "name"))
 *         .build();
 * }</pre>
 *
 * <p>A table is in the connection's current schema unless it names one ({@link Builder#schema}):
 * the dialect then writes its name qualified, {@code schema.table}, in the statements it makes
 * for it ({@link io.sasync.spi.Dialect#qualifiedName}), and looks for it in that schema
 * ({@link io.sasync.spi.Dialect#tableExists(java.sql.Connection, TableSpec)}). The schema must
 * exist: nothing here creates schemas.
 *
 * @param name    the table name (quoted by the dialect when it is not a plain identifier)
 * @param columns the columns, in order
 * @param indexes the indexes
 * @param schema  the schema the table is in, under the same rules as the name; {@code null}
 *                for the connection's current schema
 */
public record TableSpec(String name, List<Column> columns, List<IndexSpec> indexes, String schema) {

    /** Validates the table: unique column names, indexes on existing columns, one identity at most. */
    public TableSpec {
        Identifiers.check(name, "table");
        if (schema != null) {
            Identifiers.check(schema, "schema");
        }
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " has no columns");
        }
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (!names.add(c.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("table " + name + " has two columns named " + c.name());
            }
        }
        if (columns.stream().filter(Column::identity).count() > 1) {
            throw new IllegalArgumentException("table " + name + " has more than one identity column");
        }
        Set<String> indexNames = new HashSet<>();
        for (IndexSpec index : indexes) {
            if (!indexNames.add(index.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("table " + name + " has two indexes named " + index.name());
            }
            for (String column : index.columns()) {
                if (!names.contains(column.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("index " + index.name() + " of table " + name
                            + " names no column of the table: " + column);
                }
            }
        }
    }

    /**
     * A table in the connection's current schema.
     *
     * @param name    the table name
     * @param columns the columns, in order
     * @param indexes the indexes
     */
    public TableSpec(String name, List<Column> columns, List<IndexSpec> indexes) {
        this(name, columns, indexes, null);
    }

    /**
     * @param name the table name
     * @return a builder for a table of that name
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the primary key columns, in column order */
    public List<Column> primaryKey() {
        return columns.stream().filter(Column::primaryKey).toList();
    }

    /**
     * @param columnName a column name, matched case-insensitively
     * @return the column, if the table has it
     */
    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }

    /** Builds a {@link TableSpec}. */
    public static final class Builder {
        private final String name;
        private final List<Column> columns = new ArrayList<>();
        private final List<IndexSpec> indexes = new ArrayList<>();
        private String schema;

        private Builder(String name) {
            this.name = Identifiers.check(name, "table");
        }

        /**
         * @param schema the schema the table is in, which must exist; {@code null} (the default)
         *               for the connection's current schema
         * @return this builder
         * @throws IllegalArgumentException when the name is blank, longer than 63 UTF-8 bytes or
         *                                  holds a control character
         */
        public Builder schema(String schema) {
            this.schema = schema == null ? null : Identifiers.check(schema, "schema");
            return this;
        }

        /**
         * @param column a column to add
         * @return this builder
         */
        public Builder column(Column column) {
            columns.add(column);
            return this;
        }

        /**
         * @param name a column name
         * @param type its type
         * @return this builder, with a nullable column of that type added
         */
        public Builder column(String name, ColumnType type) {
            return column(Column.of(name, type));
        }

        /**
         * @param index an index to add
         * @return this builder
         */
        public Builder index(IndexSpec index) {
            indexes.add(index);
            return this;
        }

        /** @return the table spec */
        public TableSpec build() {
            return new TableSpec(name, columns, indexes, schema);
        }
    }
}
