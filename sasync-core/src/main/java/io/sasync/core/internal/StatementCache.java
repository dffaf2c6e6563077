package io.sasync.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.dbcp2.DelegatingConnection;

/**
 * The prepared statements of {@link io.sasync.Session#prepared}, kept per physical connection of
 * a pool: a statement prepared in one transaction is reused by later transactions that borrow the
 * same connection, and is closed when the queue shuts down.
 *
 * <p>A physical connection serves one transaction at a time, so each connection's map is used by
 * one thread at a time. Each connection keeps at most {@value #MAX_PER_CONNECTION} statements,
 * least recently used first out. Entries of connections the pool has closed are dropped when a
 * new connection is first seen.
 */
public final class StatementCache {

    static final int MAX_PER_CONNECTION = 64;

    private record Entry(String sql, PreparedStatement statement) {
    }

    private final Map<Connection, Map<String, Entry>> byConnection = new ConcurrentHashMap<>();

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
        Map<String, Entry> statements = byConnection.computeIfAbsent(physical, c -> {
            dropClosedConnections();
            return new LinkedHashMap<>(16, 0.75f, true);
        });
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

    /** @return the number of connections with cached statements */
    int connections() {
        return byConnection.size();
    }

    /** Closes every cached statement; called when no transaction runs any more, before the pool closes. */
    public void close() {
        for (Map<String, Entry> statements : byConnection.values()) {
            for (Entry entry : statements.values()) {
                try {
                    entry.statement.close();
                } catch (SQLException e) {
                    // The connection is closing too; its statements go with it.
                    org.slf4j.LoggerFactory.getLogger(StatementCache.class).debug("closing a statement failed", e);
                }
            }
        }
        byConnection.clear();
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

    private static Connection physical(Connection pooled) {
        if (pooled instanceof DelegatingConnection<?> delegating) {
            Connection innermost = delegating.getInnermostDelegate();
            if (innermost != null) {
                return innermost;
            }
        }
        return pooled;
    }
}
