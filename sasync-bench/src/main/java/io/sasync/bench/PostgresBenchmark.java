package io.sasync.bench;

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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmarks 2 and 3 on PostgreSQL over loopback ({@code SASYNC_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code SASYNC_PG_USER}, default
 * {@code postgres}, no password): the tiny transaction one outstanding (library, raw JDBC,
 * executor hop) and pipelined with 4 workers (library, raw JDBC on one thread and on 4 threads,
 * {@code JdbiExecutor}).
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PostgresBenchmark {

    /** Worker threads of the queue, pooled connections, and JdbiExecutor threads. */
    @Param("4")
    public int workers;

    private Fixture fixture;

    /** Starts a broker on PostgreSQL, with a table of its own. */
    @Setup(Level.Trial)
    public void open() {
        fixture = Fixture.open(BenchDatabase.postgres(workers));
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

    /** A window of transactions through the broker's workers; the score counts transactions. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedSasync() {
        fixture.sasyncWindow();
    }

    /**
     * Raw transactions one after the other on one thread.
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

    /** A window of transactions through Jdbi's JdbiExecutor, on the same pool with as many threads. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedJdbi() {
        fixture.jdbiWindow();
    }
}
