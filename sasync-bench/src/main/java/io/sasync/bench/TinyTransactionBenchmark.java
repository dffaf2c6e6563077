package io.sasync.bench;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The tiny transaction on a database with several connections, beside the pipelined benchmarks
 * every database shares: one outstanding (library as configured and with the defaults, raw JDBC,
 * raw JDBC behind an executor hop, the floor in a transaction and in auto-commit, the floor
 * behind the hop) and pipelined (library with the defaults, the floor in auto-commit,
 * {@code JdbiExecutor}).
 */
public abstract class TinyTransactionBenchmark extends PipelinedBenchmark {

    /** @return rows upserted: one transaction through the broker, waited for */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneSasync() {
        return fixture.sasyncOne();
    }

    /** @return rows upserted: one transaction through a broker with the default settings, waited for */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneSasyncDefaults() {
        return fixture.sasyncDefaultsOne();
    }

    /**
     * @return rows upserted: one raw JDBC transaction on the benchmark thread, borrowing from the pool
     * @throws SQLException when the database fails
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneRaw() throws SQLException {
        return fixture.rawOne();
    }

    /** @return rows upserted: the raw transaction handed to one executor thread, waited for */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneHop() {
        return fixture.hopOne();
    }

    /**
     * @return rows upserted: one transaction on the benchmark thread's own connection
     * @throws SQLException when the database fails
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneFloor() throws SQLException {
        return fixture.floorOne(false);
    }

    /**
     * @return rows upserted: one upsert in auto-commit on the benchmark thread's own connection
     * @throws SQLException when the database fails
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneFloorAutoCommit() throws SQLException {
        return fixture.floorOne(true);
    }

    /** @return rows upserted: {@link #oneFloor()} handed to one executor thread, waited for */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneFloorHop() {
        return fixture.floorHopOne();
    }

    /** A window of transactions through a broker with the default settings. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedSasyncDefaults() {
        fixture.sasyncDefaultsWindow();
    }

    /**
     * As many upserts in auto-commit one after the other on the benchmark thread's own connection.
     *
     * @throws SQLException when the database fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedFloorAutoCommit() throws SQLException {
        fixture.floorLoop(true);
    }

    /** A window of transactions through Jdbi's JdbiExecutor, on the same pool with as many threads. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedJdbi() {
        fixture.jdbiWindow();
    }
}
