package io.sasync.core.internal;

import io.sasync.IterationException;
import io.sasync.Row;
import io.sasync.StatementListener.Kind;
import io.sasync.TaskQueue;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC side of a {@link RowPublisher}: a connection borrowed for one query, its statement and
 * its open result set, read a chunk at a time.
 *
 * <p>Not thread-safe: the publisher uses it from one thread at a time (queue workers for
 * {@link #open}, {@link #fetch} and an {@link #abort} on cancellation or failure, its delivery
 * thread for {@link #abort} when no task is running), and the queue's hand-over orders those uses. Once the last row has been read, or a
 * call failed, the cursor has already returned its connection.
 */
final class StreamCursor {

    private static final Logger LOG = LoggerFactory.getLogger(StreamCursor.class);

    /**
     * Rows read by one call.
     *
     * @param rows the rows, detached
     * @param last whether the result has no more rows (the cursor is then closed)
     */
    record Chunk(List<Row> rows, boolean last) {
    }

    private final String sql;
    private final Object[] params;
    private final int chunkSize;

    private Connection connection;
    private PreparedStatement statement;
    private ResultSet results;
    private ResultRows reader;
    /** The row read beyond the last chunk, to learn whether there are more. */
    private Row carried;
    /**
     * Rows taken from the result set so far, published once per chunk (a volatile write per row
     * would cost more than reading some rows): read by the stream's workers and by tests.
     */
    private volatile long rowsRead;

    StreamCursor(String sql, Object[] params, int chunkSize) {
        this.sql = sql;
        this.params = params == null ? new Object[] {null} : params.clone();
        this.chunkSize = chunkSize;
    }

    /**
     * Borrows a connection, runs the query and reads the first chunk. The connection is borrowed
     * as for a transaction (auto-commit off) and the fetch size set to the chunk size: the
     * combination that makes drivers such as PostgreSQL's read through a server-side cursor
     * instead of loading the whole result.
     *
     * @throws IterationException when the connection cannot be had or the query fails; the
     *                            connection is then already returned
     */
    Chunk open(TaskQueue queue, StatementObserver observer) {
        Dialect dialect = queue.dialect();
        try {
            connection = TransactionRunner.borrow(queue);
        } catch (SQLException e) {
            throw failure("could not get a connection (pool: " + queue.stats().describePool() + ")", e);
        }
        try {
            statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(chunkSize);
            for (int i = 0; i < params.length; i++) {
                dialect.bind(statement, i + 1, params[i]);
            }
            results = observer == null ? statement.executeQuery()
                    : observer.observe(Kind.STREAM, sql, params, 1, rs -> -1, statement::executeQuery);
            reader = new ResultRows(results, dialect);
        } catch (SQLException | RuntimeException e) {
            abort(e);
            throw failure("the query failed", e);
        }
        return fetch();
    }

    /**
     * Reads the next chunk. It reads one row beyond the chunk and keeps it for the next call, so
     * the end of the result is known with its last row: the stream then completes, and the
     * connection goes back, without waiting for a request the subscriber may never make. When the
     * result ends, commits and returns the connection.
     *
     * @throws IterationException when reading fails; the connection is then already returned
     */
    Chunk fetch() {
        List<Row> rows = new ArrayList<>(chunkSize);
        if (carried != null) {
            rows.add(carried);
            carried = null;
        }
        long read = 0;
        try {
            boolean last = false;
            while (true) {
                if (!results.next()) {
                    last = true;
                    break;
                }
                Row row = reader.current();
                read++;
                if (rows.size() == chunkSize) {
                    carried = row;
                    break;
                }
                rows.add(row);
            }
            if (last) {
                finish();
            }
            rowsRead += read;
            return new Chunk(rows, last);
        } catch (SQLException | RuntimeException e) {
            abort(e);
            throw failure("reading rows failed after " + (rowsRead + read) + " rows", e);
        }
    }

    /** @return the rows taken from the database so far */
    long rowsRead() {
        return rowsRead;
    }

    /** Closes the cursor and rolls back; never throws. Does nothing once the connection is returned. */
    void abort() {
        abort(null);
    }

    private void finish() throws SQLException {
        closeResults(null);
        try {
            connection.commit();
        } finally {
            closeConnection(null);
        }
    }

    private void abort(Throwable primary) {
        if (connection == null) {
            return;
        }
        closeResults(primary);
        try {
            connection.rollback();
        } catch (SQLException e) {
            note(primary, e);
        }
        closeConnection(primary);
    }

    private void closeResults(Throwable primary) {
        try {
            if (results != null) {
                results.close();
            }
        } catch (SQLException e) {
            note(primary, e);
        }
        try {
            if (statement != null) {
                statement.close();
            }
        } catch (SQLException e) {
            note(primary, e);
        }
        results = null;
        statement = null;
        reader = null;
        carried = null;
    }

    private void closeConnection(Throwable primary) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The pool discards a connection it cannot take back; nothing is lost for the caller.
            note(primary, e);
        } finally {
            connection = null;
        }
    }

    private static void note(Throwable primary, SQLException e) {
        if (primary != null) {
            primary.addSuppressed(e);
        } else {
            LOG.debug("closing a stream's cursor failed", e);
        }
    }

    private IterationException failure(String doing, Throwable cause) {
        return failure(sql, doing, cause);
    }

    static IterationException failure(String sql, String doing, Throwable cause) {
        StringBuilder message = new StringBuilder("streaming '").append(sql).append("' failed: ")
                .append(doing).append(": ").append(cause);
        SqlStates.first(cause).ifPresent(e -> message.append(" (SQL state ").append(e.getSQLState())
                .append(", vendor code ").append(e.getErrorCode()).append(')'));
        return new IterationException(message.toString(), cause);
    }

    @Override
    public String toString() {
        return "cursor of '" + sql + "' (" + rowsRead + " rows read" + (connection == null ? ", closed)" : ")");
    }
}
