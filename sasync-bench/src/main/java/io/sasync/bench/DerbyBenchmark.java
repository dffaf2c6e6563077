package io.sasync.bench;

import io.sasync.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Benchmark 7 on Derby embedded, in a temporary directory: the pipelined tiny transaction through
 * the broker (one worker, as the Derby dialect asks) vs raw JDBC. Derby commits durably (its log
 * is forced to disk at every commit), as it does for users.
 */
public class DerbyBenchmark extends PipelinedBenchmark {

    private Path directory;

    @Override
    DatabaseConfig config() throws IOException {
        directory = Files.createTempDirectory("sasync-bench-derby");
        System.setProperty("derby.stream.error.file", directory.resolve("derby.log").toString());
        return DatabaseConfig.builder("jdbc:derby:" + directory.resolve("db") + ";create=true").build();
    }

    @Override
    void deleteFiles() throws IOException {
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
