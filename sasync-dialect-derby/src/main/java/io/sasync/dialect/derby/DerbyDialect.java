package io.sasync.dialect.derby;

import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.DatabaseException;
import io.sasync.TableSpec;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import io.sasync.spi.TypeNames;
import io.sasync.spi.Upsert;
import io.sasync.spi.UpsertColumns;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The dialect of <a href="https://db.apache.org/derby/">Apache Derby</a> 10.16, embedded or
 * through its network client.
 *
 * <ul>
 *   <li>Selected for any URL containing {@code :derby:}. The default schema is the user name, or
 *       {@code APP} without a user.</li>
 *   <li>{@code TEXT} is {@code CLOB} and {@code BLOB} is {@code BLOB}: Derby's variable-length
 *       types stop at 32,672 characters or bytes. {@code getObject} returns them as
 *       {@link java.sql.Clob} and {@link java.sql.Blob}, valid only until the transaction ends;
 *       read them inside it. {@code DECIMAL} precision is at most 31, Derby's limit;
 *       {@code TIMESTAMP} keeps nanoseconds.</li>
 *   <li>No {@code IF NOT EXISTS}: creating an existing table fails with {@code X0Y32}, which
 *       {@link #isObjectExists} recognises (also what the loser of two concurrent creations
 *       receives). Creating an index whose columns duplicate an existing index (the primary key's
 *       included) is <em>not</em> an error: Derby reuses the existing index, warns {@code 01504}
 *       and records no index of the new name, so {@link #indexExists} stays {@code false} for it
 *       and creating it again repeats the harmless warning. An index of the same name on other
 *       columns fails with {@code X0Y32}.</li>
 *   <li>Upsert: {@code MERGE INTO t USING SYSIBM.SYSDUMMY1 ON t.k = ? WHEN MATCHED THEN UPDATE
 *       SET … WHEN NOT MATCHED THEN INSERT …}, the key values bound twice. Derby infers every
 *       placeholder's type from the column it is compared with or assigned to, so no
 *       {@code CAST} is needed. Two concurrent upserts of a new key can still collide with
 *       {@code 23505}.</li>
 *   <li>Key text: {@code VARCHAR} comparison pads the shorter value with spaces, so
 *       {@link #keyTextProblem} refuses a key ending with a space (U+0020), which would be the
 *       same key as the text without it; the stores refuse it at the call. NUL and unpaired
 *       surrogates, which Derby stores exactly, are refused too, as on every database (the
 *       default), so that keys stay portable. This holds for the default {@code UCS_BASIC}
 *       collation; a database created with a territory-based collation merges more texts.</li>
 *   <li>Binding: {@code null} with the type from {@link java.sql.ParameterMetaData} (Derby
 *       rejects untyped nulls); {@link LocalDate} and {@link LocalDateTime} through
 *       {@code setDate}/{@code setTimestamp} with a UTC calendar, so the stored fields equal the
 *       value's whatever the JVM's zone (Derby's {@code setObject} takes no {@code java.time});
 *       {@code byte[]} with {@code setBytes}.</li>
 *   <li>Generated keys come from {@link Statement#RETURN_GENERATED_KEYS}; Derby reports them as
 *       {@code DECIMAL(31,0)}, so read them as a {@link Number} ({@code getLong(1)}).</li>
 *   <li>Errors (SQL states forced on Derby 10.16): duplicate key {@code 23505}; object exists
 *       {@code X0Y32}; retryable {@code 40001} (deadlock), {@code 40XL1} (lock timeout) and
 *       {@code 40XL2} (lock timeout with {@code derby.locks.deadlockTrace}). Connection failures:
 *       besides the standard classes {@code 08} (which holds {@code 08006}, a database shut down)
 *       and {@code 28}, {@code XJ004} (no such database), {@code XJ040} (the database failed to
 *       boot, e.g. another process holds it) and {@code XJ015} (the Derby system shut down). A
 *       cancelled statement is {@code XCL52}.</li>
 *   <li>{@link #afterClose} shuts an embedded database down ({@code ;shutdown=true}), which
 *       releases its files and lock ({@code db.lck}) and reboots it on the next connection; an
 *       in-memory database keeps its data until {@code ;drop=true}.</li>
 * </ul>
 *
 * <pre>{@code
 * DatabaseConfig config = DatabaseConfig.of("jdbc:derby:directory:data/app;create=true");
 * }</pre>
 */
public final class DerbyDialect implements Dialect {

    /**
     * Words Derby 10.16 does not accept as unquoted table or column names: the reserved words of
     * its reference manual, each checked against Derby (the manual's {@code CHAR_LENGTH} and
     * {@code COALESCE} work unquoted; {@code LEADING}, {@code TRAILING} and {@code WINDOW} do not).
     */
    static final Set<String> RESERVED_WORDS = Set.of(
            "ADD", "ALL", "ALLOCATE", "ALTER", "AND", "ANY", "ARE", "AS", "ASC", "ASSERTION", "AT",
            "AUTHORIZATION", "AVG", "BEGIN", "BETWEEN", "BIGINT", "BIT", "BOOLEAN", "BOTH", "BY", "CALL",
            "CASCADE", "CASCADED", "CASE", "CAST", "CHAR", "CHARACTER", "CHARACTER_LENGTH", "CHECK", "CLOSE",
            "COLLATE", "COLLATION", "COLUMN", "COMMIT", "CONNECT", "CONNECTION", "CONSTRAINT", "CONSTRAINTS",
            "CONTINUE", "CONVERT", "CORRESPONDING", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE",
            "CURRENT_ROLE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "DEALLOCATE",
            "DEC", "DECIMAL", "DECLARE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DESCRIBE",
            "DIAGNOSTICS", "DISCONNECT", "DISTINCT", "DOUBLE", "DROP", "ELSE", "END", "ESCAPE", "EXCEPT",
            "EXCEPTION", "EXEC", "EXECUTE", "EXISTS", "EXPLAIN", "EXTERNAL", "FALSE", "FETCH", "FIRST",
            "FLOAT", "FOR", "FOREIGN", "FOUND", "FROM", "FULL", "FUNCTION", "GET", "GETCURRENTCONNECTION",
            "GLOBAL", "GO", "GOTO", "GRANT", "GROUP", "HAVING", "HOUR", "IDENTITY", "IMMEDIATE", "IN",
            "INDICATOR", "INITIALLY", "INNER", "INOUT", "INPUT", "INSENSITIVE", "INSERT", "INT", "INTEGER",
            "INTERSECT", "INTO", "IS", "ISOLATION", "JOIN", "KEY", "LAST", "LEADING", "LEFT", "LIKE", "LOWER",
            "LTRIM", "MATCH", "MAX", "MIN", "MINUTE", "NATIONAL", "NATURAL", "NCHAR", "NEXT", "NO", "NONE",
            "NOT", "NULL", "NULLIF", "NUMERIC", "NVARCHAR", "OF", "ON", "ONLY", "OPEN", "OPTION", "OR",
            "ORDER", "OUTER", "OUTPUT", "OVERLAPS", "PAD", "PARTIAL", "PREPARE", "PRESERVE", "PRIMARY",
            "PRIOR", "PRIVILEGES", "PROCEDURE", "PUBLIC", "READ", "REAL", "REFERENCES", "RELATIVE",
            "RESTRICT", "REVOKE", "RIGHT", "ROLLBACK", "ROWS", "ROW_NUMBER", "RTRIM", "SCHEMA", "SCROLL",
            "SECOND", "SELECT", "SESSION_USER", "SET", "SMALLINT", "SOME", "SPACE", "SQL", "SQLCODE",
            "SQLERROR", "SQLSTATE", "SUBSTR", "SUBSTRING", "SUM", "SYSTEM_USER", "TABLE", "TEMPORARY",
            "TIMEZONE_HOUR", "TIMEZONE_MINUTE", "TO", "TRAILING", "TRANSACTION", "TRANSLATE", "TRANSLATION",
            "TRIM", "TRUE", "UNION", "UNIQUE", "UNKNOWN", "UPDATE", "UPPER", "USER", "USING", "VALUES",
            "VARCHAR", "VARYING", "VIEW", "WHENEVER", "WHERE", "WINDOW", "WITH", "WORK", "WRITE", "XML",
            "XMLEXISTS", "XMLPARSE", "XMLQUERY", "XMLSERIALIZE", "YEAR");

    /** The embedded database has shut down. */
    private static final String SHUT_DOWN = "08006";
    /** No such database is booted (already shut down, or it never existed). */
    private static final String NOT_FOUND = "XJ004";

    /** Derby has no {@code DOUBLE PRECISION} spelled so in its catalog, and writes {@code DECIMAL(p, s)}. */
    private static final TypeNames TYPES = TypeNames.STANDARD
            .with(ColumnType.DOUBLE, "DOUBLE")
            .with(ColumnType.DECIMAL, "DECIMAL({size}, {scale})");

    /** Creates the dialect; it has no state. */
    public DerbyDialect() {
    }

    @Override
    public String name() {
        return "derby";
    }

    @Override
    public boolean supportsUrl(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.toLowerCase(Locale.ROOT).contains(":derby:");
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
    public boolean supportsIfNotExists() {
        return false;
    }

    /**
     * Derby's metadata has no escape for the {@code _} and {@code %} wildcards, so the tables
     * its pattern matches are compared with the name.
     */
    @Override
    public boolean tableExists(Connection connection, String table) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String stored = storedName(md, table);
        try (ResultSet rs = md.getTables(null, storedSchema(connection), Dialect.escapePattern(md, stored),
                new String[] {"TABLE"})) {
            while (rs.next()) {
                if (stored.equals(rs.getString("TABLE_NAME"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Refuses, besides the default's NUL and unpaired surrogates, a text ending with a space:
     * Derby compares {@code VARCHAR} values as if the shorter were padded with spaces, so
     * {@code "a "} and {@code "a"} (and {@code " "} and {@code ""}) are the same primary key.
     * Other trailing whitespace (tab, no-break space) is not padding and stays distinct.
     */
    @Override
    public Optional<String> keyTextProblem(String text) {
        return Dialect.super.keyTextProblem(text).or(() -> text.endsWith(" ")
                ? Optional.of("ends with a space (U+0020), and Derby compares VARCHAR values as if padded with "
                        + "spaces: it would be the same key as the text without its trailing spaces")
                : Optional.empty());
    }

    @Override
    public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
        UpsertColumns columns = UpsertColumns.of(this, table, keyColumns, valueColumns);
        List<String> keys = columns.keys();
        List<String> values = columns.values();
        List<String> all = columns.all();
        String target = qualifiedName(table);
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(target).append(" USING SYSIBM.SYSDUMMY1 ON ")
                .append(keys.stream().map(k -> target + '.' + k + " = ?").collect(Collectors.joining(" AND ")));
        List<Integer> parameters = new ArrayList<>(IntStream.range(0, keys.size()).boxed().toList());
        if (!values.isEmpty()) {
            sql.append(" WHEN MATCHED THEN UPDATE SET ")
                    .append(values.stream().map(v -> v + " = ?").collect(Collectors.joining(", ")));
            IntStream.range(keys.size(), all.size()).forEach(parameters::add);
        }
        sql.append(" WHEN NOT MATCHED THEN INSERT (").append(columns.allList()).append(") VALUES (")
                .append(columns.placeholders()).append(')');
        IntStream.range(0, all.size()).forEach(parameters::add);
        return new Upsert(sql.toString(), parameters);
    }

    @Override
    public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, parameterType(statement, index));
        } else if (value instanceof LocalDateTime dateTime) {
            Timestamp fields = new Timestamp(dateTime.toEpochSecond(ZoneOffset.UTC) * 1000);
            fields.setNanos(dateTime.getNano());
            statement.setTimestamp(index, fields, utc());
        } else if (value instanceof LocalDate date) {
            statement.setDate(index, new Date(date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()), utc());
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else {
            Dialect.super.bind(statement, index, value);
        }
    }

    /**
     * Reads dates and timestamps with the same UTC calendar {@link #bind} writes them with (Derby's
     * {@code getObject} takes no {@code java.time} type), so every value round-trips exactly,
     * dates before the Gregorian reform included.
     */
    @Override
    public Object read(ResultSet resultSet, int column, int sqlType) throws SQLException {
        switch (sqlType) {
            case Types.DATE -> {
                Date date = resultSet.getDate(column, utc());
                return date == null ? null
                        : LocalDate.ofInstant(Instant.ofEpochMilli(date.getTime()), ZoneOffset.UTC);
            }
            case Types.TIMESTAMP -> {
                Timestamp fields = resultSet.getTimestamp(column, utc());
                return fields == null ? null : LocalDateTime.ofEpochSecond(
                        Math.floorDiv(fields.getTime(), 1000L), fields.getNanos(), ZoneOffset.UTC);
            }
            case Types.TIME -> {
                Time time = resultSet.getTime(column, utc());
                return time == null ? null
                        : LocalTime.ofInstant(Instant.ofEpochMilli(time.getTime()), ZoneOffset.UTC);
            }
            default -> {
                return resultSet.getObject(column);
            }
        }
    }

    /**
     * One connection at a time: concurrent Derby transactions that insert into a table with an
     * identity column fail at once with lock timeouts ({@code 40XL1}) instead of waiting, because
     * Derby allocates identity values in a nested transaction that may not wait for locks. One
     * worker serializes the transactions; streams still read on connections of their own. A
     * config that sets {@code workers} explicitly wins, and then meets those lock timeouts
     * (retryable).
     */
    @Override
    public boolean singleConnection() {
        return true;
    }

    /** The SQL type Derby expects at {@code index}; an untyped null is refused. */
    private static int parameterType(PreparedStatement statement, int index) throws SQLException {
        int type = statement.getParameterMetaData().getParameterType(index);
        return type == Types.NULL || type == Types.OTHER ? Types.VARCHAR : type;
    }

    private static Calendar utc() {
        return new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC), Locale.ROOT);
    }

    @Override
    public PreparedStatement prepareInsert(Connection connection, String sql, String keyColumn) throws SQLException {
        return connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
    }

    @Override
    public boolean isObjectExists(SQLException e) {
        return SqlStates.has(e, "X0Y32");
    }

    @Override
    public boolean isRetryable(SQLException e) {
        return SqlStates.has(e, "40001", "40XL1", "40XL2");
    }

    @Override
    public boolean isConnectionFailure(SQLException e) {
        return Dialect.super.isConnectionFailure(e) || SqlStates.has(e, NOT_FOUND, "XJ040", "XJ015");
    }

    @Override
    public boolean isCancelled(SQLException e) {
        return SqlStates.has(e, "XCL52");
    }

    /**
     * Shuts an embedded database down: connects to {@code jdbc:derby:<database>;shutdown=true}
     * with the config's user, password and driver properties, the URL's other attributes (such
     * as {@code create=true}) left out. Derby answers {@code 08006} when it has shut down, and
     * {@code XJ004} when the database is not booted; both are success. A network client URL
     * ({@code jdbc:derby://…}) is left alone: the server owns that database.
     *
     * @throws DatabaseException when Derby refuses to shut the database down
     */
    @Override
    public void afterClose(DatabaseConfig config) {
        String url = config.url();
        int at = url.toLowerCase(Locale.ROOT).indexOf(":derby:");
        if (at < 0) {
            return;
        }
        String rest = url.substring(at + ":derby:".length());
        if (rest.startsWith("//")) {
            return;
        }
        String[] parts = rest.split(";");
        String database = parts[0];
        if (database.isBlank()) {
            return;
        }
        Properties properties = new Properties();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String key = eq < 0 ? parts[i] : parts[i].substring(0, eq);
            if (key.equalsIgnoreCase("user") || key.equalsIgnoreCase("password")) {
                properties.setProperty(key.toLowerCase(Locale.ROOT), parts[i].substring(eq + 1));
            }
        }
        properties.putAll(config.driverProperties());
        config.user().ifPresent(user -> properties.setProperty("user", user));
        config.password().ifPresent(password -> properties.setProperty("password", password));
        properties.remove("create");
        properties.setProperty("shutdown", "true");
        Connection unexpected;
        try {
            unexpected = DriverManager.getConnection("jdbc:derby:" + database, properties);
        } catch (SQLException e) {
            if (SHUT_DOWN.equals(e.getSQLState()) || NOT_FOUND.equals(e.getSQLState())) {
                return;
            }
            throw new DatabaseException("could not shut down the Derby database of " + DatabaseConfig.redact(url)
                    + " (SQL state " + e.getSQLState() + ")", e);
        }
        try {
            unexpected.close();
        } catch (SQLException e) {
            // The failure to report is that a connection was opened at all.
        }
        throw new DatabaseException("Derby did not shut down the database of " + DatabaseConfig.redact(url)
                + ": it opened a connection instead");
    }
}
