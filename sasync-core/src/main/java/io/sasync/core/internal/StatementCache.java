package io.sasync.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.dbcp2.DelegatingConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prepared statements a pool's connections keep between transactions: those of
 * {@link io.sasync.Session#prepared}, by name, and those of {@code Session.query}, {@code first}
 * and {@code update}, by SQL text. A statement prepared in one transaction is reused by later
 * transactions that borrow the same physical connection, and is closed when the queue shuts
 * down. Reuse matters: parsing and planning a statement again is a third of the work of a small
 * transaction on an embedded database.
 *
 * <p>A physical connection serves one transaction at a time, so each connection's maps are used
 * by one thread at a time. Each connection keeps at most {@value #MAX_PER_CONNECTION} named
 * statements and as many statements by SQL, least recently used first out. Entries of
 * connections the pool has closed are dropped when a new connection is first seen.
 */
public final class StatementCache {

    private static final Logger LOG = LoggerFactory.getLogger(StatementCache.class);

    static final int MAX_PER_CONNECTION = 64;

    private record Entry(String sql, PreparedStatement statement) {
    }

    /** The statements of one physical connection. */
    private static final class Statements {
        final Map<String, Entry> named = new LinkedHashMap<>(16, 0.75f, true);
        final Map<String, PreparedStatement> bySql = new LinkedHashMap<>(16, 0.75f, true);
    }

    private final Map<Connection, Statements> byConnection = new ConcurrentHashMap<>();

    /** SQL with {@code :name} parameters, parsed; least recently used out. */
    private final Map<String, NamedSql> parsed = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, NamedSql> eldest) {
            return size() > MAX_PARSED;
        }
    };

    /** How many statements with {@code :name} parameters stay parsed. */
    static final int MAX_PARSED = 256;

    /**
     * @param named SQL with {@code :name} parameters
     * @return it parsed into {@code ?} placeholders, once for all the pool's connections
     * @throws IllegalArgumentException when it also has {@code ?} placeholders
     */
    NamedSql named(String named) {
        synchronized (parsed) {
            return parsed.computeIfAbsent(named, NamedSql::parse);
        }
    }

    /**
     * @param pooled a connection borrowed from the pool
     * @param name   the statement's name
     * @param sql    its SQL
     * @return the cached statement of that name and SQL on the connection's physical connection,
     *         prepared now if there is none
     * @throws SQLException when the statement cannot be prepared
     */
    public PreparedStatement get(Connection pooled, String name, String sql) throws SQLException {
        Connection physical = physical(pooled);
        Map<String, Entry> statements = of(physical).named;
        Entry entry = statements.get(name);
        if (entry != null && entry.sql.equals(sql) && !entry.statement.isClosed()) {
            return entry.statement;
        }
        if (entry != null) {
            entry.statement.close();
        }
        PreparedStatement statement = physical.prepareStatement(sql);
        statements.put(name, new Entry(sql, statement));
        if (statements.size() > MAX_PER_CONNECTION) {
            var eldest = statements.entrySet().iterator();
            eldest.next().getValue().statement.close();
            eldest.remove();
        }
        return statement;
    }

    /**
     * @param pooled a connection borrowed from the pool
     * @param sql    a statement's SQL
     * @return the cached statement of that SQL on the connection's physical connection, prepared
     *         now if there is none; the caller clears its parameters when done, and does not
     *         close it
     * @throws SQLException when the statement cannot be prepared
     */
    public PreparedStatement forSql(Connection pooled, String sql) throws SQLException {
        Connection physical = physical(pooled);
        Map<String, PreparedStatement> statements = of(physical).bySql;
        PreparedStatement cached = statements.get(sql);
        if (cached != null && !cached.isClosed()) {
            return cached;
        }
        PreparedStatement statement = physical.prepareStatement(sql);
        statements.put(sql, statement);
        if (statements.size() > MAX_PER_CONNECTION) {
            var eldest = statements.values().iterator();
            eldest.next().close();
            eldest.remove();
        }
        return statement;
    }

    private Statements of(Connection physical) {
        Statements statements = byConnection.get(physical);
        if (statements != null) {
            return statements;
        }
        return byConnection.computeIfAbsent(physical, c -> {
            dropClosedConnections();
            return new Statements();
        });
    }

    /** @return the number of connections with cached statements */
    int connections() {
        return byConnection.size();
    }

    /** Closes every cached statement; called when no transaction runs any more, before the pool closes. */
    public void close() {
        for (Statements statements : byConnection.values()) {
            for (Entry entry : statements.named.values()) {
                closeQuietly(entry.statement);
            }
            for (PreparedStatement statement : statements.bySql.values()) {
                closeQuietly(statement);
            }
        }
        byConnection.clear();
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // The connection is closing too; its statements go with it.
            LOG.debug("closing a statement failed", e);
        }
    }

    private void dropClosedConnections() {
        byConnection.keySet().removeIf(c -> {
            try {
                return c.isClosed();
            } catch (SQLException e) {
                return true;
            }
        });
    }

    /**
     * The connection a pooled one stands for: DBCP2's innermost delegate, or what another pool's
     * {@code unwrap(Connection.class)} gives (HikariCP gives its physical connection). A pool
     * that gives its own wrapper back keeps statements for as long as that wrapper: one
     * transaction.
     */
    private static Connection physical(Connection pooled) {
        if (pooled instanceof DelegatingConnection<?> delegating) {
            Connection innermost = delegating.getInnermostDelegate();
            return innermost != null ? innermost : pooled;
        }
        try {
            return pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
        } catch (SQLException e) {
            return pooled;
        }
    }
}
