package io.sasync;

/** No dialect plugin supports a JDBC URL, or the dialect named in a config is not installed. */
public class NoDialectException extends SAsyncException {

    /** @param message the URL (without password) and the dialects available */
    public NoDialectException(String message) {
        super(message);
    }
}
