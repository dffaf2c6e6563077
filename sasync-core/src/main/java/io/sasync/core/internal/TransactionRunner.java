package io.sasync.core.internal;

import io.sasync.StatementListener;
import io.sasync.TaskQueue;
import io.sasync.TransactOptions;
import io.sasync.TransactionException;
import io.sasync.Work;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Work} as one transaction on a pooled connection, and turns its failures into
 * {@link TransactionException}s.
 */
public final class TransactionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionRunner.class);

    /** Receives the session of a transaction while its work runs; used to detect nesting. */
    public interface Scope {
        /**
         * @param session the session, or {@code null} when the transaction has ended
         */
        void enter(JdbcSession session);

        /** Called when the transaction has ended. */
        void exit();
    }

    private TransactionRunner() {
    }

    /**
     * Gets a connection, runs the work, commits when it returns and rolls back when it throws,
     * then lets the worker keep the connection for its next transaction, or returns it to the
     * pool after a failure. With {@link TransactOptions#inAutoCommit()} the work runs in
     * auto-commit instead, with nothing to commit or roll back, on a validated connection.
     *
     * <p>A worker's kept connection used moments ago is trusted without validation. When such a
     * connection turns out lost before the database answered any of the transaction's statements,
     * nothing was committed: it is discarded, and the work runs once more on a connection the
     * pool validated, so a connection the server killed never fails a transaction.
     *
     * @param queue the queue, for its pool, dialect and statement cache
     * @param work    the work
     * @param options   its priority, isolation, read-only and auto-commit settings
     * @param listeners told about each statement; may be empty
     * @param scope     told when the session opens and closes
     * @param <T>     the result type
     * @return the work's result, committed
     * @throws TransactionException when the work, the commit or the connection failed
     */
    public static <T> T run(TaskQueue queue, Work<T> work, TransactOptions options, List<StatementListener> listeners,
                            Scope scope) {
        boolean transaction = !options.isAutoCommit();
        KeptConnection.Lease lease = lease(queue, work, transaction);
        try {
            return attempt(queue, lease, work, options, listeners, scope);
        } catch (StaleConnection stale) {
            LOG.debug("a kept connection was lost while idle; running the transaction on a validated one",
                    stale.getCause());
            return attempt(queue, lease(queue, work, false), work, options, listeners, scope);
        }
    }

    private static KeptConnection.Lease lease(TaskQueue queue, Work<?> work, boolean trust) {
        try {
            return QueueResources.lease(queue, trust);
        } catch (SQLException e) {
            throw TransactionFailures.classify(queue.dialect(), work, TransactionFailures.Stage.CONNECTING,
                    "could not get a connection (pool: " + queue.stats().describePool() + ")", e);
        }
    }

    /** A trusted kept connection was lost before the transaction's first answer; nothing committed. */
    private static final class StaleConnection extends RuntimeException {
        StaleConnection(Throwable lost) {
            super(lost.getMessage(), lost, false, false);
        }
    }

    private static <T> T attempt(TaskQueue queue, KeptConnection.Lease lease, Work<T> work, TransactOptions options,
                                 List<StatementListener> listeners, Scope scope) {
        Dialect dialect = queue.dialect();
        Connection connection = lease.connection();
        StatementCache own = QueueResources.statementsOf(queue);
        StatementCache statements = own != null ? own : new StatementCache();
        JdbcSession session = new JdbcSession(connection, dialect, statements,
                StatementObserver.of(listeners, options.priority(), name(work)));
        ConnectionSettings settings = new ConnectionSettings(connection);
        boolean transaction = !options.isAutoCommit();
        boolean ended = false;
        scope.enter(session);
        TransactionFailures.Stage stage = transaction ? TransactionFailures.Stage.RUNNING
                : TransactionFailures.Stage.AUTO_COMMIT;
        try {
            settings.apply(options);
            if (transaction && connection.getAutoCommit()) {
                connection.setAutoCommit(false);
            }
            T result = work.run(session);
            session.checkNotCancelled(); // a call that timed out or was cancelled never commits
            session.close();
            stage = TransactionFailures.Stage.COMMITTING;
            if (transaction) {
                commit(connection, lease);
            }
            ended = true;
            return result;
        } catch (Throwable t) {
            Throwable cause = SqlStates.unwrap(t);
            closeQuietly(session, cause);
            if (transaction) {
                rollbackQuietly(connection, cause);
            }
            if (cause instanceof Error error) {
                throw error;
            }
            if (lease.trusted() && transaction && stage == TransactionFailures.Stage.RUNNING
                    && !session.answered() && lost(dialect, cause)) {
                throw new StaleConnection(cause);
            }
            throw TransactionFailures.classify(dialect, work, stage, null, cause);
        } finally {
            scope.exit();
            if (own == null) {
                // A queue of another implementation has no cache: its statements live as long as
                // the transaction.
                statements.close();
            }
            settings.restore();
            lease.end(ended);
        }
    }

    /**
     * Commits. A connection its worker may keep stays in manual commit, so that the next
     * transaction on it does not turn auto-commit off again (a round trip on some databases, e.g.
     * MariaDB). Another turns auto-commit back on, which commits the transaction (JDBC: "if this
     * method is called during a transaction and the auto-commit mode is changed, the transaction
     * is committed") and leaves the connection as the pool keeps idle ones, so the pool neither
     * rolls back the ended transaction nor commits again.
     */
    private static void commit(Connection connection, KeptConnection.Lease lease) throws SQLException {
        if (lease.keeper() != null) {
            connection.commit();
        } else {
            connection.setAutoCommit(true);
        }
    }

    private static boolean lost(Dialect dialect, Throwable cause) {
        return SqlStates.find(cause, dialect::isConnectionFailure).isPresent();
    }

    /**
     * Borrows a connection for a transaction: auto-commit off. A transaction that commits turns
     * it on again; otherwise the pool does when the connection is returned.
     *
     * @param queue the queue whose pool to borrow from
     * @return the connection
     * @throws SQLException when none can be had within the borrow timeout
     */
    public static Connection borrow(TaskQueue queue) throws SQLException {
        Connection connection = QueueResources.borrow(queue);
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
     * @param work a work
     * @return how messages name it: its {@code toString()}, unless that is a lambda's class name
     */
    public static String describe(Work<?> work) {
        return unnamed(work) ? "transaction" : "'" + work + "'";
    }

    /** @return how a work names itself, or {@code "transaction"} when it is a lambda */
    static String name(Work<?> work) {
        return unnamed(work) ? "transaction" : work.toString();
    }

    private static boolean unnamed(Work<?> work) {
        return work.getClass().isSynthetic() || work.getClass().isHidden();
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
