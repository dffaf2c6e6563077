package io.sasync;

/**
 * The database cancelled a statement of the transaction (a statement timeout, an administrator,
 * another session's cancel); the transaction was rolled back. A call cancelled by its caller
 * ({@code future.cancel(true)}) completes with {@link java.util.concurrent.CancellationException}
 * instead, as every cancelled future does.
 */
public class TransactionCancelledException extends TransactionException {

    /**
     * @param message    what was cancelled
     * @param cause      the database error
     * @param sqlState   its SQL state
     * @param vendorCode its vendor code, 0 when none
     */
    public TransactionCancelledException(String message, Throwable cause, String sqlState, int vendorCode) {
        super(message, cause, sqlState, vendorCode, false);
    }
}
