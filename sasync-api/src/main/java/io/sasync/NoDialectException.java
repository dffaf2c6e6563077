package io.sasync;

/** No dialect plugin supports a JDBC URL, or the dialect named in a config is not installed. */
public class NoDialectException extends SAsyncException {

    /** @param message the URL (without password) and the dialects available */
    public NoDialectException(String message) {
        super(message);
    }

    /**
     * @param message what was looked for, and which dialects are available
     * @param cause   why the database could not be told
     */
    public NoDialectException(String message, Throwable cause) {
        super(message, cause);
    }
}
