package io.sasync;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one transaction is run: its priority, an optional timeout, and an optional retry policy.
 * Immutable.
 *
 * <pre>{@code
 * broker.transact(TransactOptions.of(Priority.of(-5))
 *                 .withTimeout(Duration.ofSeconds(2))
 *                 .withRetry(RetryPolicy.attempts(5)),
 *         session -> session.update("UPDATE counter SET n = n + 1 WHERE id = ?", 1));
 * }</pre>
 *
 * <p>The <b>timeout</b> covers the whole call: the wait in the queue, every attempt and every
 * backoff. When it expires, a task still queued is removed and never runs; a running statement is
 * cancelled ({@link java.sql.Statement#cancel()}) and the transaction rolled back; the future
 * fails at once with a {@link TransactionException} whose cause is a
 * {@link java.util.concurrent.TimeoutException}.
 *
 * <p>Options apply to calls that reach the queue. A call nested inside a running work runs inline
 * in that work's transaction, and the outer call's options govern it.
 */
public final class TransactOptions {

    /** Niceness 0, no timeout, no retry. */
    public static final TransactOptions DEFAULT = new TransactOptions(Priority.NORMAL, null, RetryPolicy.NONE);

    private final Priority priority;
    private final Duration timeout;
    private final RetryPolicy retry;

    private TransactOptions(Priority priority, Duration timeout, RetryPolicy retry) {
        this.priority = priority;
        this.timeout = timeout;
        this.retry = retry;
    }

    /**
     * @param priority the priority
     * @return options with that priority, no timeout and no retry
     */
    public static TransactOptions of(Priority priority) {
        return DEFAULT.withPriority(priority);
    }

    /**
     * @param priority the priority
     * @return a copy with that priority
     */
    public TransactOptions withPriority(Priority priority) {
        return new TransactOptions(Objects.requireNonNull(priority, "priority"), timeout, retry);
    }

    /**
     * @param timeout the longest the whole call may take, positive
     * @return a copy with that timeout
     */
    public TransactOptions withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return new TransactOptions(priority, timeout, retry);
    }

    /**
     * @param retry how to re-run the work on retryable errors
     * @return a copy with that policy
     */
    public TransactOptions withRetry(RetryPolicy retry) {
        return new TransactOptions(priority, timeout, Objects.requireNonNull(retry, "retry"));
    }

    /** @return the priority */
    public Priority priority() {
        return priority;
    }

    /** @return the timeout of the whole call, if any */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** @return the retry policy; {@link RetryPolicy#NONE} by default */
    public RetryPolicy retry() {
        return retry;
    }

    @Override
    public String toString() {
        return "TransactOptions{" + priority + (timeout == null ? "" : ", timeout=" + timeout)
                + (retry.maxAttempts() == 1 ? "" : ", " + retry) + "}";
    }
}
