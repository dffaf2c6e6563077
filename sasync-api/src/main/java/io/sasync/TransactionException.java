package io.sasync;

import java.util.Optional;

/**
 * A transaction did not commit, or may not have: the common parent of the failures a
 * {@link Broker#transact transaction}'s future reports. Catch a subtype to act on what happened:
 *
 * <table>
 *   <caption>The kinds of transaction failure</caption>
 *   <tr><th>Type</th><th>What happened</th><th>Committed?</th></tr>
 *   <tr><td>{@link WorkFailedException}</td><td>the work threw an exception of its own</td><td>no, rolled back</td></tr>
 *   <tr><td>{@link SqlRefusedException}</td><td>the database refused a statement or the commit
 *       ({@link #isRetryable()} for a deadlock, a serialization failure, a lock timeout)</td><td>no, rolled back</td></tr>
 *   <tr><td>{@link ConnectionFailureException}</td><td>no connection could be had, or it was
 *       lost before the commit</td><td>no</td></tr>
 *   <tr><td>{@link OutcomeUnknownException}</td><td>the connection was lost during the commit</td><td>unknown</td></tr>
 *   <tr><td>{@link TransactionTimeoutException}</td><td>the call's timeout expired</td><td>no</td></tr>
 *   <tr><td>{@link TransactionCancelledException}</td><td>the database cancelled a statement
 *       (a statement timeout, an administrator)</td><td>no, rolled back</td></tr>
 * </table>
 *
 * <p>The cause is the original exception. For database errors the SQL state and vendor code
 * are kept: those of the driver's own error, also when a pool wrapped it.
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

    /**
     * @return whether the same work, run again, may succeed: the dialect classifies the database
     *         error as transient (a deadlock, a serialization failure, a lock timeout); what
     *         {@link RetryPolicy retries} act on
     */
    public boolean isRetryable() {
        return retryable;
    }
}
