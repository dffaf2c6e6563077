package io.sasync.bench;

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
 * The tiny transaction on a database server over loopback, where a transaction mostly waits for
 * the network: the broker's 4 workers against raw JDBC and the floor on as many threads.
 */
public abstract class NetworkedBenchmark extends TinyTransactionBenchmark {

    /** Worker threads of the queue, pooled connections, and JdbiExecutor threads. */
    @Param("4")
    public int workers;

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

    /**
     * Upserts in a transaction each, one after the other on each of 4 threads with a connection
     * of its own (JMH adds the threads' scores).
     *
     * @throws SQLException when the database fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    @Threads(4)
    public void pipelinedFloor4Threads() throws SQLException {
        fixture.floorLoop(false);
    }
}
