package io.sasync.persistence;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.Row;
import io.sasync.TableSpec;
import io.sasync.spi.Dialect;
import io.sasync.spi.Upsert;
import io.sasync.store.KeyCodec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two kinds of table stores keep their rows in (their names and schema come from
 * {@link StoreTables}), and their SQL for one dialect.
 *
 * <p>Column names avoid the reserved words of the supported databases ({@code value},
 * {@code key}, {@code group}), so the SQL is the same text everywhere except for the upsert;
 * they still go through {@link Dialect#quote} in case a dialect reserves more.
 */
final class Tables {

    static final String GROUP = "group_id";
    static final String NAME = "name";
    static final String PAYLOAD = "payload";

    private Tables() {
    }

    /**
     * @param schema the schema, {@code null} for the connection's current one
     * @param name   the table's name
     * @return the table of items and dicts
     */
    static TableSpec items(String schema, String name) {
        return TableSpec.builder(name).schema(schema)
                .column(Column.of(GROUP, ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of(NAME, ColumnType.VARCHAR).withSize(KeyCodec.MAX_LENGTH).asPrimaryKey())
                .column(Column.of(PAYLOAD, ColumnType.BLOB).notNull())
                .build();
    }

    /**
     * @param schema the schema, {@code null} for the connection's current one
     * @param name   the table's name
     * @return the table of arrays
     */
    static TableSpec array(String schema, String name) {
        return TableSpec.builder(name).schema(schema)
                .column(Column.of(GROUP, ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of("x", ColumnType.VARCHAR).withSize(KeyCodec.MAX_LENGTH).asPrimaryKey())
                .column(Column.of("y", ColumnType.VARCHAR).withSize(KeyCodec.MAX_LENGTH).asPrimaryKey())
                .column(Column.of("z", ColumnType.VARCHAR).withSize(KeyCodec.MAX_LENGTH).asPrimaryKey())
                .column(Column.of(PAYLOAD, ColumnType.BLOB).notNull())
                .build();
    }

    /**
     * The statements of one table for one dialect: made once per store and dialect.
     *
     * @param dialect     the dialect they were made for
     * @param upsert      insert or replace, keys then the payload
     * @param insert      plain insert of keys then the payload
     * @param selectOne   payload by full key
     * @param selectAll   keys and payload of a group
     * @param selectKeys  keys of a group
     * @param deleteOne   by full key
     * @param deleteGroup all rows of a group
     * @param lockOne     an update of one row that changes nothing: it takes the row's write lock
     *                    on every database, so that what is read after it stays so until commit
     * @param updateOne   a new payload for one existing row
     * @param table       the table's name for SQL, quoted and qualified with its schema as needed
     * @param keyColumns  the quoted key columns after the group column
     */
    record Sql(Dialect dialect, Upsert upsert, String insert, String selectOne, String selectAll, String selectKeys,
               String deleteOne, String deleteGroup, String lockOne, String updateOne, String table,
               List<String> keyColumns) {

        /**
         * @throws IllegalStateException when the table is in a schema of its own and the dialect
         *                               writes its upsert without it (one written before
         *                               {@link Dialect#qualifiedName}), which would write to
         *                               another table
         */
        static Sql of(Dialect d, TableSpec spec) {
            List<String> keys = spec.primaryKey().stream().map(Column::name).toList();
            List<String> quotedKeys = keys.stream().skip(1).map(d::quote).toList();
            String table = d.qualifiedName(spec);
            Upsert upsert = d.upsert(spec, keys, List.of(PAYLOAD));
            if (spec.schema() != null && !upsert.sql().contains(table)) {
                throw new IllegalStateException("the " + d.name() + " dialect writes its upsert without the table's "
                        + "schema (" + upsert.sql() + "), so stores in schema " + spec.schema() + " cannot use it: its "
                        + "upsert must name the table as Dialect.qualifiedName does (" + table + ")");
            }
            String group = d.quote(GROUP);
            String payload = d.quote(PAYLOAD);
            String byKey = group + " = ?" + quotedKeys.stream().map(k -> " AND " + k + " = ?").collect(Collectors.joining());
            String keyList = String.join(", ", quotedKeys);
            return new Sql(d,
                    upsert,
                    "INSERT INTO " + table + " (" + group + ", " + keyList + ", " + payload + ") VALUES ("
                            + "?, ".repeat(keys.size()) + "?)",
                    "SELECT " + payload + " FROM " + table + " WHERE " + byKey,
                    "SELECT " + keyList + ", " + payload + " FROM " + table + " WHERE " + group + " = ? ORDER BY " + keyList,
                    "SELECT " + keyList + " FROM " + table + " WHERE " + group + " = ? ORDER BY " + keyList,
                    "DELETE FROM " + table + " WHERE " + byKey,
                    "DELETE FROM " + table + " WHERE " + group + " = ?",
                    "UPDATE " + table + " SET " + payload + " = " + payload + " WHERE " + byKey,
                    "UPDATE " + table + " SET " + payload + " = ? WHERE " + byKey,
                    table, quotedKeys);
        }

        /**
         * @param count how many names
         * @return a delete of that many names of a group
         */
        String deleteNames(int count) {
            return "DELETE FROM " + table + " WHERE " + d(GROUP) + " = ? AND " + keyColumns.get(0) + " IN ("
                    + "?, ".repeat(count - 1) + "?)";
        }

        /**
         * @param count how many names
         * @return the names and payloads of that many names of a group
         */
        String selectNames(int count) {
            return "SELECT " + keyColumns.get(0) + ", " + d(PAYLOAD) + " FROM " + table + " WHERE " + d(GROUP) + " = ? AND "
                    + keyColumns.get(0) + " IN (" + "?, ".repeat(count - 1) + "?)";
        }

        private String d(String column) {
            return dialect.quote(column);
        }
    }

    /**
     * @param row a row with a {@code payload} column
     * @return its bytes
     */
    static byte[] payload(Row row) {
        Object value = row.get(PAYLOAD);
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        throw new IllegalStateException("column " + PAYLOAD + " read back as "
                + (value == null ? "null" : value.getClass().getName()) + ", not byte[]: the dialect's BLOB type "
                + "must read back as byte[]");
    }
}
