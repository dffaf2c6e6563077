package io.sasync.persistence;

import io.sasync.TableSpec;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where stores keep their rows: the schema and the names of the two store tables. Two
 * applications, or two test suites, on one database keep apart by giving their stores different
 * tables, so that neither sees, changes nor drops the other's rows.
 *
 * <pre>{@code
 * StoreTables billing = StoreTables.defaults().inSchema("billing");   // billing.sasync_items, billing.sasync_array
 * StoreTables audit = StoreTables.defaults().withItems("audit_items").withArray("audit_array");
 * PersistentDict<String, Object> users = Stores.dict(broker, "users", billing);
 * }</pre>
 *
 * <ul>
 *   <li><b>Defaults</b> ({@link #defaults()}): {@value #DEFAULT_ITEMS} and {@value #DEFAULT_ARRAY}
 *       in the connection's current schema, the tables of the stores made without a
 *       {@code StoreTables}.</li>
 *   <li><b>Names</b> are checked when given, under the rules of {@link TableSpec} (not blank, at
 *       most 63 UTF-8 bytes, no control characters) and without a dot: a schema is given with
 *       {@link #inSchema}, never inside a name. A name of letters, digits and underscores that
 *       starts with a letter and is not a reserved word is written unquoted, so the database
 *       folds its case as usual ({@code Billing} is {@code billing} on PostgreSQL and
 *       {@code BILLING} on H2 and Derby); any other name is quoted by the dialect and kept
 *       exactly.</li>
 *   <li><b>The schema must exist.</b> The stores create their tables in it on first use, but
 *       never the schema itself (which needs rights a store should not need, and whose owner
 *       decides its life): a store whose schema is missing fails its operations with a
 *       {@link io.sasync.DatabaseException} naming the schema, and writes nothing, on every
 *       database (Derby would otherwise create the schema silently).</li>
 *   <li><b>Group ids do not change</b>: a store's rows are still those of
 *       {@link Stores#groupId(String) groupId(id)} in its table. So the same id in two different
 *       tables is two different stores, and {@link io.sasync.store.Items} and
 *       {@link io.sasync.store.PersistentDict}s of one id share their entries only when they
 *       share the items table.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; the {@code with…} methods return a copy.
 */
public final class StoreTables {

    /** The items table of {@link #defaults()}. */
    public static final String DEFAULT_ITEMS = "sasync_items";
    /** The array table of {@link #defaults()}. */
    public static final String DEFAULT_ARRAY = "sasync_array";

    private static final StoreTables DEFAULTS = new StoreTables(null, DEFAULT_ITEMS, DEFAULT_ARRAY);

    private final String schema;
    private final TableSpec items;
    private final TableSpec array;

    private StoreTables(String schema, String items, String array) {
        this.schema = schema;
        this.items = Tables.items(schema, items);
        this.array = Tables.array(schema, array);
    }

    /**
     * @return {@value #DEFAULT_ITEMS} and {@value #DEFAULT_ARRAY} in the connection's current
     *         schema: where stores made without a {@code StoreTables} keep their rows
     */
    public static StoreTables defaults() {
        return DEFAULTS;
    }

    /**
     * @param schema a schema, which must exist when the stores are first used
     * @return these tables in that schema
     * @throws IllegalArgumentException when the name breaks the rules above
     */
    public StoreTables inSchema(String schema) {
        return new StoreTables(check(schema, "schema"), items.name(), array.name());
    }

    /**
     * @param table the name of the table of {@link io.sasync.store.Items} and
     *              {@link io.sasync.store.PersistentDict}
     * @return these tables with that items table
     * @throws IllegalArgumentException when the name breaks the rules above, or is the array
     *                                  table's
     */
    public StoreTables withItems(String table) {
        return new StoreTables(schema, distinct(check(table, "items table"), array.name()), array.name());
    }

    /**
     * @param table the name of the table of {@link io.sasync.store.PersistentArray}
     * @return these tables with that array table
     * @throws IllegalArgumentException when the name breaks the rules above, or is the items
     *                                  table's
     */
    public StoreTables withArray(String table) {
        return new StoreTables(schema, items.name(), distinct(check(table, "array table"), items.name()));
    }

    /** @return the schema; empty for the connection's current schema */
    public Optional<String> schema() {
        return Optional.ofNullable(schema);
    }

    /**
     * @return the table of {@link io.sasync.store.Items} and {@link io.sasync.store.PersistentDict}:
     *         {@code (group_id BIGINT, name VARCHAR(255), payload BLOB, PRIMARY KEY (group_id, name))}
     */
    public TableSpec items() {
        return items;
    }

    /**
     * @return the table of {@link io.sasync.store.PersistentArray}: {@code (group_id BIGINT,
     *         x VARCHAR(255), y VARCHAR(255), z VARCHAR(255), payload BLOB, PRIMARY KEY (group_id, x, y, z))}
     */
    public TableSpec array() {
        return array;
    }

    private static String check(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.indexOf('.') >= 0) {
            throw new IllegalArgumentException("store " + what + " name contains a dot: " + name
                    + (what.equals("schema") ? "" : "; give the schema with inSchema(...), not in the table's name"));
        }
        try {
            if (what.equals("schema")) {
                TableSpec.builder(DEFAULT_ITEMS).schema(name);
            } else {
                TableSpec.builder(name);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad store " + what + " name: " + e.getMessage(), e);
        }
        return name;
    }

    private static String distinct(String table, String other) {
        if (table.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the store items and array tables must differ (their columns do), "
                    + "and both would be " + table);
        }
        return table;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoreTables t && Objects.equals(schema, t.schema)
                && items.name().equals(t.items.name()) && array.name().equals(t.array.name());
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, items.name(), array.name());
    }

    @Override
    public String toString() {
        String prefix = schema == null ? "" : schema + ".";
        return "StoreTables[" + prefix + items.name() + ", " + prefix + array.name() + "]";
    }
}
