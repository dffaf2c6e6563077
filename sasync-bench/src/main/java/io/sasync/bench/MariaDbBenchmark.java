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
 * The tiny transaction on MariaDB over loopback ({@link BenchDatabase#mariadb}), one outstanding
 * and pipelined with 4 workers, against raw JDBC on one thread and on as many threads as the
 * broker has workers.
 */
public class MariaDbBenchmark extends TinyTransactionBenchmark {

    /** Worker threads of the queue, pooled connections, and JdbiExecutor threads. */
    @Param("4")
    public int workers;

    @Override
    DatabaseConfig config() {
        return BenchDatabase.mariadb(workers);
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
