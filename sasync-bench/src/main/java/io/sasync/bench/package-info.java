/**
 * JMH benchmarks of sAsync against what a user would otherwise write, each library benchmark and
 * its baselines in one JMH run, on the same database, schema and connection pool
 * ({@link io.sasync.bench.BenchDatabase}).
 *
 * <ul>
 *   <li><b>The tiny transaction</b> (one single-row upsert, committed), {@link io.sasync.bench.Fixture}:
 *       <em>one outstanding</em> (latency) and <em>pipelined</em> ({@value io.sasync.bench.Fixture#WINDOW}
 *       in flight: throughput), against raw JDBC, the same raw transaction behind a
 *       {@code CompletableFuture.supplyAsync} hop, and Jdbi's {@code JdbiExecutor};
 *       {@link io.sasync.bench.TinyTransactionBenchmark}: {@link io.sasync.bench.H2Benchmark},
 *       {@link io.sasync.bench.PostgresBenchmark},
 *       {@link io.sasync.bench.DerbyBenchmark}.</li>
 *   <li><b>PersistentDict puts</b> written behind, against raw JDBC batches and a transaction per
 *       put: {@link io.sasync.bench.DictPutBenchmark}; and <b>cached gets</b> against
 *       {@code ConcurrentHashMap}: {@link io.sasync.bench.DictGetBenchmark}.</li>
 *   <li><b>Streaming</b> a million rows against a raw {@code ResultSet} loop, with the heap's
 *       high-water mark ({@link io.sasync.bench.HeapProfiler}): {@link io.sasync.bench.StreamBenchmark}.</li>
 * </ul>
 *
 * <p>{@link io.sasync.bench.Report} runs them and prints each library/baseline ratio with its
 * error and its target; see docs/BENCHMARKS.md.
 */
package io.sasync.bench;
