package io.sasync.dialect.h2;

import io.sasync.ColumnType;
import io.sasync.TableSpec;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import io.sasync.spi.TypeNames;
import io.sasync.spi.Upsert;
import io.sasync.spi.UpsertColumns;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The dialect of <a href="https://h2database.com">H2</a> 2.x, embedded or server, in its default
 * (non-compatibility) mode.
 *
 * <ul>
 *   <li>Selected for any URL containing {@code :h2:}, so {@code jdbc:p6spy:h2:mem:app} works.</li>
 *   <li>{@code TEXT} and {@code BLOB} are {@code CHARACTER VARYING} and {@code BINARY VARYING}
 *       without a length (up to 10<sup>9</sup> characters or bytes), not LOBs, so that values read
 *       back as {@code String} and {@code byte[]} and stay valid after the transaction. Each value
 *       is held in memory whole: store very large objects elsewhere.</li>
 *   <li>{@code TIMESTAMP} is {@code TIMESTAMP(9)}: a {@link java.time.LocalDateTime} keeps its
 *       nanoseconds.</li>
 *   <li>Key text ({@link #keyTextProblem}, the default): H2 stores every Java string exactly,
 *       U+0000 (NUL) and unpaired surrogates included, and compares {@code VARCHAR} values
 *       without padding; the default still refuses NUL and unpaired surrogates, as on every
 *       database, so that keys stored here can move to PostgreSQL. A database opened with
 *       {@code IGNORECASE=TRUE} compares case-insensitively, which the dialect cannot see: keys
 *       differing only in case would then be one key.</li>
 *   <li>Upsert: {@code MERGE INTO t (k…, v…) KEY (k…) VALUES (?…)}.</li>
 *   <li>Errors (SQL states checked against H2 2.3): duplicate key {@code 23505}; object exists
 *       {@code 42S01} (table) and {@code 42S11} (index); retryable {@code 40001} (deadlock, and
 *       what H2 reports for a write conflict under {@code REPEATABLE READ}/{@code SERIALIZABLE}),
 *       {@code HYT00} (lock timeout) and {@code 90131} (concurrent update, per H2's error code
 *       documentation). Connection failures: besides the standard classes {@code 08} and
 *       {@code 28}, {@code 90067} (connection broken), {@code 90098} and {@code 90121} (database
 *       closed), {@code 90013} and {@code 90146} (no such database), {@code 90020} (the file is
 *       open in another process), {@code 90135} (exclusive mode).</li>
 * </ul>
 *
 * <pre>{@code
 * DatabaseConfig config = DatabaseConfig.of("jdbc:h2:mem:app;DB_CLOSE_DELAY=-1");
 * }</pre>
 */
public final class H2Dialect implements Dialect {

    /**
     * Words H2 2.3 does not accept as unquoted table or column names: its parser's keyword list
     * (the "Keywords / Reserved Words" table of its documentation), each checked against H2 as
     * a table name, column name and in a query.
     */
    static final Set<String> RESERVED_WORDS = Set.of(
            "ALL", "AND", "ANY", "ARRAY", "AS", "ASYMMETRIC", "AUTHORIZATION", "BETWEEN", "CASE", "CAST",
            "CHECK", "CONSTRAINT", "CROSS", "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_PATH",
            "CURRENT_ROLE", "CURRENT_SCHEMA", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DAY",
            "DEFAULT", "DISTINCT", "ELSE", "END", "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR", "FOREIGN",
            "FROM", "FULL", "GROUP", "HAVING", "HOUR", "IF", "IN", "INNER", "INTERSECT", "INTERVAL", "IS",
            "JOIN", "KEY", "LEFT", "LIKE", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "MINUS", "MINUTE",
            "MONTH", "NATURAL", "NOT", "NULL", "OFFSET", "ON", "OR", "ORDER", "PRIMARY", "QUALIFY",
            "RIGHT", "ROW", "ROWNUM", "SECOND", "SELECT", "SESSION_USER", "SET", "SOME", "SYMMETRIC",
            "SYSTEM_USER", "TABLE", "TO", "TOP", "TRUE", "UESCAPE", "UNION", "UNIQUE", "UNKNOWN", "USER",
            "USING", "VALUE", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH", "YEAR", "_ROWID_");

    /**
     * H2's codes for a connection it cannot make or has lost (its {@code ErrorCode} names):
     * {@code CONNECTION_BROKEN_1}, {@code DATABASE_IS_CLOSED}, {@code DATABASE_CALLED_AT_SHUTDOWN},
     * {@code DATABASE_NOT_FOUND_1}, {@code DATABASE_NOT_FOUND_WITH_IF_EXISTS_1},
     * {@code DATABASE_ALREADY_OPEN_1} (another process holds the file) and
     * {@code DATABASE_IS_IN_EXCLUSIVE_MODE}.
     */
    private static final String[] CONNECTION_FAILURES = {"90067", "90098", "90121", "90013", "90146", "90020", "90135"};

    /** Variable-length text and bytes without a length rather than LOBs; timestamps to the nanosecond. */
    private static final TypeNames TYPES = TypeNames.STANDARD
            .with(ColumnType.DECIMAL, "NUMERIC({size}, {scale})")
            .with(ColumnType.VARCHAR, "CHARACTER VARYING({size})")
            .with(ColumnType.TEXT, "CHARACTER VARYING")
            .with(ColumnType.BLOB, "BINARY VARYING")
            .with(ColumnType.TIMESTAMP, "TIMESTAMP(9)");

    /** Creates the dialect; it has no state. */
    public H2Dialect() {
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public boolean supportsUrl(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.toLowerCase(Locale.ROOT).contains(":h2:");
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
        String sql = "MERGE INTO " + qualifiedName(table) + " (" + c.allList() + ") KEY (" + c.keyList()
                + ") VALUES (" + c.placeholders() + ')';
        return Upsert.inOrder(sql, c.all().size());
    }

    @Override
    public boolean isObjectExists(SQLException e) {
        return SqlStates.has(e, "42S01", "42S11");
    }

    @Override
    public boolean isRetryable(SQLException e) {
        return SqlStates.has(e, "40001", "HYT00", "90131");
    }

    @Override
    public boolean isConnectionFailure(SQLException e) {
        return Dialect.super.isConnectionFailure(e) || SqlStates.has(e, CONNECTION_FAILURES);
    }
}
