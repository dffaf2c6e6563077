package io.sasync.bench;

import io.sasync.DatabaseConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * Benchmarks 1 and 3 on H2 in memory: the tiny transaction one outstanding (library, raw JDBC,
 * raw JDBC through an executor hop, and the empty hop alone) and pipelined (library, raw JDBC
 * loop, {@code JdbiExecutor}).
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
}
