package io.sasync.dialect.mariadb;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.IndexSpec;
import io.sasync.TableSpec;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import io.sasync.spi.TypeNames;
import io.sasync.spi.Upsert;
import io.sasync.spi.UpsertColumns;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dialect of <a href="https://mariadb.org">MariaDB</a> 10.5 or later through MariaDB
 * Connector/J 3.
 *
 * <ul>
 *   <li>Selected for any URL containing {@code :mariadb:}, so
 *       {@code jdbc:p6spy:mariadb://host/app} works. {@code jdbc:mysql:} URLs are not served: the
 *       tables this dialect writes use MariaDB's {@code utf8mb4_nopad_bin} collation, which MySQL
 *       lacks, and MySQL cannot be tested here.</li>
 *   <li>Tables are InnoDB, {@code DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin}: every
 *       character of Unicode, compared byte by byte, so case, accents and trailing spaces count as
 *       on PostgreSQL and H2 (the server's default collation would take {@code "a"},
 *       {@code "A"} and {@code "a "} for one key).</li>
 *   <li>Types: {@code BOOLEAN} ({@code TINYINT(1)}, read back as {@link Boolean}),
 *       {@code DOUBLE}, {@code DECIMAL(p,s)} (up to 65 digits), {@code VARCHAR(n)},
 *       {@code TEXT} is {@code LONGTEXT} and {@code BLOB} is {@code LONGBLOB} (read back as
 *       {@code String} and {@code byte[]}; a value must fit the server's
 *       {@code max_allowed_packet}), {@code TIMESTAMP} is {@code DATETIME(6)} (microseconds, years
 *       1000 to 9999, no time zone conversion; MariaDB's {@code TIMESTAMP} ends in 2038). An
 *       identity column is {@code AUTO_INCREMENT}, and must be part of the primary key; an index
 *       may not take a {@code TEXT} or {@code BLOB} column (MariaDB indexes those by a prefix).
 *       Both are refused at {@code Broker.table} with an {@link IllegalArgumentException}.</li>
 *   <li>Names are quoted with backticks where needed (which work whether or not the server runs
 *       with {@code ANSI_QUOTES}); table names are case-sensitive as the server stores them
 *       ({@code lower_case_table_names=0}, Linux's default), column names are not. What MariaDB
 *       refuses in a name is refused at {@code Broker.table} ({@link #identifierProblem}): more than
 *       64 characters, characters outside the Basic Multilingual Plane (its data dictionary is
 *       {@code utf8mb3}), and a trailing space.</li>
 *   <li>A schema is a database: {@code StoreTables.inSchema("billing")} puts the stores in the
 *       database {@code billing}, which must exist ({@code CREATE SCHEMA billing}). The catalog
 *       lookups read Connector/J's catalogs, which are MariaDB's databases.</li>
 *   <li>Upsert: {@code INSERT … ON DUPLICATE KEY UPDATE v = VALUES(v)}, or
 *       {@code ON DUPLICATE KEY UPDATE k = k} without value columns. It fires on a conflict with
 *       any unique key of the table, not only the key columns named.</li>
 *   <li>Errors, by MariaDB's error codes: duplicate key {@code 1062} and {@code 1586}; object
 *       exists {@code 1050} (table) and {@code 1061} (index); retryable {@code 1213} (deadlock)
 *       and {@code 1205} (lock wait timeout); cancelled {@code 1317} (query interrupted) and
 *       {@code 1969} ({@code max_statement_time}). Connection failures: besides the standard
 *       classes {@code 08} and {@code 28}, {@code 1927} (connection killed: {@code KILL}, a server
 *       shutting down), {@code 1053} (server shutdown), {@code 1049} (no such database, yet) and
 *       {@code 1044} (no access to the database).</li>
 *   <li>Key text (the default {@link #keyTextProblem}): with the binary, no-pad collation every
 *       text is kept apart from every other; NUL and unpaired surrogates are refused as on every
 *       database.</li>
 * </ul>
 *
 * <pre>{@code
 * DatabaseConfig config = DatabaseConfig.builder("jdbc:mariadb://127.0.0.1:3306/app")
 *         .user("app").password(secret)
 *         .build();
 * }</pre>
 */
public final class MariaDbDialect implements Dialect {

    /**
     * MariaDB 10.11's reserved words (its documentation's list), the names its parser takes for a
     * built-in function wherever a {@code (} follows them ({@code CREATE TABLE count (…)} fails),
     * and the standard reserved words. Quoting a name never changes its meaning in MariaDB, so a
     * generous list costs nothing.
     */
    static final Set<String> RESERVED_WORDS = Dialect.withStandardReservedWords(
            "ADDDATE", "BIT_AND", "BIT_OR", "BIT_XOR", "CAST", "COUNT", "CURDATE", "CURTIME", "DATE_ADD", "DATE_SUB",
            "EXTRACT", "GROUP_CONCAT", "MAX", "MID", "MIN", "NOW", "POSITION", "SESSION_USER", "STD", "STDDEV",
            "STDDEV_POP", "STDDEV_SAMP", "SUBDATE", "SUBSTR", "SUBSTRING", "SUM", "SYSDATE", "SYSTEM_USER", "TRIM",
            "VARIANCE", "VAR_POP", "VAR_SAMP",
            "ACCESSIBLE", "ADD", "ALL", "ALTER", "ANALYZE", "AND", "AS", "ASC", "ASENSITIVE", "BEFORE", "BETWEEN",
            "BIGINT", "BINARY", "BLOB", "BOTH", "BY", "CALL", "CASCADE", "CASE", "CHANGE", "CHAR", "CHARACTER",
            "CHECK", "COLLATE", "COLUMN", "CONDITION", "CONSTRAINT", "CONTINUE", "CONVERT", "CREATE", "CROSS",
            "CURRENT_DATE", "CURRENT_ROLE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR",
            "DATABASE", "DATABASES", "DAY_HOUR", "DAY_MICROSECOND", "DAY_MINUTE", "DAY_SECOND", "DEC", "DECIMAL",
            "DECLARE", "DEFAULT", "DELAYED", "DELETE", "DELETE_DOMAIN_ID", "DESC", "DESCRIBE", "DETERMINISTIC",
            "DISTINCT", "DISTINCTROW", "DIV", "DO_DOMAIN_IDS", "DOUBLE", "DROP", "DUAL", "EACH", "ELSE", "ELSEIF",
            "ENCLOSED", "ESCAPED", "EXCEPT", "EXISTS", "EXIT", "EXPLAIN", "FALSE", "FETCH", "FLOAT", "FLOAT4",
            "FLOAT8", "FOR", "FORCE", "FOREIGN", "FROM", "FULLTEXT", "GENERAL", "GRANT", "GROUP", "HAVING",
            "HIGH_PRIORITY", "HOUR_MICROSECOND", "HOUR_MINUTE", "HOUR_SECOND", "IF", "IGNORE", "IGNORE_DOMAIN_IDS",
            "IGNORE_SERVER_IDS", "IN", "INDEX", "INFILE", "INNER", "INOUT", "INSENSITIVE", "INSERT", "INT", "INT1",
            "INT2", "INT3", "INT4", "INT8", "INTEGER", "INTERSECT", "INTERVAL", "INTO", "IS", "ITERATE", "JOIN",
            "KEY", "KEYS", "KILL", "LEADING", "LEAVE", "LEFT", "LIKE", "LIMIT", "LINEAR", "LINES", "LOAD",
            "LOCALTIME", "LOCALTIMESTAMP", "LOCK", "LONG", "LONGBLOB", "LONGTEXT", "LOOP", "LOW_PRIORITY",
            "MASTER_HEARTBEAT_PERIOD", "MASTER_SSL_VERIFY_SERVER_CERT", "MATCH", "MAXVALUE", "MEDIUMBLOB",
            "MEDIUMINT", "MEDIUMTEXT", "MIDDLEINT", "MINUTE_MICROSECOND", "MINUTE_SECOND", "MOD", "MODIFIES",
            "NATURAL", "NOT", "NO_WRITE_TO_BINLOG", "NULL", "NUMERIC", "OFFSET", "ON", "OPTIMIZE", "OPTION",
            "OPTIONALLY", "OR", "ORDER", "OUT", "OUTER", "OUTFILE", "OVER", "PAGE_CHECKSUM", "PARSE_VCOL_EXPR",
            "PARTITION", "PRECISION", "PRIMARY", "PROCEDURE", "PURGE", "RANGE", "READ", "READS", "READ_WRITE",
            "REAL", "RECURSIVE", "REF_SYSTEM_ID", "REFERENCES", "REGEXP", "RELEASE", "RENAME", "REPEAT", "REPLACE",
            "REQUIRE", "RESIGNAL", "RESTRICT", "RETURN", "RETURNING", "REVOKE", "RIGHT", "RLIKE", "ROW_NUMBER",
            "ROWS", "SCHEMA", "SCHEMAS", "SECOND_MICROSECOND", "SELECT", "SENSITIVE", "SEPARATOR", "SET", "SHOW",
            "SIGNAL", "SLOW", "SMALLINT", "SPATIAL", "SPECIFIC", "SQL", "SQLEXCEPTION", "SQLSTATE", "SQLWARNING",
            "SQL_BIG_RESULT", "SQL_CALC_FOUND_ROWS", "SQL_SMALL_RESULT", "SSL", "STARTING", "STATS_AUTO_RECALC",
            "STATS_PERSISTENT", "STATS_SAMPLE_PAGES", "STRAIGHT_JOIN", "TABLE", "TERMINATED", "THEN", "TINYBLOB",
            "TINYINT", "TINYTEXT", "TO", "TRAILING", "TRIGGER", "TRUE", "UNDO", "UNION", "UNIQUE", "UNLOCK",
            "UNSIGNED", "UPDATE", "USAGE", "USE", "USING", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "VALUES",
            "VARBINARY", "VARCHAR", "VARCHARACTER", "VARYING", "WHEN", "WHERE", "WHILE", "WINDOW", "WITH", "WRITE",
            "XOR", "YEAR_MONTH", "ZEROFILL");

    /** The longest name MariaDB takes, in characters. */
    static final int MAX_NAME_LENGTH = 64;

    private static final TypeNames TYPES = TypeNames.STANDARD
            .with(ColumnType.DOUBLE, "DOUBLE")
            .with(ColumnType.TEXT, "LONGTEXT")
            .with(ColumnType.BLOB, "LONGBLOB")
            .with(ColumnType.TIMESTAMP, "DATETIME(6)");

    /** What every table is made with: InnoDB, every character, compared byte by byte. */
    static final String TABLE_OPTIONS = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin";

    private static final int ER_DUP_ENTRY = 1062;
    private static final int ER_DUP_ENTRY_WITH_KEY_NAME = 1586;
    private static final int ER_TABLE_EXISTS = 1050;
    private static final int ER_DUP_KEYNAME = 1061;
    private static final int ER_LOCK_DEADLOCK = 1213;
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_QUERY_INTERRUPTED = 1317;
    private static final int ER_STATEMENT_TIMEOUT = 1969;
    /** Connection killed, server shutdown, unknown database, no access to the database. */
    private static final int[] CONNECTION_FAILURES = {1927, 1053, 1049, 1044};

    /** Creates the dialect; it has no state. */
    public MariaDbDialect() {
    }

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public boolean supportsUrl(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.toLowerCase(Locale.ROOT).contains(":mariadb:");
    }

    @Override
    public Set<String> reservedWords() {
        return RESERVED_WORDS;
    }

    /** Backticks, embedded ones doubled. */
    @Override
    public String quote(String identifier) {
        if (!needsQuotes(identifier)) {
            return identifier;
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public Optional<String> identifierProblem(String identifier) {
        int length = identifier.codePointCount(0, identifier.length());
        if (length > MAX_NAME_LENGTH) {
            return Optional.of("is " + length + " characters long; MariaDB takes names of at most " + MAX_NAME_LENGTH);
        }
        if (identifier.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
            return Optional.of("holds a character outside the Basic Multilingual Plane (four bytes in UTF-8, such as an"
                    + " emoji), which MariaDB's utf8mb3 data dictionary cannot store in a name");
        }
        if (identifier.endsWith(" ")) {
            return Optional.of("ends with a space, which MariaDB does not allow at the end of a name");
        }
        return Optional.empty();
    }

    @Override
    public TypeNames typeNames() {
        return TYPES;
    }

    @Override
    public String columnDefinition(Column column) {
        if (column.identity()) {
            return quote(column.name()) + ' ' + sqlType(column) + " NOT NULL AUTO_INCREMENT";
        }
        return Dialect.super.columnDefinition(column);
    }

    /**
     * @throws IllegalArgumentException when an identity column is not part of the primary key,
     *                                  which MariaDB requires of an {@code AUTO_INCREMENT} column
     */
    @Override
    public String createTable(TableSpec table) {
        table.columns().stream().filter(c -> c.identity() && !c.primaryKey()).findFirst().ifPresent(c -> {
            throw new IllegalArgumentException("table " + table.name() + ": the identity column " + c.name()
                    + " must be part of the primary key, as MariaDB requires of an AUTO_INCREMENT column");
        });
        return Dialect.super.createTable(table) + TABLE_OPTIONS;
    }

    /**
     * @throws IllegalArgumentException when the index takes a {@code TEXT} or {@code BLOB} column,
     *                                  which MariaDB indexes only by a prefix of a length it
     *                                  cannot choose itself
     */
    @Override
    public String createIndex(TableSpec table, IndexSpec index) {
        index.columns().stream().map(name -> table.column(name).orElseThrow())
                .filter(c -> c.type() == ColumnType.TEXT || c.type() == ColumnType.BLOB).findFirst().ifPresent(c -> {
                    throw new IllegalArgumentException("table " + table.name() + ": the index " + index.name()
                            + " takes the " + c.type() + " column " + c.name() + ", which MariaDB indexes only by a"
                            + " prefix; index a VARCHAR column instead");
                });
        return Dialect.super.createIndex(table, index);
    }

    @Override
    public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
        UpsertColumns c = UpsertColumns.of(this, table, keyColumns, valueColumns);
        String key = c.keys().get(0);
        String update = c.values().isEmpty()
                ? key + " = " + key
                : c.values().stream().map(v -> v + " = VALUES(" + v + ')').collect(Collectors.joining(", "));
        return Upsert.inOrder(c.insertInto(qualifiedName(table)) + " ON DUPLICATE KEY UPDATE " + update, c.all().size());
    }

    // ------------------------------------------------------------------ catalog: schemas are databases

    @Override
    public boolean tableExists(Connection connection, String table) throws SQLException {
        return tableExists(connection, connection.getCatalog(), table);
    }

    @Override
    public boolean tableExists(Connection connection, TableSpec table) throws SQLException {
        return tableExists(connection, database(connection, table), table.name());
    }

    /** Compared by exact name: the catalog's own comparison ignores case. */
    private boolean tableExists(Connection connection, String database, String table) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String stored = storedName(md, table);
        try (ResultSet rs = md.getTables(database, null, Dialect.escapePattern(md, stored), new String[] {"TABLE"})) {
            while (rs.next()) {
                if (stored.equals(rs.getString("TABLE_NAME"))) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public boolean schemaExists(Connection connection, String schema) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String stored = storedName(md, schema);
        try (ResultSet rs = md.getCatalogs()) {
            while (rs.next()) {
                if (stored.equals(rs.getString("TABLE_CAT"))) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public boolean indexExists(Connection connection, TableSpec table, String index) throws SQLException {
        return indexExists(connection, database(connection, table), table.name(), index);
    }

    @Override
    public boolean indexExists(Connection connection, String table, String index) throws SQLException {
        return indexExists(connection, connection.getCatalog(), table, index);
    }

    private boolean indexExists(Connection connection, String database, String table, String index) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String stored = storedName(md, index);
        try (ResultSet rs = md.getIndexInfo(database, null, storedName(md, table), false, true)) {
            while (rs.next()) {
                if (stored.equals(rs.getString("INDEX_NAME"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The database a table is in: its schema, or the connection's current one. */
    private String database(Connection connection, TableSpec table) throws SQLException {
        return table.schema() == null ? connection.getCatalog() : storedName(connection.getMetaData(), table.schema());
    }

    // ------------------------------------------------------------------ errors

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return hasCode(e, ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME);
    }

    @Override
    public boolean isObjectExists(SQLException e) {
        return hasCode(e, ER_TABLE_EXISTS, ER_DUP_KEYNAME);
    }

    @Override
    public boolean isRetryable(SQLException e) {
        return hasCode(e, ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT);
    }

    @Override
    public boolean isConnectionFailure(SQLException e) {
        return Dialect.super.isConnectionFailure(e) || hasCode(e, CONNECTION_FAILURES);
    }

    @Override
    public boolean isCancelled(SQLException e) {
        return hasCode(e, ER_QUERY_INTERRUPTED, ER_STATEMENT_TIMEOUT);
    }

    /** Whether the chain holds an error with one of MariaDB's error codes. */
    private static boolean hasCode(SQLException e, int... codes) {
        return SqlStates.find(e, s -> Arrays.stream(codes).anyMatch(code -> code == s.getErrorCode())).isPresent();
    }
}
