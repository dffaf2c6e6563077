package io.sasync;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a method as a queued transaction (with Guice, through {@code SAsyncModule}).
 *
 * <p>The method must return {@link java.util.concurrent.CompletableFuture} or
 * {@link java.util.concurrent.CompletionStage}; a method that returns anything else is reported
 * when the injector is created. The method body runs on a queue worker inside the transaction
 * (the injected {@code Provider<Session>} gives its session); the caller gets a future of the
 * value the method's own future completes with. A {@code @Transact} method called from inside
 * another transaction of the same broker runs inline, in that transaction.
 *
 * <pre>{@code
 * @Transact(niceness = 5)
 * public CompletableFuture<Integer> rename(long id, String name) {
 *     return CompletableFuture.completedFuture(
 *             session.get().update("UPDATE people SET name = ? WHERE id = ?", name, id));
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Transact {

    /** @return the niceness, −20 (most urgent) to 20 (least); default 0 */
    int niceness() default 0;

    /**
     * @return the most times the method runs when its transaction fails with a retryable error
     *         (see {@link RetryPolicy#attempts(int)}); default 1, no retry. Only for idempotent
     *         methods
     */
    int attempts() default 1;

    /**
     * @return the timeout of the whole call in milliseconds, queue wait included (see
     *         {@link TransactOptions#withTimeout}); default 0, none
     */
    long timeoutMillis() default 0;

    /**
     * @return the transaction's isolation level (see {@link TransactOptions#withIsolation});
     *         default the connection's own
     */
    Isolation isolation() default Isolation.DEFAULT;

    /** @return whether the transaction is read-only (see {@link TransactOptions#readOnly()}); default false */
    boolean readOnly() default false;

    /**
     * @return whether the method, called from inside another transaction of the same broker, runs
     *         in a savepoint of it (see {@link TransactOptions#inSavepoint()}); default false
     */
    boolean savepoint() default false;

    /**
     * @return whether the method runs read-only on the config's standby, when it has one (see
     *         {@link TransactOptions#onStandby()}); default false
     */
    boolean standby() default false;

    /**
     * @return the name of the database to run on, as given to {@code SAsyncModule.named(…)};
     *         empty for the injector's unnamed database
     */
    String database() default "";
}
