package io.sasync.bench;

import io.sasync.DatabaseConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * Benchmarks 1 and 3 on H2 in memory: the tiny transaction one outstanding and pipelined, with
 * the empty executor hop alone, and what a statement listener that does nothing costs.
 */
public class H2Benchmark extends TinyTransactionBenchmark {

    /** Worker threads of the queue, pooled connections, and JdbiExecutor threads: one per core here. */
    @Param("2")
    public int workers;

    @Override
    DatabaseConfig config() {
        return BenchDatabase.h2Memory(workers);
    }

    /** @return 1: an empty task handed to one executor thread and back, the floor of any hand-off */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneHopEmpty() {
        return fixture.hopEmpty();
    }

    /** A window of transactions through a broker on the same queue with one statement listener that does nothing. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedSasyncListener() {
        fixture.sasyncListenedWindow();
    }
}
