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
 * Benchmarks 1 and 3 on H2 in memory: the tiny transaction one outstanding and pipelined, with
 * the empty executor hop alone, what a statement listener that does nothing costs, and the parts
 * of the pipelined gap to the floor: a second writer ({@link #pipelinedFloor2Threads()}), then
 * the queue and the futures, then the hand-off to the callback thread
 * ({@link #pipelinedSasyncOnWorker()}).
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

    /**
     * A window of transactions through a broker on the same queue that completes its futures on
     * the worker: against {@code pipelinedSasync}, what the hand-off to the callback thread costs.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedSasyncOnWorker() {
        fixture.sasyncOnWorkerWindow();
    }

    /**
     * Upserts in a transaction each, one after the other on each of 2 threads with a connection of
     * its own (JMH adds the threads' scores): against {@code pipelinedFloor}, what a second writer
     * does to H2's throughput, as the broker's 2 workers (the default {@code workers}) are. Always
     * 2 threads, whatever {@code -p workers} says.
     *
     * @throws SQLException when the database fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    @Threads(2)
    public void pipelinedFloor2Threads() throws SQLException {
        fixture.floorLoop(false);
    }
}
