package io.sasync.dialect.sqlite;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.TableSpec;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import io.sasync.spi.TypeNames;
import io.sasync.spi.Upsert;
import io.sasync.spi.UpsertColumns;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.sqlite.SQLiteException;

/**
 * The dialect of <a href="https://sqlite.org">SQLite</a> 3.24 or later (for {@code ON CONFLICT …
 * DO UPDATE}) through the {@code org.xerial:sqlite-jdbc} driver, for database files and memory
 * databases. Why the defaults are what they are is in the package's documentation.
 *
 * <ul>
 *   <li>Selected for any URL containing {@code :sqlite:}: {@code jdbc:sqlite:/var/app/app.db},
 *       {@code jdbc:sqlite:file:app.db?mode=rw}, {@code jdbc:sqlite::memory:}.</li>
 *   <li>{@link #singleConnection()}: one worker, as SQLite lets one writer at a time hold the
 *       database. {@link #poolDefaults()}: each pooled connection opens in write-ahead-log
 *       journal mode ({@code journal_mode=WAL}) and waits up to 5 s for a lock
 *       ({@code busy_timeout=5000}).</li>
 *   <li>Types, by SQLite's type affinity: {@code BOOLEAN} is stored as the integers 0 and 1 and
 *       read back as {@link Boolean}; {@code INTEGER} and {@code BIGINT} as integers;
 *       {@code DOUBLE} ({@code DOUBLE PRECISION}) as a double; {@code DECIMAL(p,s)} has
 *       {@code NUMERIC} affinity, which keeps a decimal as an integer or a double, so at most 15
 *       significant digits survive, read back as {@link BigDecimal}; {@code VARCHAR(n)} and
 *       {@code TEXT} as text (the length is not enforced); {@code BLOB} as bytes; {@code DATE}
 *       and {@code TIMESTAMP} as text ({@code 2024-02-29}, {@code 2024-02-29 13:14:15.123456789},
 *       which SQLite's date functions read and which sorts in time order), bound from and read
 *       back as {@link LocalDate} and {@link LocalDateTime} ({@link Instant},
 *       {@link Timestamp} and {@link java.sql.Date} are bound as the same text, in the JVM's
 *       zone).</li>
 *   <li>An identity column is {@code INTEGER PRIMARY KEY AUTOINCREMENT}, SQLite's alias of the
 *       row id, and must be the table's whole primary key; {@code AUTOINCREMENT} keeps keys of
 *       deleted rows from being given again, as other databases' identities do. Generated keys
 *       come from {@code last_insert_rowid()}.</li>
 *   <li>{@code CREATE TABLE} and {@code CREATE INDEX} with {@code IF NOT EXISTS}; names are
 *       quoted with {@code "} where they are not plain or are among SQLite's keywords. SQLite
 *       matches names ignoring ASCII case, quoted or not. Names beginning with {@code sqlite_} are
 *       SQLite's own and refused ({@link #identifierProblem}). SQLite has no schemas
 *       ({@code CREATE SCHEMA}); its attached databases are not used.</li>
 *   <li>Upsert: {@code INSERT … ON CONFLICT (k…) DO UPDATE SET v = EXCLUDED.v}, or
 *       {@code DO NOTHING} without value columns.</li>
 *   <li>Key text (the default {@link #keyTextProblem}): text compares with the {@code BINARY}
 *       collation, byte by byte, so trailing spaces and case count; NUL and unpaired surrogates are
 *       refused as on every database.</li>
 *   <li>Errors, by the driver's result codes (SQLite has no SQL states): duplicate key
 *       {@code SQLITE_CONSTRAINT_PRIMARYKEY} and {@code SQLITE_CONSTRAINT_UNIQUE}; object exists
 *       {@code SQLITE_ERROR} saying "already exists" (SQLite has no code of its own for it);
 *       retryable {@code SQLITE_BUSY} (another connection holds the lock past
 *       {@code busy_timeout}, or a deadlock between two writers) and {@code SQLITE_LOCKED} (a
 *       table lock of a shared-cache memory database); cancelled {@code SQLITE_INTERRUPT}.
 *       Connection failures: besides the standard ones, {@code SQLITE_CANTOPEN} (the file or its
 *       directory is missing or not accessible, or {@code mode=rw} names a file that does not
 *       exist yet) and {@code SQLITE_IOERR} (the file cannot be read or written: its disk or
 *       network share is gone), after which a new connection may succeed once the file is back.
 *       An embedded database has no server whose loss ends a session.</li>
 * </ul>
 *
 * <pre>{@code
 * DatabaseConfig config = DatabaseConfig.of("jdbc:sqlite:/var/lib/app/app.db");
 * }</pre>
 */
public final class SqliteDialect implements Dialect {

    /**
     * SQLite's keywords (its documentation's "SQLite Keywords" list, as of 3.46) with the
     * standard reserved words. SQLite takes many of them as names unquoted, but which depends on
     * where they stand; quoting them all costs nothing, since quoted names match as unquoted ones
     * do.
     */
    static final Set<String> RESERVED_WORDS = Dialect.withStandardReservedWords(
            "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS", "ASC", "ATTACH",
            "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST", "CHECK", "COLLATE",
            "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE",
            "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC",
            "DETACH", "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE",
            "EXISTS", "EXPLAIN", "FAIL", "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL",
            "GENERATED", "GLOB", "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX",
            "INDEXED", "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN",
            "KEY", "LAST", "LEFT", "LIKE", "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING",
            "NOTNULL", "NULL", "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER",
            "PARTITION", "PLAN", "PRAGMA", "PRECEDING", "PRIMARY", "QUERY", "RAISE", "RANGE", "RECURSIVE",
            "REFERENCES", "REGEXP", "REINDEX", "RELEASE", "RENAME", "REPLACE", "RESTRICT", "RETURNING", "RIGHT",
            "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SELECT", "SET", "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES",
            "TO", "TRANSACTION", "TRIGGER", "UNBOUNDED", "UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES",
            "VIEW", "VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH", "WITHOUT");

    /** Text for dates and times (see {@link SqliteText}), text affinity for {@code TEXT}. */
    private static final TypeNames TYPES = TypeNames.STANDARD.with(ColumnType.TEXT, "TEXT");

    /** SQLite's primary result codes (the low byte of an extended one). */
    private static final int SQLITE_ERROR = 1;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_INTERRUPT = 9;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CANTOPEN = 14;
    /** Extended result codes of a violated key. */
    private static final int SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
    private static final int SQLITE_CONSTRAINT_UNIQUE = 2067;

    /** Creates the dialect; it has no state. */
    public SqliteDialect() {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public boolean supportsUrl(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.toLowerCase(Locale.ROOT).contains(":sqlite:");
    }

    @Override
    public Set<String> reservedWords() {
        return RESERVED_WORDS;
    }

    @Override
    public Optional<String> identifierProblem(String identifier) {
        if (identifier.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
            return Optional.of("begins with sqlite_, which SQLite keeps for the names of its own tables and indexes");
        }
        return Optional.empty();
    }

    @Override
    public TypeNames typeNames() {
        return TYPES;
    }

    /** An identity column is SQLite's alias of the row id, declared inline as the primary key. */
    @Override
    public String columnDefinition(Column column) {
        if (column.identity()) {
            return quote(column.name()) + " INTEGER PRIMARY KEY AUTOINCREMENT";
        }
        return Dialect.super.columnDefinition(column);
    }

    /**
     * @throws IllegalArgumentException when an identity column is not the table's whole primary
     *                                  key, which SQLite cannot generate values for
     */
    @Override
    public String createTable(TableSpec table) {
        Optional<Column> identity = table.columns().stream().filter(Column::identity).findFirst();
        if (identity.isEmpty()) {
            return Dialect.super.createTable(table);
        }
        if (!table.primaryKey().equals(List.of(identity.get()))) {
            throw new IllegalArgumentException("table " + table.name() + ": SQLite generates the values of an identity"
                    + " column only when it is the whole primary key (INTEGER PRIMARY KEY), but the primary key is "
                    + table.primaryKey().stream().map(Column::name).toList());
        }
        return "CREATE TABLE IF NOT EXISTS " + qualifiedName(table) + " ("
                + table.columns().stream().map(this::columnDefinition).collect(Collectors.joining(", ")) + ')';
    }

    @Override
    public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
        UpsertColumns c = UpsertColumns.of(this, table, keyColumns, valueColumns);
        return Upsert.inOrder(c.insertInto(qualifiedName(table)) + c.onConflictDoUpdate(), c.all().size());
    }

    /** Dates and times as {@link SqliteText}; everything else as the default binds it. */
    @Override
    public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof LocalDateTime timestamp) {
            statement.setString(index, SqliteText.format(timestamp));
        } else if (value instanceof LocalDate date) {
            statement.setString(index, SqliteText.format(date));
        } else if (value instanceof Instant instant) {
            statement.setString(index, SqliteText.format(LocalDateTime.ofInstant(instant, ZoneId.systemDefault())));
        } else if (value instanceof Timestamp timestamp) {
            statement.setString(index, SqliteText.format(timestamp.toLocalDateTime()));
        } else if (value instanceof java.sql.Date date) {
            statement.setString(index, SqliteText.format(date.toLocalDate()));
        } else {
            Dialect.super.bind(statement, index, value);
        }
    }

    /**
     * Reads by the column's declared type: {@code BOOLEAN} as {@link Boolean}, {@code BIGINT} as
     * {@link Long} (the driver gives small ones as {@link Integer}), {@code DECIMAL} and
     * {@code NUMERIC} as {@link BigDecimal} of the declared scale, {@code DATE} and {@code TIMESTAMP} text as
     * {@link LocalDate} and {@link LocalDateTime} (a number there, as the driver's
     * {@code setDate}/{@code setTimestamp} write by default, as the driver reads it); a value of
     * another storage class than the type's (text in a {@code BOOLEAN}, say) as it is.
     */
    @Override
    public Object read(ResultSet resultSet, int column, int sqlType) throws SQLException {
        Object value = resultSet.getObject(column);
        if (value == null) {
            return null;
        }
        return switch (sqlType) {
            case Types.BOOLEAN, Types.BIT -> value instanceof Number n ? n.longValue() != 0 : value;
            case Types.BIGINT -> value instanceof Integer n ? Long.valueOf(n) : value;
            case Types.DECIMAL, Types.NUMERIC -> decimal(value, resultSet.getMetaData().getScale(column));
            case Types.DATE -> value instanceof String text
                    ? SqliteText.date(text, column) : resultSet.getDate(column).toLocalDate();
            case Types.TIMESTAMP -> value instanceof String text
                    ? SqliteText.timestamp(text, column) : resultSet.getTimestamp(column).toLocalDateTime();
            default -> value;
        };
    }

    /**
     * @param value a {@code DECIMAL} column's value: an integer or a double, as its affinity keeps it
     * @param scale the column's declared scale
     * @return the value as a {@link BigDecimal} with at least the declared scale ({@code 1234.50}
     *         for a {@code DECIMAL(12,2)} holding {@code 1234.5}); anything else as it is
     */
    private static Object decimal(Object value, int scale) {
        BigDecimal decimal;
        if (value instanceof Long || value instanceof Integer) {
            decimal = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof Double d && Double.isFinite(d)) {
            decimal = BigDecimal.valueOf(d);
        } else {
            return value;
        }
        return decimal.scale() < scale ? decimal.setScale(scale) : decimal;
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return hasCode(e, code -> code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE);
    }

    @Override
    public boolean isObjectExists(SQLException e) {
        return SqlStates.find(e, s -> s instanceof SQLiteException x && (x.getResultCode().code & 0xff) == SQLITE_ERROR
                && String.valueOf(s.getMessage()).contains(" already exists")).isPresent();
    }

    @Override
    public boolean isRetryable(SQLException e) {
        return hasPrimaryCode(e, SQLITE_BUSY) || hasPrimaryCode(e, SQLITE_LOCKED);
    }

    @Override
    public boolean isConnectionFailure(SQLException e) {
        return Dialect.super.isConnectionFailure(e) || hasPrimaryCode(e, SQLITE_CANTOPEN) || hasPrimaryCode(e, SQLITE_IOERR);
    }

    @Override
    public boolean isCancelled(SQLException e) {
        return hasPrimaryCode(e, SQLITE_INTERRUPT);
    }

    /** One worker: SQLite lets one writer at a time hold the database. */
    @Override
    public boolean singleConnection() {
        return true;
    }

    /** Write-ahead logging and a lock wait of 5 s on every pooled connection (the package says why). */
    @Override
    public Map<String, String> poolDefaults() {
        return Map.of("connectionProperties", "journal_mode=WAL;busy_timeout=5000");
    }

    private static boolean hasPrimaryCode(SQLException e, int primary) {
        return hasCode(e, code -> (code & 0xff) == primary);
    }

    /** Whether the chain holds a driver exception whose extended result code passes the test. */
    private static boolean hasCode(SQLException e, IntPredicate code) {
        return SqlStates.find(e, s -> s instanceof SQLiteException x && code.test(x.getResultCode().code)).isPresent();
    }
}
