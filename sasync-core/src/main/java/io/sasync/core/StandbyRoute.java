package io.sasync.core;

import io.sasync.ConnectionFailureException;
import io.sasync.DatabaseConfig;
import io.sasync.DatabaseException;
import io.sasync.QueueFactory;
import io.sasync.RetryPolicy;
import io.sasync.TransactOptions;
import io.sasync.TransactionException;
import io.sasync.Work;
import io.sasync.spi.SqlStates;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a broker runs the read-only work marked {@link TransactOptions#onStandby()}: a broker of
 * its own on the config's {@link DatabaseConfig#standby() standby}, made on the first such call
 * and shut down after its owner. Work the standby cannot take (no connection, a broker that
 * could not start, a retryable failure such as a conflict with recovery) runs on the primary
 * instead: it was read-only, so nothing was committed on the standby.
 */
final class StandbyRoute {

    private static final Logger LOG = LoggerFactory.getLogger(StandbyRoute.class);

    private final AccessBroker owner;
    private final QueueFactory factory;
    private final DatabaseConfig config;
    private AccessBroker standby;
    private CompletableFuture<Void> shutdown;
    /** Whether the standby's failing to take work was said at WARN since it last took some. */
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param owner   the broker whose work this routes; nested calls in a standby work run inline
     * @param factory the owner's queue factory
     * @param config  the standby's config
     */
    StandbyRoute(AccessBroker owner, QueueFactory factory, DatabaseConfig config) {
        this.owner = owner;
        this.factory = factory;
        this.config = config;
    }

    /**
     * Runs the work on the standby, or else on the primary. The call's timeout covers both runs
     * together, and cancelling the returned future cancels whichever run is under way.
     *
     * @param options   the call's options, marked for the standby
     * @param work      the read-only work
     * @param onPrimary runs the same work on the primary, with the options it is given
     * @param <T>       the work's result type
     * @return the work's outcome, on the standby or else on the primary
     */
    <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work,
                                      Function<TransactOptions, CompletableFuture<T>> onPrimary) {
        AccessBroker broker = broker();
        if (broker == null) {
            return onPrimary.apply(options); // shutting down: the primary refuses it, or takes it while it flushes
        }
        long deadline = options.timeout().map(t -> System.nanoTime() + t.toNanos()).orElse(0L);
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<T>> running = new AtomicReference<>();
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                running.get().cancel(true);
            }
        });
        // A standby that cannot take the work is not waited for: the primary takes it at once.
        follow(result, running, broker.transact(options.withRetry(RetryPolicy.NONE), work)).whenComplete((v, e) -> {
            if (e == null) {
                warned.set(false);
                result.complete(v);
                return;
            }
            Throwable failure = SqlStates.unwrap(e);
            if (!movesToThePrimary(failure) || result.isDone()) {
                result.completeExceptionally(failure);
                return;
            }
            warnOnce(work, failure);
            TransactOptions rest = options;
            if (deadline != 0L) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    result.completeExceptionally(failure);
                    return;
                }
                rest = options.withTimeout(Duration.ofNanos(left));
            }
            follow(result, running, onPrimary.apply(rest)).whenComplete((w, f) -> {
                if (f == null) {
                    result.complete(w);
                } else {
                    result.completeExceptionally(SqlStates.unwrap(f));
                }
            });
        });
        return result;
    }

    /** Makes {@code run} the one a cancel of {@code result} reaches; cancels it at once if that came first. */
    private static <T> CompletableFuture<T> follow(CompletableFuture<T> result,
                                                   AtomicReference<CompletableFuture<T>> running,
                                                   CompletableFuture<T> run) {
        running.set(run);
        if (result.isCancelled()) {
            run.cancel(true);
        }
        return run;
    }

    /** Says once per outage, at WARN, that the standby is not taking work; at DEBUG after that. */
    private void warnOnce(Work<?> work, Throwable failure) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("{} cannot take read-only work; it runs on the primary until the standby answers again: {}",
                    this, failure.toString());
        } else {
            LOG.debug("{} runs on the primary: the standby could not: {}", work, failure.toString());
        }
    }

    private static boolean movesToThePrimary(Throwable failure) {
        return failure instanceof ConnectionFailureException || failure instanceof DatabaseException
                || failure instanceof TransactionException te && te.isRetryable();
    }

    private synchronized AccessBroker broker() {
        if (shutdown != null) {
            return null;
        }
        if (standby == null) {
            standby = new AccessBroker(factory, config, owner);
        }
        return standby;
    }

    /**
     * Shuts the standby's broker down once the owner's shutdown has completed. Idempotent.
     *
     * @param primary the owner's shutdown
     * @return completes when both are done; fails with the first failure
     */
    synchronized CompletableFuture<Void> shutdownAfter(CompletableFuture<Void> primary) {
        if (shutdown == null) {
            AccessBroker started = standby;
            shutdown = started == null ? primary : primary.handle((v, e) -> e)
                    .thenCompose(e -> started.shutdown().handle((v, f) -> e != null ? e : f))
                    .thenCompose(e -> e == null ? CompletableFuture.<Void>completedFuture(null)
                            : CompletableFuture.<Void>failedFuture(SqlStates.unwrap(e)));
        }
        return shutdown;
    }

    @Override
    public String toString() {
        return "standby route to " + config.safeUrl();
    }
}
