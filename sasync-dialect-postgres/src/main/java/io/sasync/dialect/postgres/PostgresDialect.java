package io.sasync.dialect.postgres;

import io.sasync.ColumnType;
import io.sasync.TableSpec;
import io.sasync.spi.ChangeNotifications;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import io.sasync.spi.TypeNames;
import io.sasync.spi.Upsert;
import io.sasync.spi.UpsertColumns;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The dialect of <a href="https://www.postgresql.org">PostgreSQL</a> 10 or later (identity
 * columns, {@code ON CONFLICT}) through pgjdbc.
 *
 * <ul>
 *   <li>Selected for any URL containing {@code :postgresql:}, so
 *       {@code jdbc:p6spy:postgresql://host/app} works.</li>
 *   <li>{@code TEXT} is {@code TEXT}, {@code BLOB} is {@code BYTEA} (read back as {@code byte[]}),
 *       {@code TIMESTAMP} is {@code TIMESTAMP(6)}, PostgreSQL's finest.</li>
 *   <li>Key text ({@link #keyTextProblem}, the default): the server refuses U+0000 (NUL) in
 *       text ({@code 22021}), which would fail a whole batch of writes, and the driver sends an
 *       unpaired surrogate as {@code ?}, so {@code "a"} followed by one would be the same key
 *       as {@code "a?"}; the stores refuse both at the call. Trailing spaces are kept and compared
 *       ({@code VARCHAR} is not padded). This assumes a {@code UTF8} database, whose deterministic
 *       collations tell every two distinct texts apart.</li>
 *   <li>Upsert: {@code INSERT … ON CONFLICT (k…) DO UPDATE SET v = EXCLUDED.v}, or
 *       {@code DO NOTHING} without value columns; atomic under concurrency.</li>
 *   <li>Errors (SQL states forced on PostgreSQL 15): duplicate key {@code 23505}; object exists
 *       {@code 42P07} (relation), {@code 42710} (other object), and {@code 23505} on a system
 *       catalog's unique index ({@code pg_type_typname_nsp_index},
 *       {@code pg_class_relname_nsp_index}), which is what a transaction that loses a race of two
 *       concurrent {@code CREATE … IF NOT EXISTS} receives; that case is <em>not</em> a duplicate
 *       key. Retryable: {@code 40001} (serialization failure), {@code 40P01} (deadlock),
 *       {@code 55P03} (lock not available: {@code lock_timeout}, {@code NOWAIT}). Connection
 *       failures: besides the standard classes {@code 08} and {@code 28}, {@code 57P01}
 *       (terminated by an administrator: every restart, {@code pg_terminate_backend}),
 *       {@code 57P02} (crash shutdown), {@code 57P03} (cannot connect now: starting up or shutting
 *       down), {@code 3D000} (no such database) and {@code 53300} (too many connections).</li>
 * </ul>
 *
 * <pre>{@code
 * DatabaseConfig config = DatabaseConfig.builder("jdbc:postgresql://127.0.0.1:5432/app")
 *         .user("app").password(secret)
 *         .build();
 * }</pre>
 */
public final class PostgresDialect implements Dialect {

    private static final ChangeNotifications NOTIFICATIONS = new PostgresNotifications();

    /**
     * Key words PostgreSQL does not accept as table or column names: those
     * {@code pg_get_keywords()} lists as reserved ({@code R}) or as reserved except as function or
     * type names ({@code T}), in PostgreSQL 15.
     */
    static final Set<String> RESERVED_WORDS = Set.of(
            "ALL", "ANALYSE", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC", "ASYMMETRIC", "AUTHORIZATION",
            "BINARY", "BOTH", "CASE", "CAST", "CHECK", "COLLATE", "COLLATION", "COLUMN", "CONCURRENTLY",
            "CONSTRAINT", "CREATE", "CROSS", "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_ROLE",
            "CURRENT_SCHEMA", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DEFAULT", "DEFERRABLE",
            "DESC", "DISTINCT", "DO", "ELSE", "END", "EXCEPT", "FALSE", "FETCH", "FOR", "FOREIGN", "FREEZE",
            "FROM", "FULL", "GRANT", "GROUP", "HAVING", "ILIKE", "IN", "INITIALLY", "INNER", "INTERSECT",
            "INTO", "IS", "ISNULL", "JOIN", "LATERAL", "LEADING", "LEFT", "LIKE", "LIMIT", "LOCALTIME",
            "LOCALTIMESTAMP", "NATURAL", "NOT", "NOTNULL", "NULL", "OFFSET", "ON", "ONLY", "OR", "ORDER",
            "OUTER", "OVERLAPS", "PLACING", "PRIMARY", "REFERENCES", "RETURNING", "RIGHT", "SELECT",
            "SESSION_USER", "SIMILAR", "SOME", "SYMMETRIC", "TABLE", "TABLESAMPLE", "THEN", "TO",
            "TRAILING", "TRUE", "UNION", "UNIQUE", "USER", "USING", "VARIADIC", "VERBOSE", "WHEN", "WHERE",
            "WINDOW", "WITH");

    /** System catalog indexes whose violation means a concurrent transaction created the same object. */
    private static final Set<String> CATALOG_NAME_INDEXES = Set.of(
            "pg_type_typname_nsp_index", "pg_class_relname_nsp_index", "pg_namespace_nspname_index");

    /**
     * Besides the standard classes: {@code 57P01} (terminated by an administrator: every restart
     * and {@code pg_terminate_backend}), {@code 57P02} (crash shutdown), {@code 57P03} (cannot
     * connect now: starting up, shutting down, in recovery), {@code 3D000} (no such database, yet)
     * and {@code 53300} (too many connections).
     */
    private static final String[] CONNECTION_FAILURES = {"57P01", "57P02", "57P03", "3D000", "53300"};

    /** {@code TEXT} and {@code BYTEA} rather than LOBs; timestamps to the microsecond, PostgreSQL's finest. */
    private static final TypeNames TYPES = TypeNames.STANDARD
            .with(ColumnType.DECIMAL, "NUMERIC({size}, {scale})")
            .with(ColumnType.TEXT, "TEXT")
            .with(ColumnType.BLOB, "BYTEA")
            .with(ColumnType.TIMESTAMP, "TIMESTAMP(6)");

    /** Creates the dialect; it has no state. */
    public PostgresDialect() {
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public boolean supportsUrl(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.toLowerCase(Locale.ROOT).contains(":postgresql:");
    }

    @Override
    public Set<String> reservedWords() {
        return RESERVED_WORDS;
    }

    @Override
    public TypeNames typeNames() {
        return TYPES;
    }

    @Override
    public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
        UpsertColumns c = UpsertColumns.of(this, table, keyColumns, valueColumns);
        return Upsert.inOrder(c.insertInto(qualifiedName(table)) + c.onConflictDoUpdate(), c.all().size());
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return SqlStates.has(e, "23505") && !isCatalogRace(e);
    }

    @Override
    public boolean isObjectExists(SQLException e) {
        return SqlStates.has(e, "42P07", "42710") || isCatalogRace(e);
    }

    @Override
    public boolean isRetryable(SQLException e) {
        return SqlStates.has(e, "40001", "40P01", "55P03");
    }

    @Override
    public boolean isConnectionFailure(SQLException e) {
        return Dialect.super.isConnectionFailure(e) || SqlStates.has(e, CONNECTION_FAILURES);
    }

    /** Whether {@code e} is a unique violation of a system catalog's name index (a lost DDL race). */
    private static boolean isCatalogRace(SQLException e) {
        return SqlStates.find(e, s -> "23505".equals(s.getSQLState()) && CATALOG_NAME_INDEXES.contains(constraint(s)))
                .isPresent();
    }

    /** The constraint the server names, or failing that the catalog index named in the message. */
    private static String constraint(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage server = p.getServerErrorMessage();
            if (server != null && server.getConstraint() != null) {
                return server.getConstraint();
            }
        }
        String message = String.valueOf(e.getMessage());
        return CATALOG_NAME_INDEXES.stream().filter(message::contains).findFirst().orElse(null);
    }

    /** @return {@code LISTEN}/{@code NOTIFY} */
    @Override
    public Optional<ChangeNotifications> changeNotifications() {
        return Optional.of(NOTIFICATIONS);
    }
}
