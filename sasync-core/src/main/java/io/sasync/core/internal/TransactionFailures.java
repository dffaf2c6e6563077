package io.sasync.core.internal;

import io.sasync.ConnectionFailureException;
import io.sasync.OutcomeUnknownException;
import io.sasync.SqlRefusedException;
import io.sasync.TransactionCancelledException;
import io.sasync.TransactionException;
import io.sasync.Work;
import io.sasync.WorkFailedException;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import java.sql.SQLException;

/**
 * Turns what ended a transaction into the {@link TransactionException} subtype that tells the
 * caller what happened, from how far the transaction got and what the dialect makes of the
 * database error.
 */
final class TransactionFailures {

    /** How far a transaction got when it failed. */
    enum Stage {
        /** Borrowing its connection: nothing ran. */
        CONNECTING,
        /** Running its work: nothing is committed. */
        RUNNING,
        /** Committing: a lost connection leaves the outcome unknown. */
        COMMITTING,
        /**
         * Running in auto-commit: each statement committed as it ran, so nothing is rolled back
         * and a lost connection leaves the outcome of the last statement unknown.
         */
        AUTO_COMMIT
    }

    private TransactionFailures() {
    }

    /**
     * @param dialect the database's dialect
     * @param work    the work, for the message
     * @param stage   how far the transaction got
     * @param doing   what was being done, for the message, or {@code null}
     * @param cause   the failure, unwrapped
     * @return the exception to fail the transaction with
     */
    static TransactionException classify(Dialect dialect, Work<?> work, Stage stage, String doing, Throwable cause) {
        SQLException sql = SqlStates.first(cause).orElse(null);
        String state = sql == null ? null : sql.getSQLState();
        int code = sql == null ? 0 : sql.getErrorCode();
        StringBuilder message = new StringBuilder(TransactionRunner.describe(work)).append(" failed: ");
        if (doing != null) {
            message.append(doing).append(": ");
        }
        message.append(cause);
        if (sql != null) {
            message.append(" (SQL state ").append(state).append(", vendor code ").append(code).append(')');
        }
        if (stage == Stage.CONNECTING) {
            return new ConnectionFailureException(message.append("; nothing ran").toString(), cause, state, code);
        }
        String undone = stage == Stage.AUTO_COMMIT
                ? "; in auto-commit: the statements before it stay committed" : "; rolled back";
        if (sql == null) {
            return new WorkFailedException(message.append(undone).toString(), cause);
        }
        if (dialect.isConnectionFailure(sql)) {
            if (stage == Stage.AUTO_COMMIT) {
                return new OutcomeUnknownException(message.append("; the connection was lost in auto-commit: the "
                        + "statements before stay committed, and the last may or may not have").toString(),
                        cause, state, code);
            }
            return stage == Stage.COMMITTING
                    ? new OutcomeUnknownException(message.append("; the connection was lost during the commit: the "
                            + "transaction may or may not have committed").toString(), cause, state, code)
                    : new ConnectionFailureException(message.append("; the connection was lost: not committed")
                            .toString(), cause, state, code);
        }
        if (dialect.isCancelled(sql)) {
            return new TransactionCancelledException(message.append(undone).toString(), cause, state, code);
        }
        return new SqlRefusedException(message.append(undone).toString(), cause, state, code,
                dialect.isRetryable(sql));
    }
}
