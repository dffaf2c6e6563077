package io.sasync.bench;

import io.sasync.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Benchmark 7 on Derby embedded, in a temporary directory: the pipelined tiny transaction through
 * the broker (one worker, as the Derby dialect asks) vs a raw JDBC loop. Derby commits durably
 * (its log is forced to disk at every commit), as it does for users.
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DerbyBenchmark {

    private Path directory;
    private Fixture fixture;

    /**
     * Starts a broker on a new Derby database.
     *
     * @throws IOException when the temporary directory cannot be made
     */
    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("sasync-bench-derby");
        System.setProperty("derby.stream.error.file", directory.resolve("derby.log").toString());
        fixture = Fixture.open(DatabaseConfig.builder("jdbc:derby:" + directory.resolve("db") + ";create=true").build());
    }

    /**
     * Drops the table, shuts the broker and Derby down, and deletes the database.
     *
     * @throws SQLException when the table cannot be dropped
     * @throws IOException  when the directory cannot be deleted
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException, IOException {
        try {
            fixture.close();
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
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
