package io.sasync.bench;

import io.sasync.DatabaseConfig;
import java.io.IOException;
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
 * The pipelined tiny transaction on one database, what every database's benchmark measures:
 * through the broker, as a raw JDBC loop on the broker's pool, and at the floor (one connection
 * of its own, the statement prepared once, a transaction per upsert). Subclasses name the
 * database and add their own comparisons.
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class PipelinedBenchmark {

    /** The shared set-up: broker, pool, table and the ways of running the transaction. */
    Fixture fixture;

    /**
     * @return the database to run on
     * @throws IOException when the database's files cannot be made
     */
    abstract DatabaseConfig config() throws IOException;

    /**
     * Removes what {@link #config()} made on disk, once the broker is shut down.
     *
     * @throws IOException when a file cannot be deleted
     */
    void deleteFiles() throws IOException {
    }

    /**
     * Starts a broker on the database, with a table of its own.
     *
     * @throws IOException when the database's files cannot be made
     */
    @Setup(Level.Trial)
    public void open() throws IOException {
        fixture = Fixture.open(config());
    }

    /**
     * Drops the table, shuts the broker down and deletes the database's files.
     *
     * @throws SQLException when the table cannot be dropped
     * @throws IOException  when a file cannot be deleted
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException, IOException {
        try {
            fixture.close();
        } finally {
            deleteFiles();
        }
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
     * As many raw transactions one after the other on the benchmark thread, each borrowing from
     * the pool and preparing its statement.
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
     * As many upserts one after the other on the benchmark thread's own connection, each in a
     * transaction of its own.
     *
     * @throws SQLException when the database fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedFloor() throws SQLException {
        fixture.floorLoop(false);
    }
}
