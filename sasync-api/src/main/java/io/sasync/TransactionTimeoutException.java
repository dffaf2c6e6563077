package io.sasync;

import java.util.concurrent.TimeoutException;

/**
 * The call's timeout ({@link TransactOptions#withTimeout}) expired: a call still queued was
 * removed and never ran; a running one had its statement cancelled and was rolled back. The
 * cause is a {@link TimeoutException}. A timeout that races with the commit may be reported for
 * a transaction that did commit.
 */
public class TransactionTimeoutException extends TransactionException {

    /**
     * @param message what timed out
     * @param cause   the timeout
     */
    public TransactionTimeoutException(String message, TimeoutException cause) {
        super(message, cause, null, 0, false);
    }
}
