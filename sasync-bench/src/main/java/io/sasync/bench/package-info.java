/**
 * JMH benchmarks of sAsync against what a user would otherwise write, each library benchmark and
 * its baselines in one JMH run, on the same database, schema and connection pool.
 *
 * <p>The workload is the tiny transaction: one single-row upsert, committed. It runs
 * <em>one outstanding</em> (submit, wait, repeat: latency per transaction) and
 * <em>pipelined</em> ({@value io.sasync.bench.Fixture#WINDOW} transactions in flight, then wait
 * for all: throughput). Baselines are raw JDBC on the benchmark thread, the same raw transaction
 * handed to a one-thread executor with {@code CompletableFuture.supplyAsync}, and Jdbi's
 * {@code JdbiExecutor}. {@link io.sasync.bench.Fixture} holds the shared set-up;
 * {@link io.sasync.bench.H2Benchmark}, {@link io.sasync.bench.PostgresBenchmark} and
 * {@link io.sasync.bench.DerbyBenchmark} are the benchmark classes, one per database;
 * {@link io.sasync.bench.Report} runs them and prints each library/baseline ratio with its error.
 *
 * <p>The benchmarks of persistent stores and of streaming arrive with those features, as their
 * own benchmark classes using the same fixture; see docs/BENCHMARKS.md.
 */
package io.sasync.bench;
