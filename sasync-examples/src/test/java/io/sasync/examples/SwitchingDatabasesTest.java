package io.sasync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The switching example gives the same answer on H2 and on an SQLite file: only the URL differs. */
class SwitchingDatabasesTest {

    private static final List<String> OLDEST_FIRST = List.of("Ada Lovelace", "Grace Hopper", "Alan Turing");

    @Test
    void theSameCodeRunsOnH2AndOnSqlite(@TempDir Path directory) {
        assertEquals(OLDEST_FIRST, SwitchingDatabases.oldestFirst("jdbc:h2:mem:switch-" + UUID.randomUUID()));
        String sqlite = "jdbc:sqlite:" + directory.resolve("people.db");
        assertEquals(OLDEST_FIRST, SwitchingDatabases.oldestFirst(sqlite));
        assertEquals(OLDEST_FIRST, SwitchingDatabases.oldestFirst(sqlite), "seeded once: the file keeps the rows");
    }
}
