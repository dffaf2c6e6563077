package io.sasync;

/**
 * The root of every exception sAsync throws on its own account. Unchecked; the subtypes say
 * what the caller can do about the failure. Causes are always chained, and messages say what
 * was being done and with what, never with a password.
 */
public abstract class SAsyncException extends RuntimeException {

    /**
     * @param message what failed and why
     */
    protected SAsyncException(String message) {
        super(message);
    }

    /**
     * @param message what failed and why
     * @param cause   the underlying failure
     */
    protected SAsyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
