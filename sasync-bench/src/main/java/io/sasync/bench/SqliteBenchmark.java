package io.sasync.bench;

import io.sasync.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
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
 * The pipelined tiny transaction on an SQLite database file in the temporary directory, through
 * the broker in single-connection mode (one worker, as the SQLite dialect asks) vs a raw JDBC
 * loop on the same pool, with the dialect's settings: write-ahead logging, and SQLite's durable
 * {@code synchronous=FULL} commit.
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SqliteBenchmark {

    private Path file;
    private Fixture fixture;

    /**
     * Starts a broker on a new database file.
     *
     * @throws IOException when the file cannot be made
     */
    @Setup(Level.Trial)
    public void open() throws IOException {
        file = Files.createTempFile("sasync-bench-", ".db");
        fixture = Fixture.open(DatabaseConfig.of("jdbc:sqlite:" + file));
    }

    /**
     * Drops the table, shuts the broker down, and deletes the file and its companions.
     *
     * @throws SQLException when the table cannot be dropped
     * @throws IOException  when a file cannot be deleted
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException, IOException {
        try {
            fixture.close();
        } finally {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
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
}
