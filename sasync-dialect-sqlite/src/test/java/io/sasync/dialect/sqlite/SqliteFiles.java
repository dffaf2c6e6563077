package io.sasync.dialect.sqlite;

import io.sasync.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** SQLite in a new database file under {@code target/} for each test, deleted with its companions afterwards. */
interface SqliteFiles extends Sqlite {

    /** The companions SQLite keeps beside a database file: its write-ahead log, its index, its journal. */
    List<String> COMPANIONS = List.of("", "-wal", "-shm", "-journal");

    @Override
    default DatabaseConfig.Builder newDatabase() throws IOException {
        Files.createDirectories(DIRECTORY);
        return DatabaseConfig.builder("jdbc:sqlite:" + DIRECTORY.resolve(UUID.randomUUID() + ".db"));
    }

    /** Deletes the database file and its companions: it closed with its last connection. */
    @Override
    default void releaseDatabase(DatabaseConfig config) throws IOException {
        String file = config.url().substring("jdbc:sqlite:".length());
        for (String suffix : COMPANIONS) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }
}
