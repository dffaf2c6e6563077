package io.sasync;

/** Work was submitted to a broker or queue that has been shut down. */
public class BrokerShutdownException extends SAsyncException {

    /** @param message what was refused */
    public BrokerShutdownException(String message) {
        super(message);
    }
}
