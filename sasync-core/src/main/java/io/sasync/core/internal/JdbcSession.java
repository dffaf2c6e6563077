package io.sasync.core.internal;

import io.sasync.Row;
import io.sasync.Session;
import io.sasync.StatementListener.Kind;
import io.sasync.spi.Dialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Session} of one transaction. {@link #prepared}, {@link #query}, {@link #first} and
 * {@link #update} take their statements from the queue's {@link StatementCache}, so a statement
 * is prepared once per physical connection rather than once per transaction; the statements of
 * query and update are left with their parameters cleared, ready for the next transaction.
 */
public final class JdbcSession implements Session {

    private final Connection connection;
    private final Dialect dialect;
    private final StatementCache statements;
    private final StatementObserver observer;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSession.class);
    /** How often, and how many times at most, a cancel is repeated while its statement still runs. */
    private static final Duration CANCEL_INTERVAL = Duration.ofMillis(50);
    private static final int CANCEL_REPEATS = 100;

    private final Map<String, Named> prepared = new LinkedHashMap<>();
    private boolean closed;
    /** Whether the database has answered a statement of this session. */
    private boolean answered;
    /** The statement executing now, for {@link #cancel} from another thread. */
    private volatile PreparedStatement executing;
    /** Why the transaction was cancelled, or {@code null}. */
    private volatile String cancelled;

    private record Named(String sql, PreparedStatement statement) {
    }

    /**
     * @param connection the transaction's connection, auto-commit off
     * @param dialect    its dialect
     * @param statements the cache of named prepared statements of the connection's pool
     * @param observer   tells the broker's statement listeners, or {@code null} when it has none
     */
    JdbcSession(Connection connection, Dialect dialect, StatementCache statements, StatementObserver observer) {
        this.connection = connection;
        this.dialect = dialect;
        this.statements = statements;
        this.observer = observer;
    }

    @Override
    public List<Row> query(String sql, Object... params) throws SQLException {
        return read(sql, Integer.MAX_VALUE, params);
    }

    @Override
    public Optional<Row> first(String sql, Object... params) throws SQLException {
        return read(sql, 1, params).stream().findFirst();
    }

    private List<Row> read(String sql, int max, Object... params) throws SQLException {
        checkOpen();
        PreparedStatement ps = statements.forSql(connection, sql);
        try {
            bind(ps, params);
            return execute(ps, Kind.QUERY, sql, params, 1, List::size, () -> {
                try (ResultSet rs = ps.executeQuery()) {
                    return ResultRows.read(rs, dialect, max);
                }
            });
        } finally {
            ps.clearParameters();
        }
    }

    @Override
    public List<Row> queryNamed(String sql, Map<String, ?> params) throws SQLException {
        NamedSql named = statements.named(sql);
        return query(named.sql(), named.bind(params));
    }

    @Override
    public Optional<Row> firstNamed(String sql, Map<String, ?> params) throws SQLException {
        NamedSql named = statements.named(sql);
        return first(named.sql(), named.bind(params));
    }

    @Override
    public int updateNamed(String sql, Map<String, ?> params) throws SQLException {
        NamedSql named = statements.named(sql);
        return update(named.sql(), named.bind(params));
    }

    @Override
    public int update(String sql, Object... params) throws SQLException {
        checkOpen();
        PreparedStatement ps = statements.forSql(connection, sql);
        try {
            bind(ps, params);
            return execute(ps, Kind.UPDATE, sql, params, 1, Integer::longValue, ps::executeUpdate);
        } finally {
            ps.clearParameters();
        }
    }

    @Override
    public int[] batch(String sql, List<Object[]> rows) throws SQLException {
        checkOpen();
        Objects.requireNonNull(rows, "rows");
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            return execute(ps, Kind.BATCH, sql, null, rows.size(), StatementObserver::batchRows, ps::executeBatch);
        }
    }

    @Override
    public Object insert(String sql, String keyColumn, Object... params) throws SQLException {
        checkOpen();
        Objects.requireNonNull(keyColumn, "keyColumn");
        try (PreparedStatement ps = dialect.prepareInsert(connection, sql, keyColumn)) {
            bind(ps, params);
            execute(ps, Kind.INSERT, sql, params, 1, Integer::longValue, ps::executeUpdate);
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database generated no key " + keyColumn + " for: " + sql);
                }
                return normalizeKey(keys.getObject(1));
            }
        }
    }

    private static Object normalizeKey(Object key) {
        if (key instanceof Number n && !(key instanceof Double) && !(key instanceof Float)) {
            BigDecimal exact = new BigDecimal(n.toString());
            if (exact.scale() <= 0 || exact.stripTrailingZeros().scale() <= 0) {
                try {
                    return exact.longValueExact();
                } catch (ArithmeticException tooLarge) {
                    return key;
                }
            }
        }
        return key;
    }

    @Override
    public PreparedStatement prepared(String name, String sql) throws SQLException {
        checkOpen();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        Named existing = prepared.get(name);
        if (existing != null) {
            if (!existing.sql.equals(sql)) {
                throw new IllegalArgumentException("statement '" + name + "' is already prepared in this "
                        + "transaction for other SQL: " + existing.sql);
            }
            return existing.statement;
        }
        checkNotCancelled();
        PreparedStatement ps = statements.get(connection, name, sql);
        prepared.put(name, new Named(sql, ps));
        return ps;
    }

    @Override
    public void bind(PreparedStatement statement, Object... params) throws SQLException {
        Object[] values = params == null ? new Object[] {null} : params;
        for (int i = 0; i < values.length; i++) {
            dialect.bind(statement, i + 1, values[i]);
        }
    }

    @Override
    public Connection connection() {
        checkOpen();
        return connection;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    private <R> R execute(PreparedStatement statement, Kind kind, String sql, Object[] params, int batchSize,
                          ToLongFunction<R> rows, StatementObserver.Execution<R> execution) throws SQLException {
        executing = statement;
        try {
            checkNotCancelled();
            R result = observer == null ? execution.run()
                    : observer.observe(kind, sql, params, batchSize, rows, execution);
            answered = true;
            return result;
        } finally {
            executing = null;
        }
    }

    /**
     * Cancels the transaction from another thread, without waiting: every later call of the
     * session fails, so that the work ends and its transaction is rolled back, and the statement
     * executing now is cancelled ({@link java.sql.Statement#cancel()}) in the background, since a
     * driver's cancel may wait for an unresponsive server.
     *
     * @param why what the failures will say, e.g. "timed out after PT2S"
     */
    public void cancel(String why) {
        cancelled = why;
        Background.blocking(() -> cancelExecuting(0));
    }

    /**
     * Cancels the executing statement, and again while it keeps executing, at most
     * {@value #CANCEL_REPEATS} times: a cancel that reaches the driver just before the statement
     * does is lost on some databases (PostgreSQL cancels only what the server is running at that
     * moment).
     */
    private void cancelExecuting(int attempt) {
        PreparedStatement statement = executing;
        if (statement == null) {
            return;
        }
        try {
            statement.cancel();
        } catch (SQLException e) {
            // The statement ended meanwhile; the flag stops the next one.
            LOG.debug("cancelling a statement failed", e);
        }
        if (attempt < CANCEL_REPEATS) {
            Background.after(CANCEL_INTERVAL, () -> {
                if (executing == statement) {
                    Background.blocking(() -> cancelExecuting(attempt + 1));
                }
            });
        }
    }

    /**
     * @return whether the database has answered one of the session's statements; statements run
     *         on {@link #connection()} or {@link #prepared} statements the work executes itself
     *         are not counted
     */
    boolean answered() {
        return answered;
    }

    /**
     * @throws SQLException when the transaction was {@link #cancel cancelled}
     */
    void checkNotCancelled() throws SQLException {
        String why = cancelled;
        if (why != null) {
            throw new SQLTimeoutException("the transaction was cancelled: " + why);
        }
    }

    /**
     * Ends the session: later calls fail. Named statements stay open in the cache for the next
     * transaction on the same connection; their parameters are cleared.
     *
     * @throws SQLException when a statement cannot be reset
     */
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        for (Named named : prepared.values()) {
            named.statement.clearParameters();
        }
        prepared.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this session belongs to a transaction that has ended; "
                    + "use the session only inside the work it was given to");
        }
    }
}
