package io.sasync;

/**
 * The work threw an exception of its own, not a database error; the transaction was rolled
 * back. The cause is the work's exception.
 */
public class WorkFailedException extends TransactionException {

    /**
     * @param message what failed
     * @param cause   the work's exception
     */
    public WorkFailedException(String message, Throwable cause) {
        super(message, cause, null, 0, false);
    }
}
