package io.sasync;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a transaction is re-run when it fails with an error its dialect classifies as retryable
 * (a serialization failure, a deadlock, a lock timeout; see
 * {@link TransactionException#isRetryable()}), or with a {@link ConnectionFailureException}
 * (nothing was committed: a server restarting or failing over). Only for idempotent work: the
 * work runs again from the start, in a new transaction. An {@link OutcomeUnknownException} is
 * never retried.
 *
 * <p>Before attempt {@code n + 1} the call waits a random time between zero and
 * {@code min(maxBackoff, initialBackoff × 2^(n−1))} ("full jitter"), so that transactions that
 * collided do not collide again in step. The wait happens off the queue: no worker sleeps.
 *
 * @param maxAttempts    the most times the work runs, at least 1 (1 means no retry)
 * @param initialBackoff the backoff bound before the second attempt
 * @param maxBackoff     the largest backoff bound
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** No retry: one attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    /** Validates the policy. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoffs must not be negative");
        }
    }

    /**
     * @param maxAttempts the most times the work runs
     * @return a policy backing off from 10 ms up to 1 s
     */
    public static RetryPolicy attempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ofMillis(10), Duration.ofSeconds(1));
    }

    /**
     * @param attempt the attempt that just failed, from 1
     * @return how long to wait before the next attempt, jittered
     */
    public Duration backoff(int attempt) {
        long bound = initialBackoff.toNanos();
        for (int i = 1; i < attempt && bound < maxBackoff.toNanos(); i++) {
            bound = Math.min(bound * 2, maxBackoff.toNanos());
        }
        bound = Math.min(bound, maxBackoff.toNanos());
        return bound <= 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(bound + 1));
    }
}
