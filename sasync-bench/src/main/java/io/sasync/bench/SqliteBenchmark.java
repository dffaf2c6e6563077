package io.sasync.bench;

import io.sasync.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark 8: the pipelined tiny transaction on an SQLite database file in the temporary
 * directory, through the broker in single-connection mode (one worker, as the SQLite dialect
 * asks) vs raw JDBC on the same pool, with the dialect's settings: write-ahead logging, and
 * SQLite's durable {@code synchronous=FULL} commit.
 */
public class SqliteBenchmark extends PipelinedBenchmark {

    private Path file;

    @Override
    DatabaseConfig config() throws IOException {
        file = Files.createTempFile("sasync-bench-", ".db");
        return DatabaseConfig.of("jdbc:sqlite:" + file);
    }

    @Override
    void deleteFiles() throws IOException {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }
}
