package io.sasync.bench;

import io.sasync.DatabaseConfig;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Threads;

/**
 * Benchmarks 2 and 3 on PostgreSQL over loopback ({@link BenchDatabase#postgres}): the tiny
 * transaction one outstanding (library, raw JDBC, executor hop) and pipelined with 4 workers
 * (library, raw JDBC on one thread and on 4 threads, {@code JdbiExecutor}).
 */
public class PostgresBenchmark extends TinyTransactionBenchmark {

    /** Worker threads of the queue, pooled connections, and JdbiExecutor threads. */
    @Param("4")
    public int workers;

    @Override
    DatabaseConfig config() {
        return BenchDatabase.postgres(workers);
    }

    /**
     * Raw transactions one after the other on each of 4 threads (JMH adds the threads' scores).
     *
     * @throws SQLException when the database fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    @Threads(4)
    public void pipelinedRaw4Threads() throws SQLException {
        fixture.rawLoop();
    }
}
