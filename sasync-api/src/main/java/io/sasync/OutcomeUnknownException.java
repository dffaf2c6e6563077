package io.sasync;

/**
 * The connection was lost while the transaction was committing: the database may have committed
 * it or not, and nobody can tell from here. Check the database (or make the work idempotent)
 * before running it again.
 */
public class OutcomeUnknownException extends TransactionException {

    /**
     * @param message    what failed
     * @param cause      the connection error
     * @param sqlState   its SQL state, or {@code null}
     * @param vendorCode its vendor code, 0 when none
     */
    public OutcomeUnknownException(String message, Throwable cause, String sqlState, int vendorCode) {
        super(message, cause, sqlState, vendorCode, false);
    }
}
