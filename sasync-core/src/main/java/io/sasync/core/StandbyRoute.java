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
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
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
     * @param options   the call's options, marked for the standby
     * @param work      the read-only work
     * @param onPrimary runs the same work on the primary
     * @param <T>       the work's result type
     * @return the work's outcome, on the standby or else on the primary
     */
    <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work, Supplier<CompletableFuture<T>> onPrimary) {
        AccessBroker broker = broker();
        if (broker == null) {
            return onPrimary.get(); // shutting down: the primary refuses it, or takes it while it flushes
        }
        // A standby that cannot take the work is not waited for: the primary takes it at once.
        return broker.transact(options.withRetry(RetryPolicy.NONE), work).exceptionallyCompose(e -> {
            Throwable failure = SqlStates.unwrap(e);
            if (!movesToThePrimary(failure)) {
                return CompletableFuture.failedFuture(failure);
            }
            LOG.debug("{} runs on the primary: the standby could not: {}", work, failure.toString());
            return onPrimary.get();
        });
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
