package io.sasync;

/**
 * No connection could be had for the transaction (the database is unreachable, refuses the
 * credentials, does not exist yet, or the pool had none free within the borrow timeout), or the
 * connection was lost before the commit. Nothing was committed; the same work may succeed once
 * the database is back. A connection lost <em>during</em> the commit is an
 * {@link OutcomeUnknownException} instead.
 */
public class ConnectionFailureException extends TransactionException {

    /**
     * @param message    what failed
     * @param cause      the connection error
     * @param sqlState   its SQL state (the driver's, beneath any pool wrapper), or {@code null}
     * @param vendorCode its vendor code, 0 when none
     */
    public ConnectionFailureException(String message, Throwable cause, String sqlState, int vendorCode) {
        super(message, cause, sqlState, vendorCode, false);
    }
}
