package io.sasync;

/** Streaming the rows of a query failed. */
public class IterationException extends SAsyncException {

    /**
     * @param message what was being streamed
     * @param cause   the underlying failure
     */
    public IterationException(String message, Throwable cause) {
        super(message, cause);
    }
}
