package io.sasync.spi;

import io.sasync.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The quoted columns an upsert names, which every {@link Dialect#upsert} starts from: the key
 * columns, the other columns, and both in that order, the order of the values the statement is
 * given.
 *
 * <pre>{@code
 * UpsertColumns c = UpsertColumns.of(this, table, keyColumns, valueColumns);
 * String sql = "MERGE INTO " + qualifiedName(table) + " (" + c.allList() + ") KEY (" + c.keyList()
 *         + ") VALUES (" + c.placeholders() + ")";
 * return Upsert.inOrder(sql, c.all().size());
 * }</pre>
 *
 * @param keys   the key columns, quoted
 * @param values the other columns, quoted
 */
public record UpsertColumns(List<String> keys, List<String> values) {

    /** Copies the lists. */
    public UpsertColumns {
        keys = List.copyOf(keys);
        values = List.copyOf(values);
    }

    /**
     * @param dialect      the dialect, which quotes the names
     * @param table        the table
     * @param keyColumns   the key column names, at least one
     * @param valueColumns the other column names
     * @return the columns, quoted
     * @throws IllegalArgumentException when the table lacks a column, or there is no key column
     */
    public static UpsertColumns of(Dialect dialect, TableSpec table, List<String> keyColumns, List<String> valueColumns) {
        return new UpsertColumns(dialect.quotedColumns(table, keyColumns, true),
                dialect.quotedColumns(table, valueColumns, false));
    }

    /** @return the key columns then the other columns */
    public List<String> all() {
        List<String> all = new ArrayList<>(keys);
        all.addAll(values);
        return all;
    }

    /** @return the key columns, comma-separated */
    public String keyList() {
        return String.join(", ", keys);
    }

    /** @return all the columns, comma-separated */
    public String allList() {
        return String.join(", ", all());
    }

    /** @return one {@code ?} per column, comma-separated */
    public String placeholders() {
        return String.join(", ", all().stream().map(c -> "?").toList());
    }

    /**
     * @param table the table, as {@link Dialect#qualifiedName} writes it
     * @return {@code INSERT INTO table (keys…, values…) VALUES (?, …)}, with which most upserts begin
     */
    public String insertInto(String table) {
        return "INSERT INTO " + table + " (" + allList() + ") VALUES (" + placeholders() + ')';
    }

    /**
     * The conflict clause PostgreSQL and SQLite share, which follows {@link #insertInto}.
     *
     * @return {@code ON CONFLICT (keys…) DO UPDATE SET v = EXCLUDED.v, …}, or
     *         {@code ON CONFLICT (keys…) DO NOTHING} where there are no other columns
     */
    public String onConflictDoUpdate() {
        return " ON CONFLICT (" + keyList() + ") DO "
                + (values.isEmpty()
                        ? "NOTHING"
                        : "UPDATE SET " + values.stream().map(v -> v + " = EXCLUDED." + v).collect(Collectors.joining(", ")));
    }
}
