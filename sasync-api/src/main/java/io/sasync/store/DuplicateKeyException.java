package io.sasync.store;

import io.sasync.SAsyncException;

/**
 * {@link Items#insert} found an item of the same name already stored; the transaction was
 * rolled back and nothing was changed. The cause is the database's duplicate-key
 * {@link java.sql.SQLException}, with its SQL state.
 */
public class DuplicateKeyException extends SAsyncException {

    /**
     * @param message which store and name
     * @param cause   the database's exception
     */
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
