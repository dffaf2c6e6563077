package io.sasync;

/**
 * The database refused a statement or the commit (a constraint violation, a syntax error, a
 * deadlock…); the transaction was rolled back. {@link #sqlState()} and {@link #vendorCode()}
 * say why, and {@link #isRetryable()} whether running the work again may succeed.
 */
public class SqlRefusedException extends TransactionException {

    /**
     * @param message    what failed
     * @param cause      the database error, or the exception that carries it
     * @param sqlState   its SQL state, or {@code null} when the driver gave none
     * @param vendorCode its vendor code, 0 when none
     * @param retryable  whether the dialect classifies it as transient
     */
    public SqlRefusedException(String message, Throwable cause, String sqlState, int vendorCode, boolean retryable) {
        super(message, cause, sqlState, vendorCode, retryable);
    }
}
