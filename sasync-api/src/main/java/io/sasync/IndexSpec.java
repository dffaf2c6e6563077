package io.sasync;

import java.util.List;

/**
 * An index of a {@link TableSpec}.
 *
 * @param name    the index name; index names are unique per schema in most databases
 * @param columns the indexed columns, in order
 * @param unique  whether the index rejects duplicate keys
 */
public record IndexSpec(String name, List<String> columns, boolean unique) {

    /** Validates the index and copies its column list. */
    public IndexSpec {
        Identifiers.check(name, "index");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " has no columns");
        }
        columns.forEach(c -> Identifiers.check(c, "index column"));
    }

    /**
     * @param name    the index name
     * @param columns the indexed columns
     * @return a non-unique index
     */
    public static IndexSpec of(String name, String... columns) {
        return new IndexSpec(name, List.of(columns), false);
    }

    /**
     * @param name    the index name
     * @param columns the indexed columns
     * @return a unique index
     */
    public static IndexSpec unique(String name, String... columns) {
        return new IndexSpec(name, List.of(columns), true);
    }
}
