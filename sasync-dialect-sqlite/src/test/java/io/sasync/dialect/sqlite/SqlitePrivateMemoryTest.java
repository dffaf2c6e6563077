package io.sasync.dialect.sqlite;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.TableSpec;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.persistence.Stores;
import io.sasync.store.PersistentDict;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * {@code jdbc:sqlite::memory:}, a database private to one connection, with the one connection the
 * dialect's documentation says it needs ({@code maxConnections(1)}): transactions, a table, a
 * stream and a dict all see the same database for as long as the broker's pool keeps it.
 */
class SqlitePrivateMemoryTest {

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(60, SECONDS);
    }

    @Test
    void oneConnectionIsOneDatabaseForEverythingTheBrokerDoes() throws Exception {
        DatabaseConfig config = DatabaseConfig.builder("jdbc:sqlite::memory:").maxConnections(1).build();
        try (AccessBroker broker = new AccessBroker(new DefaultQueueFactory(Dialects.load()), config)) {
            await(broker.table(TableSpec.builder("numbers").column(Column.of("n", ColumnType.INTEGER).asPrimaryKey())
                    .build()));
            for (int i = 1; i <= 300; i++) {
                await(broker.update("INSERT INTO numbers (n) VALUES (?)", i));
            }
            assertEquals(300, await(broker.stream("SELECT n FROM numbers ORDER BY n").toList()).size(),
                    "the stream reads the database the transactions wrote");
            assertEquals(Optional.of(300L), await(broker.sqlFirst(Long.class, "SELECT COUNT(*) FROM numbers")),
                    "and a transaction after the stream still does");

            PersistentDict<String, Object> dict = Stores.dict(broker, "settings");
            dict.put("theme", "dark");
            await(dict.flush());
            assertEquals(Optional.of(1L), await(broker.sqlFirst(Long.class,
                    "SELECT COUNT(*) FROM sasync_items WHERE group_id = ?", Stores.groupId("settings"))));
            assertEquals(Optional.of("dark"), await(Stores.items(broker, "settings").load("theme")));
        }
    }
}
