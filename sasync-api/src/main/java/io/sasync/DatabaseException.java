package io.sasync;

/** The database could not be used: bad configuration, no connection, failed DDL. */
public class DatabaseException extends SAsyncException {

    /**
     * @param message what was being done, with what
     * @param cause   the underlying failure
     */
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what was being done, with what */
    public DatabaseException(String message) {
        super(message);
    }
}
