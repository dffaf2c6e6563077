package io.sasync;

/**
 * A task queue refused a submission because {@link DatabaseConfig#maxPending()} tasks are
 * already waiting. Nothing was queued; the caller may retry later or shed load.
 */
public class OverloadException extends SAsyncException {

    /** @param message the queue and its limit */
    public OverloadException(String message) {
        super(message);
    }
}
