package io.sasync.core;

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
 * The H2 dialect as the core's own tests need it, registered for them alone in
 * {@code src/test/resources/META-INF/services}: the same column types, upsert and error
 * classification as {@code sasync-dialect-h2}'s {@code H2Dialect}, which the core's tests cannot
 * depend on. That module's tests run the contracts of {@code sasync-testkit}, which depends on the
 * core, so a test dependency of the core on it would make a cycle that Maven refuses. What the
 * H2 dialect itself must do is proved there, against the real dialect; here H2 only serves as a
 * database for the broker, the queue and the streams.
 */
public final class H2TestDialect implements Dialect {

    /** H2 2.3's keywords, as {@code H2Dialect} lists them. */
    private static final Set<String> RESERVED_WORDS = Set.of(
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

    private static final TypeNames TYPES = TypeNames.STANDARD
            .with(ColumnType.DECIMAL, "NUMERIC({size}, {scale})")
            .with(ColumnType.VARCHAR, "CHARACTER VARYING({size})")
            .with(ColumnType.TEXT, "CHARACTER VARYING")
            .with(ColumnType.BLOB, "BINARY VARYING")
            .with(ColumnType.TIMESTAMP, "TIMESTAMP(9)");

    /** H2's codes for a connection it cannot make or has lost (see {@code H2Dialect}). */
    private static final String[] CONNECTION_FAILURES = {"90067", "90098", "90121", "90013", "90146", "90020", "90135"};

    /** Creates the dialect; it has no state. */
    public H2TestDialect() {
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
        String sql = "MERGE INTO " + quote(table.name()) + " (" + c.allList() + ") KEY (" + c.keyList()
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
