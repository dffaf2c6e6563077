package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Broker;
import io.sasync.DatabaseConfig;
import io.sasync.TableSpec;
import io.sasync.persistence.Codecs;
import io.sasync.persistence.KeyCodecs;
import io.sasync.persistence.Stores;
import io.sasync.spi.Dialect;
import io.sasync.spi.Upsert;
import io.sasync.store.Items;
import io.sasync.store.PersistentArray;
import io.sasync.store.PersistentDict;
import io.sasync.testkit.StoreContractSupport;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys given while the broker cannot say its dialect yet (a broker on the global queue before
 * one is set): the stores refuse at the call what no database keeps, and check the rest once the
 * dialect is known, before anything is written, so that a key the database would merge fails its
 * own call and nothing beside it. A broker that hides its dialect until its first table is made
 * shows this deterministically; its dialect refuses a trailing space, as Derby's does.
 */
class KeysBeforeTheDialectIsKnownTest extends StoreContractSupport {

    private LateDialectBroker late;

    @Override
    public DatabaseConfig.Builder newDatabase() {
        return DatabaseConfig.builder("jdbc:h2:mem:stores-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @BeforeEach
    void wrap() {
        late = new LateDialectBroker(broker());
    }

    @Test
    void aDictWritesWhatIsFineAndFailsOnlyTheWritesOfKeysTheDialectRefuses() {
        String id = uniqueId("late-dict");
        PersistentDict<String, Object> dict = Stores.dict(late, id);
        CompletableFuture<Void> before = dict.put("before", 1);
        assertRefusedAtTheCall(id, "U+0000", () -> dict.put(NUL_KEY, 1));
        CompletableFuture<Void> spaced = dict.put(SPACE_KEY, 2);
        CompletableFuture<Void> after = dict.put("after", 3);
        assertFalse(before.isDone() || spaced.isDone() || after.isDone(), "nothing is written before the table is made");

        late.makeTables();
        IllegalArgumentException refused = failure(spaced, IllegalArgumentException.class);
        assertTrue(refused.getMessage().contains(id) && refused.getMessage().contains("ends with a space"),
                refused.getMessage());
        await(before);
        await(after);
        failure(dict.flush(), IllegalArgumentException.class);
        await(dict.flush()); // reported once
        assertEquals(Map.of("before", 1, "after", 3), await(Stores.dict(broker(), id).copy()));
        assertRefusedAtTheCall(id, "ends with a space", () -> dict.put(SPACE_KEY, 4));
    }

    @Test
    void itemsAndArraysFailTheCallsOfKeysTheDialectRefuses() {
        String id = uniqueId("late-items");
        Items<String, Object> items = Stores.items(late, id);
        PersistentArray<Object> array = Stores.array(late, id, KeyCodecs.strings(), Codecs.standard());
        CompletableFuture<Void> fine = items.update("fine", 1);
        CompletableFuture<Void> spaced = items.update(SPACE_KEY, 2);
        CompletableFuture<Optional<Object>> load = items.load(SPACE_KEY);
        CompletableFuture<Void> cell = array.set("x", "y", null, 3);
        CompletableFuture<Void> spacedCell = array.set("x", SPACE_KEY, null, 4);
        assertRefusedAtTheCall(id, "unpaired surrogate", () -> items.update(SURROGATE_KEY, 5));

        late.makeTables();
        for (CompletableFuture<?> refused : List.of(spaced, load, spacedCell)) {
            IllegalArgumentException e = failure(refused, IllegalArgumentException.class);
            assertTrue(e.getMessage().contains(id) && e.getMessage().contains("ends with a space"), e.getMessage());
        }
        await(fine);
        await(cell);
        assertEquals(Map.of("fine", 1), await(Stores.items(broker(), id).loadAll()));
        assertEquals(3, await(array.get("x", "y", null)));
    }

    /** Refuses, besides what every database refuses, a trailing space. */
    private static final class PaddingDialect implements Dialect {
        @Override
        public String name() {
            return "padding";
        }

        @Override
        public boolean supportsUrl(String jdbcUrl) {
            return false;
        }

        @Override
        public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
            throw new UnsupportedOperationException("only its key text rules are used");
        }

        @Override
        public boolean isObjectExists(SQLException e) {
            return false;
        }

        @Override
        public Optional<String> keyTextProblem(String text) {
            return Dialect.super.keyTextProblem(text)
                    .or(() -> text.endsWith(" ") ? Optional.of("ends with a space") : Optional.empty());
        }
    }

    /**
     * Delegates to a real broker, but cannot say its dialect, and holds table creation, until
     * {@link #makeTables()}.
     */
    private static final class LateDialectBroker extends ForwardingBroker {
        private final CompletableFuture<Void> tables;
        private final Dialect dialect = new PaddingDialect();

        LateDialectBroker(Broker inner) {
            this(inner, new CompletableFuture<>());
        }

        private LateDialectBroker(Broker inner, CompletableFuture<Void> tables) {
            super(inner);
            this.tables = tables;
        }

        void makeTables() {
            tables.complete(null);
        }

        @Override
        public Dialect dialect() {
            if (!tables.isDone()) {
                throw new IllegalStateException("no global queue is set yet");
            }
            return dialect;
        }

        @Override
        public CompletableFuture<Void> table(TableSpec spec) {
            return tables.thenCompose(v -> inner.table(spec));
        }

        @Override
        Broker over(Broker registered) {
            return new LateDialectBroker(registered, tables);
        }
    }
}
