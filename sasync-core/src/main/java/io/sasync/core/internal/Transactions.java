package io.sasync.core.internal;

import io.sasync.TaskQueue;
import io.sasync.TransactionException;
import io.sasync.Work;
import io.sasync.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Runs a {@link Work} as one transaction on a pooled connection, and turns its failures into
 * {@link TransactionException}s.
 */
public final class Transactions {

    /** Receives the session of a transaction while its work runs; used to detect nesting. */
    public interface Scope {
        /**
         * @param session the session, or {@code null} when the transaction has ended
         */
        void enter(JdbcSession session);

        /** Called when the transaction has ended. */
        void exit();
    }

    private Transactions() {
    }

    /**
     * Borrows a connection, runs the work, commits when it returns and rolls back when it
     * throws, then returns the connection to the pool.
     *
     * @param queue the queue, for its pool, dialect and statement cache
     * @param work  the work
     * @param scope told when the session opens and closes
     * @param <T>   the result type
     * @return the work's result, committed
     * @throws TransactionException when the work, the commit or the connection failed
     */
    public static <T> T run(TaskQueue queue, Work<T> work, Scope scope) {
        DataSource dataSource = queue.dataSource();
        Dialect dialect = queue.dialect();
        Connection connection;
        try {
            connection = borrow(dataSource);
        } catch (SQLException e) {
            String pool = dataSource instanceof BasicDataSource ds ? " (pool: " + Pools.describe(ds) + ")" : "";
            throw failure(dialect, work, "could not get a connection" + pool, e);
        }
        StatementCache own = queue instanceof PriorityTaskQueue q ? q.statements() : null;
        StatementCache statements = own != null ? own : new StatementCache();
        JdbcSession session = new JdbcSession(connection, dialect, statements);
        scope.enter(session);
        try {
            T result = work.run(session);
            session.checkNotCancelled(); // a call that timed out or was cancelled never commits
            session.close();
            // Turning auto-commit back on commits the transaction (JDBC: "if this method is called
            // during a transaction and the auto-commit mode is changed, the transaction is
            // committed") and hands the connection back as the pool keeps idle ones, so the pool
            // neither rolls back the ended transaction nor commits again to restore auto-commit.
            connection.setAutoCommit(true);
            return result;
        } catch (Throwable t) {
            Throwable cause = unwrap(t);
            closeQuietly(session, cause);
            rollbackQuietly(connection, cause);
            if (cause instanceof Error error) {
                throw error;
            }
            throw failure(dialect, work, null, cause);
        } finally {
            scope.exit();
            if (own == null) {
                // A queue of another implementation has no cache: its statements live as long as
                // the transaction.
                statements.close();
            }
            try {
                connection.close();
            } catch (SQLException e) {
                // The pool discards a connection it cannot take back; nothing is lost for the caller.
                org.slf4j.LoggerFactory.getLogger(Transactions.class).debug("returning a connection failed", e);
            }
        }
    }

    /**
     * Borrows a connection for a transaction: auto-commit off. A transaction that commits turns
     * it on again; otherwise the pool does when the connection is returned.
     *
     * @param dataSource the pool
     * @return the connection
     * @throws SQLException when none can be had within the borrow timeout
     */
    public static Connection borrow(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * @param t an exception, perhaps a {@link CompletionException} or {@link ExecutionException}
     * @return the exception it wraps, or {@code t}
     */
    public static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * @param work a work
     * @return how messages name it: its {@code toString()}, unless that is a lambda's class name
     */
    public static String describe(Work<?> work) {
        return work.getClass().isSynthetic() || work.getClass().isHidden() ? "transaction" : "'" + work + "'";
    }

    static TransactionException failure(Dialect dialect, Work<?> work, String doing, Throwable cause) {
        SQLException sql = findSql(cause);
        StringBuilder message = new StringBuilder(describe(work)).append(" failed");
        if (doing != null) {
            message.append(": ").append(doing);
        }
        message.append(": ").append(cause);
        if (sql != null) {
            message.append(" (SQL state ").append(sql.getSQLState()).append(", vendor code ")
                    .append(sql.getErrorCode()).append(')');
        }
        message.append("; rolled back");
        return new TransactionException(message.toString(), cause,
                sql == null ? null : sql.getSQLState(),
                sql == null ? 0 : sql.getErrorCode(),
                sql != null && dialect.isRetryable(sql));
    }

    private static SQLException findSql(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static void closeQuietly(JdbcSession session, Throwable primary) {
        try {
            session.close();
        } catch (SQLException e) {
            primary.addSuppressed(e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable primary) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            primary.addSuppressed(e);
        }
    }
}
