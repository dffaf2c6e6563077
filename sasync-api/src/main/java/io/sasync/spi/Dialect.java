package io.sasync.spi;

import io.sasync.Column;
import io.sasync.DatabaseConfig;
import io.sasync.IndexSpec;
import io.sasync.TableSpec;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What differs between databases: column types and DDL, upsert, error classification,
 * identifier quoting, the texts a key column keeps apart, and quirks of pooling and shutdown.
 *
 * <p>Implementations are stateless and thread-safe, have a public no-argument constructor, and
 * are registered in {@code META-INF/services/io.sasync.spi.Dialect}. Among the dialects whose
 * {@link #supportsUrl} accepts a URL the one with the highest {@link #priority()} is chosen,
 * unless the config names one explicitly.
 *
 * <p>The default methods implement standard SQL, which each dialect overrides where its database
 * differs. The abstract methods are those no standard answers.
 *
 * <pre>{@code
 * public final class MyDialect implements Dialect {
 *     public String name() { return "mydb"; }
 *     public boolean supportsUrl(String url) { return url.contains(":mydb:"); }
 *     public Upsert upsert(TableSpec table, List<String> keys, List<String> values) { ... }
 *     public boolean isObjectExists(SQLException e) { return SqlStates.has(e, "X0Y32"); }
 * }
 * }</pre>
 */
public interface Dialect {

    /** Identifiers written without quotes when they are not reserved words. */
    Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /**
     * SQL:2016 reserved words that commonly clash with column names ({@code year},
     * {@code value}, {@code key}, {@code user}…); dialects add their own through
     * {@link #reservedWords()}.
     */
    Set<String> STANDARD_RESERVED_WORDS = Set.of(
            "ALL", "AND", "ANY", "ARRAY", "AS", "BETWEEN", "BOTH", "CASE", "CAST", "CHECK", "COLUMN",
            "CONSTRAINT", "CREATE", "CROSS", "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_SCHEMA",
            "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DAY", "DEFAULT", "DISTINCT", "ELSE", "END",
            "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR", "FOREIGN", "FROM", "FULL", "GROUP", "HAVING",
            "HOUR", "IF", "IN", "INNER", "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN", "KEY", "LEADING",
            "LEFT", "LIKE", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "MINUTE", "MONTH", "NATURAL", "NOT",
            "NULL", "OFFSET", "ON", "OR", "ORDER", "OUTER", "PRIMARY", "REFERENCES", "RIGHT", "ROW", "ROWS",
            "SECOND", "SELECT", "SESSION_USER", "SET", "SOME", "SYSTEM_USER", "TABLE", "THEN", "TO",
            "TRAILING", "TRUE", "UNION", "UNIQUE", "UNKNOWN", "USER", "USING", "VALUE", "VALUES", "WHEN",
            "WHERE", "WINDOW", "WITH", "YEAR");

    /**
     * @param words a database's own reserved words, upper case
     * @return those and {@link #STANDARD_RESERVED_WORDS}, for {@link #reservedWords()}
     */
    static Set<String> withStandardReservedWords(String... words) {
        Set<String> all = new HashSet<>(STANDARD_RESERVED_WORDS);
        all.addAll(List.of(words));
        return Set.copyOf(all);
    }

    // ------------------------------------------------------------------ identity and selection

    /** @return the dialect's name, as {@link DatabaseConfig.Builder#dialect(String)} selects it */
    String name();

    /**
     * @param jdbcUrl a JDBC URL
     * @return whether this dialect serves it; match tolerantly (e.g. {@code :h2:} anywhere),
     *         so that URLs with proxy prefixes such as {@code jdbc:p6spy:h2:} are recognised
     */
    boolean supportsUrl(String jdbcUrl);

    /** @return the preference among dialects supporting the same URL; higher wins; default 0 */
    default int priority() {
        return 0;
    }

    // ------------------------------------------------------------------ identifiers

    /** @return words this database reserves, upper case; default {@link #STANDARD_RESERVED_WORDS} */
    default Set<String> reservedWords() {
        return STANDARD_RESERVED_WORDS;
    }

    /**
     * Writes a name for SQL: as it is when it is a plain identifier and not a reserved word,
     * quoted (with embedded quotes doubled) otherwise. A quoted name keeps its exact case.
     *
     * @param identifier a table, column or index name
     * @return the name as SQL text
     */
    default String quote(String identifier) {
        if (!needsQuotes(identifier)) {
            return identifier;
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * @param identifier a name
     * @return whether {@link #quote} must quote it
     */
    default boolean needsQuotes(String identifier) {
        return !PLAIN_IDENTIFIER.matcher(identifier).matches()
                || reservedWords().contains(identifier.toUpperCase(Locale.ROOT));
    }

    /**
     * Why this database cannot take a name for a table, column, index or schema, beyond what
     * {@link TableSpec}, {@link Column} and {@link IndexSpec} refuse on every database (a blank
     * name, more than 63 UTF-8 bytes, control characters). {@code Broker.table} asks before it
     * writes any DDL, and refuses a table with such a name at once with an
     * {@link IllegalArgumentException} naming the name and the reason, rather than let the
     * database fail the {@code CREATE TABLE} with an error of its own. The default accepts every
     * name: {@link #quote} makes any of them a name.
     *
     * @param identifier a name, as given to {@link TableSpec}
     * @return what is wrong with it, as a phrase that follows it in a message (such as
     *         {@code "ends with a space, which MariaDB does not allow in names"}); empty when the
     *         database takes it
     */
    default Optional<String> identifierProblem(String identifier) {
        return Optional.empty();
    }

    /**
     * A table's name as statements write it: {@link #quote quoted} where needed, and preceded
     * by its schema, quoted the same way, when it names one ({@code "app".people}). Every
     * statement a dialect writes for a {@link TableSpec} should name the table this way, so that
     * a table in a schema of its own is the one written to.
     *
     * @param table a table
     * @return its name for SQL
     */
    default String qualifiedName(TableSpec table) {
        String name = quote(table.name());
        return table.schema() == null ? name : quote(table.schema()) + '.' + name;
    }

    /**
     * The name as the database stores it in its catalog: unquoted names are folded to the case
     * the database folds them to (its {@link DatabaseMetaData}), quoted names are kept.
     *
     * @param metaData   the database's metadata
     * @param identifier a name
     * @return the name as stored
     * @throws SQLException when the metadata cannot be read
     */
    default String storedName(DatabaseMetaData metaData, String identifier) throws SQLException {
        if (needsQuotes(identifier)) {
            return identifier;
        }
        if (metaData.storesUpperCaseIdentifiers()) {
            return identifier.toUpperCase(Locale.ROOT);
        }
        if (metaData.storesLowerCaseIdentifiers()) {
            return identifier.toLowerCase(Locale.ROOT);
        }
        return identifier;
    }

    // ------------------------------------------------------------------ DDL

    /**
     * @param column a column
     * @return its SQL type, with size, e.g. {@code VARCHAR(40)}; the default writes
     *         {@link #typeNames()}
     */
    default String sqlType(Column column) {
        return typeNames().of(column);
    }

    /** @return the SQL type of each column type; default {@link TypeNames#STANDARD} */
    default TypeNames typeNames() {
        return TypeNames.STANDARD;
    }

    /**
     * @param column a column
     * @return its definition in {@code CREATE TABLE}: name, type, identity and nullability
     */
    default String columnDefinition(Column column) {
        return quote(column.name()) + ' ' + sqlType(column)
                + (column.identity() ? " GENERATED BY DEFAULT AS IDENTITY" : "")
                + (column.nullable() || column.primaryKey() ? "" : " NOT NULL");
    }

    /** @return whether {@code CREATE TABLE} and {@code CREATE INDEX} accept {@code IF NOT EXISTS} */
    default boolean supportsIfNotExists() {
        return true;
    }

    /**
     * @param table a table
     * @return the {@code CREATE TABLE} statement, with {@code IF NOT EXISTS} where supported
     */
    default String createTable(TableSpec table) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ");
        if (supportsIfNotExists()) {
            sql.append("IF NOT EXISTS ");
        }
        sql.append(qualifiedName(table)).append(" (");
        sql.append(table.columns().stream().map(this::columnDefinition).collect(Collectors.joining(", ")));
        List<Column> key = table.primaryKey();
        if (!key.isEmpty()) {
            sql.append(", PRIMARY KEY (")
                    .append(key.stream().map(c -> quote(c.name())).collect(Collectors.joining(", ")))
                    .append(')');
        }
        return sql.append(')').toString();
    }

    /**
     * @param table a table
     * @param index one of its indexes
     * @return the {@code CREATE INDEX} statement, with {@code IF NOT EXISTS} where supported
     */
    default String createIndex(TableSpec table, IndexSpec index) {
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX "
                + (supportsIfNotExists() ? "IF NOT EXISTS " : "")
                + quote(index.name()) + " ON " + qualifiedName(table) + " ("
                + index.columns().stream().map(this::quote).collect(Collectors.joining(", ")) + ')';
    }

    /**
     * @param connection a connection
     * @param table      a table name, as given to {@link TableSpec}
     * @return whether the table exists in the connection's current schema
     * @throws SQLException when the catalog cannot be read
     */
    default boolean tableExists(Connection connection, String table) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        try (ResultSet rs = md.getTables(connection.getCatalog(), storedSchema(connection),
                escapePattern(md, storedName(md, table)), new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    /**
     * Whether a table exists where the spec puts it: in its schema when it names one (compared
     * by exact name, as the catalog {@linkplain #storedName stores} the names), otherwise as
     * {@link #tableExists(Connection, String)} says, in the connection's current schema.
     *
     * @param connection a connection
     * @param table      a table
     * @return whether the table exists
     * @throws SQLException when the catalog cannot be read
     */
    default boolean tableExists(Connection connection, TableSpec table) throws SQLException {
        if (table.schema() == null) {
            return tableExists(connection, table.name());
        }
        DatabaseMetaData md = connection.getMetaData();
        String schema = storedName(md, table.schema());
        String stored = storedName(md, table.name());
        try (ResultSet rs = md.getTables(connection.getCatalog(), escapePattern(md, schema), escapePattern(md, stored),
                new String[] {"TABLE"})) {
            while (rs.next()) {
                if (schema.equals(rs.getString("TABLE_SCHEM")) && stored.equals(rs.getString("TABLE_NAME"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Whether a schema exists, compared by exact name as the catalog stores it.
     *
     * @param connection a connection
     * @param schema     a schema name, as given to {@link TableSpec}
     * @return whether the database has that schema
     * @throws SQLException when the catalog cannot be read
     */
    default boolean schemaExists(Connection connection, String schema) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String stored = storedName(md, schema);
        try (ResultSet rs = md.getSchemas(connection.getCatalog(), escapePattern(md, stored))) {
            while (rs.next()) {
                if (stored.equals(rs.getString("TABLE_SCHEM"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Whether a table has an index, looked for where the spec puts the table (see
     * {@link #tableExists(Connection, TableSpec)}).
     *
     * @param connection a connection
     * @param table      a table
     * @param index      an index name
     * @return whether the table has an index of that name
     * @throws SQLException when the catalog cannot be read
     */
    default boolean indexExists(Connection connection, TableSpec table, String index) throws SQLException {
        if (table.schema() == null) {
            return indexExists(connection, table.name(), index);
        }
        DatabaseMetaData md = connection.getMetaData();
        String stored = storedName(md, index);
        try (ResultSet rs = md.getIndexInfo(connection.getCatalog(), storedName(md, table.schema()),
                storedName(md, table.name()), false, true)) {
            while (rs.next()) {
                if (stored.equals(rs.getString("INDEX_NAME"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param connection a connection
     * @param table      a table name
     * @param index      an index name
     * @return whether the table has an index of that name
     * @throws SQLException when the catalog cannot be read
     */
    default boolean indexExists(Connection connection, String table, String index) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String stored = storedName(md, index);
        try (ResultSet rs = md.getIndexInfo(connection.getCatalog(), storedSchema(connection),
                storedName(md, table), false, true)) {
            while (rs.next()) {
                if (stored.equals(rs.getString("INDEX_NAME"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param connection a connection
     * @return the connection's current schema as the catalog stores it, or {@code null} for any
     * @throws SQLException when it cannot be read
     */
    default String storedSchema(Connection connection) throws SQLException {
        return connection.getSchema();
    }

    // ------------------------------------------------------------------ key text

    /**
     * Why a text cannot be a key in a {@code VARCHAR} key column of this database (a store's item
     * name or array coordinate): a key must be stored exactly and stay distinct from every other
     * key. Otherwise two keys a program holds apart would share one row, or the write would fail
     * at the database, and with it every write batched beside it. The stores ask this before they
     * accept a key, and refuse the call at once with the reason.
     *
     * <p>The default is {@link #portableTextProblem}: U+0000 (NUL), which PostgreSQL refuses, and
     * unpaired surrogates, which are not characters and have no UTF-8 form (PostgreSQL's driver
     * stores {@code ?} in their place). H2 and Derby store both exactly, but their dialects keep
     * the default, so that every database accepts the same keys and stored data can move between
     * them. Override it where the database merges or changes other texts, and keep the default's
     * refusals by starting with {@code Dialect.super.keyTextProblem(text)}: a database that
     * compares {@code VARCHAR} values as if padded with spaces (Derby) refuses a trailing space,
     * since {@code "a "} would be the same key as {@code "a"}.
     *
     * <p>This judges text only, against the database's default comparison; collations the user
     * chose (case-insensitive ones, say) are not known here.
     *
     * @param text a key's text, never {@code null}
     * @return what is wrong with the text, as a phrase that follows it in a message (such as
     *         {@code "ends with a space (U+0020), …"}) and says why this database cannot keep it;
     *         empty when the database stores it exactly and distinct from every other text
     */
    default Optional<String> keyTextProblem(String text) {
        return portableTextProblem(text);
    }

    /**
     * What {@link #keyTextProblem} refuses on every database: the first U+0000 (NUL) or unpaired
     * surrogate (a high surrogate not followed by a low one, or a low surrogate not preceded by a
     * high one) in the text.
     *
     * @param text a text
     * @return what is wrong with it, with the index of the offending {@code char}; empty when
     *         nothing is
     */
    static Optional<String> portableTextProblem(String text) {
        String everywhere = "; it is refused on every database so that stored keys stay portable";
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return Optional.of("contains U+0000 (NUL) at index " + i + ", which PostgreSQL cannot store in text"
                        + everywhere);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format(Locale.ROOT, "contains an unpaired surrogate U+%04X at index %d, "
                        + "which is not a character and has no UTF-8 form (PostgreSQL would store '?' in its place, "
                        + "making it the same key as another)%s", (int) c, i, everywhere));
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ DML

    /**
     * An upsert: insert a row, or update the existing row with the same key.
     *
     * @param table        the table (its column types are there for databases that need casts)
     * @param keyColumns   the columns of its primary key or a unique index
     * @param valueColumns the other columns to write
     * @return the statement, and how the key values then the other values map to its placeholders
     */
    Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns);

    /**
     * The quoted names of some columns of a table, for the statements a dialect writes, such as
     * {@link #upsert}.
     *
     * @param table      the table
     * @param names      column names, matched case-insensitively against the table's
     * @param atLeastOne whether an empty list is an error (the key columns of an upsert)
     * @return the names, quoted where needed, in the given order
     * @throws IllegalArgumentException when the table has no such column, or the list is empty
     *                                  though it must not be
     */
    default List<String> quotedColumns(TableSpec table, List<String> names, boolean atLeastOne) {
        if (atLeastOne && names.isEmpty()) {
            throw new IllegalArgumentException("a statement on " + table.name() + " needs at least one key column");
        }
        return names.stream()
                .map(n -> table.column(n).orElseThrow(() -> new IllegalArgumentException(
                        "table " + table.name() + " has no column " + n)))
                .map(c -> quote(c.name()))
                .toList();
    }

    /**
     * Binds one parameter. The default binds {@code null} as SQL {@code NULL} and
     * {@link Instant} as a {@link Timestamp}; everything else with {@code setObject}.
     *
     * @param statement the statement
     * @param index     1-based parameter index
     * @param value     the value, possibly {@code null}
     * @throws SQLException when the driver refuses the value
     */
    default void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof Instant instant) {
            statement.setTimestamp(index, Timestamp.from(instant));
        } else {
            statement.setObject(index, value);
        }
    }

    /**
     * Reads one value of the current row. The default reads dates and times as {@code java.time}
     * values ({@code DATE} as {@link LocalDate}, {@code TIMESTAMP} as {@link LocalDateTime},
     * {@code TIME} as {@link LocalTime}, {@code TIMESTAMP WITH TIME ZONE} as
     * {@link OffsetDateTime}), which keeps dates before the Gregorian reform exact, and
     * everything else with {@code getObject}.
     *
     * @param resultSet a result set positioned on a row
     * @param column    1-based column index
     * @param sqlType   the column's {@link Types} code from the result set's metadata
     * @return the value, possibly {@code null}
     * @throws SQLException when the value cannot be read
     */
    default Object read(ResultSet resultSet, int column, int sqlType) throws SQLException {
        return switch (sqlType) {
            case Types.DATE -> resultSet.getObject(column, LocalDate.class);
            case Types.TIMESTAMP -> resultSet.getObject(column, LocalDateTime.class);
            case Types.TIME -> resultSet.getObject(column, LocalTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> resultSet.getObject(column, OffsetDateTime.class);
            default -> resultSet.getObject(column);
        };
    }

    /**
     * Prepares an {@code INSERT} that reports the key generated for {@code keyColumn}.
     *
     * @param connection the connection
     * @param sql        the insert
     * @param keyColumn  the generated column
     * @return the statement, whose {@code getGeneratedKeys()} has the key in its first column
     * @throws SQLException when it cannot be prepared
     */
    default PreparedStatement prepareInsert(Connection connection, String sql, String keyColumn) throws SQLException {
        return connection.prepareStatement(sql, new String[] {storedName(connection.getMetaData(), keyColumn)});
    }

    // ------------------------------------------------------------------ errors

    /**
     * @param e an exception from this database
     * @return whether it reports a duplicate key (a unique or primary key violation)
     */
    default boolean isDuplicateKey(SQLException e) {
        return SqlStates.has(e, "23505");
    }

    /**
     * @param e an exception from this database
     * @return whether it reports that a table or index to be created already exists
     */
    boolean isObjectExists(SQLException e);

    /**
     * @param e an exception from this database
     * @return whether running the same transaction again may succeed: serialization failure,
     *         deadlock, lock timeout. The default accepts SQL state class {@code 40}.
     */
    default boolean isRetryable(SQLException e) {
        return SqlStates.hasClass(e, "40");
    }

    /**
     * Whether the database could not be reached, or the connection was lost: a new connection
     * may succeed where this one failed, and a transaction cut by it did not commit, unless it
     * was cut during its commit (then nobody can tell). The broker reports such failures as
     * {@link io.sasync.ConnectionFailureException} or {@link io.sasync.OutcomeUnknownException},
     * a broker whose start failed this way tries again, and write-behind waits for the database
     * instead of failing its writes.
     *
     * <p>The default accepts SQL state classes {@code 08} (connection exception) and {@code 28}
     * (invalid authorization, raised when connecting), the JDBC connection exception types, and
     * socket failures anywhere in the chain. Dialects add their own codes: a server shutting
     * down or restarting, an administrator ending the session, a database that does not exist
     * (yet).
     *
     * @param e an exception from this database
     * @return whether it means that the connection could not be made or was lost
     */
    default boolean isConnectionFailure(SQLException e) {
        return SqlStates.hasClass(e, "08", "28")
                || SqlStates.causedBy(e, SQLTransientConnectionException.class)
                || SqlStates.causedBy(e, SQLNonTransientConnectionException.class)
                || SqlStates.causedBy(e, SocketException.class)
                || SqlStates.causedBy(e, SocketTimeoutException.class);
    }

    /**
     * @param e an exception from this database
     * @return whether a statement was cancelled (by {@link java.sql.Statement#cancel()}, a
     *         statement timeout, or an administrator); the default accepts SQL state
     *         {@code 57014}
     */
    default boolean isCancelled(SQLException e) {
        return SqlStates.has(e, "57014");
    }

    // ------------------------------------------------------------------ other connections

    /**
     * @return how this database notifies other connections of a change, for coherent stores;
     *         empty (the default) where it cannot, and coherent stores then poll a change counter
     */
    default Optional<ChangeNotifications> changeNotifications() {
        return Optional.empty();
    }

    // ------------------------------------------------------------------ pooling and life cycle

    /**
     * @return whether the queue should run one worker, so that transactions never run at once
     *         (for a database that lets one writer at a time in, or that fails concurrent
     *         transactions rather than making them wait); a config that sets
     *         {@link DatabaseConfig.Builder#workers} explicitly wins over it
     */
    default boolean singleConnection() {
        return false;
    }

    /**
     * @return DBCP2 {@code BasicDataSource} properties this database wants by default, such as a
     *         validation query; the config's pool properties win over them
     */
    default Map<String, String> poolDefaults() {
        return Map.of();
    }

    /**
     * Called after the last pool on a database has closed, for databases that must be shut down
     * explicitly (an embedded database, say). The default does nothing.
     *
     * @param config the database's config
     */
    default void afterClose(DatabaseConfig config) {
    }

    /**
     * Escapes the {@code _} and {@code %} wildcards of a {@link DatabaseMetaData} name pattern.
     *
     * @param metaData the metadata, for its escape string
     * @param name     a literal name
     * @return a pattern matching only that name
     * @throws SQLException when the metadata cannot be read
     */
    static String escapePattern(DatabaseMetaData metaData, String name) throws SQLException {
        String escape = metaData.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
