package io.sasync.store;

import io.sasync.SAsyncException;

/**
 * {@link Items#insert} found an item of the same name already stored; nothing was changed. The
 * cause is the failed transaction, with the database's SQL state.
 */
public class DuplicateKeyException extends SAsyncException {

    /**
     * @param message which store and name
     * @param cause   the failed transaction or the database's exception
     */
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
