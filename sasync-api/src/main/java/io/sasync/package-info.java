/**
 * The sAsync API: run relational database work without blocking the caller.
 *
 * <p>A {@link io.sasync.Broker} runs units of {@link io.sasync.Work} as transactions on a
 * priority {@link io.sasync.TaskQueue} of worker threads with pooled JDBC connections and hands
 * back {@link java.util.concurrent.CompletableFuture}s. Everything in this package is an
 * interface or an immutable value type; the default implementation lives in {@code sasync-core}
 * and the database-specific parts in dialect plugins ({@link io.sasync.spi.Dialect}).
 *
 * <p>Results come back as detached {@link io.sasync.Row}s, which {@link io.sasync.Row#as} turns
 * into records, beans or single values by column name; the typed queries
 * ({@link io.sasync.Session#query(Class, String, Object...)},
 * {@link io.sasync.Broker#sql(Class, String, Object...)}) do so for every row.
 *
 * <p>Every exception this library throws on its own account extends
 * {@link io.sasync.SAsyncException}.
 */
package io.sasync;
