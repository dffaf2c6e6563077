package io.sasync;

/**
 * A synchronous operation was attempted on an object that works asynchronously, for example
 * iterating a persistent dictionary that was not preloaded.
 */
public class AsyncException extends SAsyncException {

    /** @param message what was attempted and what to do instead */
    public AsyncException(String message) {
        super(message);
    }
}
