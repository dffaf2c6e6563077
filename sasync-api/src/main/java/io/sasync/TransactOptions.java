package io.sasync;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one transaction is run: its priority, an optional timeout and retry policy, its isolation
 * level, whether it is read-only, and, for a call nested in a running transaction, whether it
 * runs in a savepoint. Immutable.
 *
 * <pre>{@code
 * broker.transact(TransactOptions.of(Priority.of(-5))
 *                 .withTimeout(Duration.ofSeconds(2))
 *                 .withRetry(RetryPolicy.attempts(5))
 *                 .withIsolation(Isolation.SERIALIZABLE),
 *         session -> session.update("UPDATE counter SET n = n + 1 WHERE id = ?", 1));
 * }</pre>
 *
 * <p>The <b>timeout</b> covers the whole call: the wait in the queue, every attempt and every
 * backoff. When it expires, a task still queued is removed and never runs; a running statement is
 * cancelled ({@link java.sql.Statement#cancel()}) and the transaction rolled back; the future
 * fails at once with a {@link TransactionTimeoutException}.
 *
 * <p>The <b>isolation</b> level and <b>read-only</b> flag are set on the connection before the
 * transaction begins, and the connection's own restored once it has ended. A read-only
 * transaction that writes fails as the database decides: PostgreSQL and Derby refuse the
 * statement ({@link SqlRefusedException}); H2 ignores the flag.
 *
 * <p><b>Nesting.</b> A call made from inside a running work of the same broker runs inline in that
 * work's transaction: the outer call's priority, timeout, retry, isolation and read-only flag
 * govern it, and its own are ignored. By default a failure of the nested work fails the outer
 * work's transaction as a whole; {@link #inSavepoint()} makes it run in a savepoint instead, so
 * that its failure rolls back only its own part and the outer work may go on (Spring's
 * {@code NESTED}).
 *
 * <p><b>Auto-commit.</b> {@link #inAutoCommit()} runs the work outside any transaction, for
 * statements a database refuses inside one ({@code CREATE DATABASE}, {@code VACUUM},
 * {@code CREATE INDEX CONCURRENTLY}): each statement commits on its own, and a failure does not
 * undo the statements before it.
 */
public final class TransactOptions {

    /** Niceness 0, no timeout, no retry, the connection's isolation, read-write, a transaction. */
    public static final TransactOptions DEFAULT = new TransactOptions(Priority.NORMAL, null, RetryPolicy.NONE,
            Isolation.DEFAULT, false, false, false, false);

    private final Priority priority;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final Isolation isolation;
    private final boolean readOnly;
    private final boolean savepoint;
    private final boolean autoCommit;
    private final boolean standby;

    private TransactOptions(Priority priority, Duration timeout, RetryPolicy retry, Isolation isolation,
                            boolean readOnly, boolean savepoint, boolean autoCommit, boolean standby) {
        this.priority = priority;
        this.timeout = timeout;
        this.retry = retry;
        this.isolation = isolation;
        this.readOnly = readOnly;
        this.savepoint = savepoint;
        this.autoCommit = autoCommit;
        this.standby = standby;
    }

    /**
     * @param priority the priority
     * @return options with that priority, the rest as {@link #DEFAULT}
     */
    public static TransactOptions of(Priority priority) {
        return DEFAULT.withPriority(priority);
    }

    /**
     * @param priority the priority
     * @return a copy with that priority
     */
    public TransactOptions withPriority(Priority priority) {
        return new TransactOptions(Objects.requireNonNull(priority, "priority"), timeout, retry, isolation, readOnly,
                savepoint, autoCommit, standby);
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
        return new TransactOptions(priority, timeout, retry, isolation, readOnly, savepoint, autoCommit, standby);
    }

    /**
     * @param retry how to re-run the work on retryable errors
     * @return a copy with that policy
     */
    public TransactOptions withRetry(RetryPolicy retry) {
        return new TransactOptions(priority, timeout, Objects.requireNonNull(retry, "retry"), isolation, readOnly,
                savepoint, autoCommit, standby);
    }

    /**
     * @param isolation the transaction's isolation level; {@link Isolation#DEFAULT} for the
     *                  connection's own
     * @return a copy with that level
     */
    public TransactOptions withIsolation(Isolation isolation) {
        return new TransactOptions(priority, timeout, retry, Objects.requireNonNull(isolation, "isolation"), readOnly,
                savepoint, autoCommit, standby);
    }

    /** @return a copy whose transaction is read-only */
    public TransactOptions readOnly() {
        return new TransactOptions(priority, timeout, retry, isolation, true, savepoint, autoCommit, standby);
    }

    /**
     * @return a copy that, when called from inside a running work of the same broker, runs in a
     *         savepoint of that work's transaction: its failure rolls back to the savepoint and
     *         fails its own future only. Outside a work it changes nothing.
     */
    public TransactOptions inSavepoint() {
        return new TransactOptions(priority, timeout, retry, isolation, readOnly, true, autoCommit, standby);
    }

    /**
     * @return a copy that runs the work in auto-commit, not in a transaction: each statement
     *         commits on its own, a failure undoes nothing before it, and the isolation and
     *         read-only settings still apply
     */
    public TransactOptions inAutoCommit() {
        return new TransactOptions(priority, timeout, retry, isolation, readOnly, savepoint, true, standby);
    }

    /**
     * @return a read-only copy that runs on the config's standby
     *         ({@link DatabaseConfig.Builder#standby}), which may lag behind the primary by its
     *         replay lag: it need not see the latest commits. Where the standby cannot be reached
     *         (or fails the work with a retryable error, such as a conflict with recovery) the
     *         work runs again on the primary: a work that got as far as running on the standby
     *         before its connection was lost then runs twice, so keep its effects outside the
     *         database idempotent. The call's timeout covers both runs together, and cancelling
     *         the call reaches whichever is under way. Without a standby it runs on the primary.
     */
    public TransactOptions onStandby() {
        return new TransactOptions(priority, timeout, retry, isolation, true, savepoint, autoCommit, true);
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

    /** @return the isolation level; {@link Isolation#DEFAULT} by default */
    public Isolation isolation() {
        return isolation;
    }

    /** @return whether the transaction is read-only; false by default */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** @return whether a nested call runs in a savepoint; false by default */
    public boolean isSavepoint() {
        return savepoint;
    }

    /** @return whether read-only work runs on the standby ({@link #onStandby()}); false by default */
    public boolean isOnStandby() {
        return standby;
    }

    /** @return whether the work runs in auto-commit instead of a transaction; false by default */
    public boolean isAutoCommit() {
        return autoCommit;
    }

    @Override
    public String toString() {
        return "TransactOptions{" + priority + (timeout == null ? "" : ", timeout=" + timeout)
                + (retry.maxAttempts() == 1 ? "" : ", " + retry)
                + (isolation == Isolation.DEFAULT ? "" : ", " + isolation)
                + (readOnly ? ", read-only" : "") + (savepoint ? ", in a savepoint" : "")
                + (autoCommit ? ", auto-commit" : "") + (standby ? ", on the standby" : "") + "}";
    }
}
