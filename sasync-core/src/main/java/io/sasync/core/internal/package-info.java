/**
 * Implementation details of {@code sasync-core}. Not part of the API; may change in any release.
 *
 * <ul>
 *   <li>The broker's life cycle: {@code BrokerLifecycle} (start and start again, held work,
 *       admission by {@code Admission} kind, in-flight work, shutdown flushes and drain).</li>
 *   <li>Running a call: {@code RetryingCall} (attempts, timeout, cancel) runs each attempt through
 *       {@code TransactionRunner} (one transaction on a pooled connection, its {@code JdbcSession}),
 *       whose failures {@code TransactionFailures} classifies; {@code OffWorkerFuture} and
 *       {@code Callbacks}/{@code CallbackThreads} keep callers' continuations off the workers;
 *       {@code Background} runs timers and blocking cancels on threads of the library's own.</li>
 *   <li>The queue: {@code PriorityTaskQueue} (heap of {@code QueuedTask}s ordered by
 *       {@code QueueOrder}, workers, the DBCP2 pool made by {@code Pools}), and what it keeps
 *       per database beside its public API ({@code QueueResources}: the {@code StatementCache},
 *       the DDL lock).</li>
 *   <li>Streams: {@code RowPublisher} over a {@code StreamCursor}, delivered on
 *       {@code StreamDelivery} threads; {@code RowProducer}; {@code TableCreator};
 *       {@code ResultRows}.</li>
 *   <li>Guice: {@code TransactInterception} (the {@code @Transact} interceptor).</li>
 * </ul>
 */
package io.sasync.core.internal;
