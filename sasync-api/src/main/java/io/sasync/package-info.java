/**
 * The sAsync API: run relational database work without blocking the caller.
 *
 * <p>A {@link io.sasync.Broker} runs units of {@link io.sasync.Work} as transactions on a
 * priority {@link io.sasync.TaskQueue} of worker threads with pooled JDBC connections and hands
 * back {@link java.util.concurrent.CompletableFuture}s. Everything in this package is an
 * interface or an immutable value type; the default implementation lives in {@code sasync-core}
 * and the database-specific parts in dialect plugins ({@link io.sasync.spi.Dialect}).
 *
 * <p>Every exception this library throws on its own account extends
 * {@link io.sasync.SAsyncException}.
 */
package io.sasync;
