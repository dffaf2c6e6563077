package io.sasync.bench;

import io.sasync.DatabaseConfig;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tiny transaction on one database, the benchmarks every database shares: one outstanding
 * (library, raw JDBC, raw JDBC behind an executor hop) and pipelined (library, raw JDBC loop,
 * {@code JdbiExecutor}). Subclasses name the database and add their own baselines.
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class TinyTransactionBenchmark {

    /** The shared set-up: broker, pool, table and the ways of running the transaction. */
    Fixture fixture;

    /** @return the database to run on */
    abstract DatabaseConfig config();

    /** Starts a broker on the database, with a table of its own. */
    @Setup(Level.Trial)
    public void open() {
        fixture = Fixture.open(config());
    }

    /**
     * Drops the table and shuts the broker down.
     *
     * @throws SQLException when the table cannot be dropped
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        fixture.close();
    }

    /** @return rows upserted: one transaction through the broker, waited for */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneSasync() {
        return fixture.sasyncOne();
    }

    /**
     * @return rows upserted: one raw JDBC transaction on the benchmark thread
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

    /** A window of transactions through the broker; the score counts transactions. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedSasync() {
        fixture.sasyncWindow();
    }

    /**
     * As many raw transactions one after the other on the benchmark thread.
     *
     * @throws SQLException when the database fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedRaw() throws SQLException {
        fixture.rawLoop();
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
