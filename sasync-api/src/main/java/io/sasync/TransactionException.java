package io.sasync;

import java.util.Optional;

/**
 * A transaction failed and was rolled back: its work threw, or the database refused a
 * statement or the commit. The cause is the original exception; for database errors the SQL
 * state and vendor code are kept, and {@link #isRetryable()} tells whether running the same
 * work again may succeed (a serialization failure, a deadlock, a lock timeout).
 */
public class TransactionException extends SAsyncException {

    private final String sqlState;
    private final int vendorCode;
    private final boolean retryable;

    /**
     * @param message    what failed
     * @param cause      the original exception
     * @param sqlState   the SQL state, or {@code null} when the failure is not a database error
     * @param vendorCode the database's own error code, 0 when none
     * @param retryable  whether the dialect classifies the error as transient
     */
    public TransactionException(String message, Throwable cause, String sqlState, int vendorCode, boolean retryable) {
        super(message, cause);
        this.sqlState = sqlState;
        this.vendorCode = vendorCode;
        this.retryable = retryable;
    }

    /** @return the SQL state of the database error, if the failure was one */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }

    /** @return the database's vendor error code, 0 when there is none */
    public int vendorCode() {
        return vendorCode;
    }

    /** @return whether the same work, run again, may succeed */
    public boolean isRetryable() {
        return retryable;
    }
}
