package io.sasync.dialect.h2;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.BadInputContract;
import io.sasync.testkit.BrokerContract;
import io.sasync.testkit.DialectContract;
import io.sasync.testkit.FaultContract;
import io.sasync.testkit.ItemsContract;
import io.sasync.testkit.MappedResultsContract;
import io.sasync.testkit.PersistentArrayContract;
import io.sasync.testkit.PersistentDictContract;
import io.sasync.testkit.ProduceRowsContract;
import io.sasync.testkit.StoreTablesContract;
import io.sasync.testkit.StreamContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** Every contract of {@code sasync-testkit} on H2 in files under {@code target/}, a new database per test. */
class H2FileContractsTest {

    /** A new database file per test, deleted after the test. */
    interface InFiles extends H2Hooks {
        Path DIRECTORY = Path.of("target", "databases", "h2").toAbsolutePath();

        @Override
        default DatabaseConfig.Builder newDatabase() {
            return DatabaseConfig.builder("jdbc:h2:file:" + DIRECTORY.resolve(UUID.randomUUID().toString()));
        }

        /** Deletes the database's files: it closed with its last connection. */
        @Override
        default void releaseDatabase(DatabaseConfig config) throws IOException {
            String base = config.url().substring("jdbc:h2:file:".length());
            for (String suffix : new String[] {".mv.db", ".trace.db"}) {
                Files.deleteIfExists(Path.of(base + suffix));
            }
        }
    }

    @Nested
    class Dialect extends DialectContract implements InFiles {
    }

    @Nested
    class Broker extends BrokerContract implements InFiles {
    }

    @Nested
    class Stream extends StreamContract implements InFiles {
    }

    @Nested
    class ProduceRows extends ProduceRowsContract implements InFiles {
    }

    @Nested
    class BadInput extends BadInputContract implements InFiles {
    }

    @Nested
    class Faults extends FaultContract implements InFiles {
    }

    @Nested
    class Items extends ItemsContract implements InFiles {
    }

    @Nested
    class Dict extends PersistentDictContract implements InFiles {
    }

    @Nested
    class Array extends PersistentArrayContract implements InFiles {
    }

    @Nested
    class MappedResults extends MappedResultsContract implements InFiles {
    }

    @Nested
    class StoreTables extends StoreTablesContract implements InFiles {
    }
}
