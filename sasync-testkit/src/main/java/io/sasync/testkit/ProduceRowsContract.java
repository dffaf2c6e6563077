package io.sasync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.Row;
import io.sasync.TableSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link io.sasync.Broker#produceRows} on every database: values in any order, rows and keys in
 * input order, nothing written when a value fails. A test class extends it and implements
 * {@link #newDatabase()}.
 */
public abstract class ProduceRowsContract extends ContractSupport {

    /** For subclasses. */
    protected ProduceRowsContract() {
    }

    private static List<String> names(List<Row> rows) {
        return rows.stream().map(r -> r.get("name", String.class)).toList();
    }

    /** @return a new, empty roster table: an identity key, a name and a team */
    private String roster() throws Exception {
        String table = table("roster");
        await(broker().table(TableSpec.builder(table)
                .column(Column.identity("id"))
                .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
                .column(Column.of("team", ColumnType.VARCHAR).withSize(40))
                .build()));
        return table;
    }

    @Test
    public void produceRowsWritesRowsAndReturnsKeysInInputOrderWhateverOrderFCompletesIn() throws Exception {
        String roster = roster();
        List<String> names = List.of("Ann", "Bob", "Cid", "Dee", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kay", "Lee");
        List<CompletableFuture<String>> pending = new ArrayList<>();
        CompletableFuture<List<Object>> keys = broker().produceRows(names, name -> {
            CompletableFuture<String> value = new CompletableFuture<>();
            pending.add(value);
            return value.thenApply(v -> name.toUpperCase());
        }, roster, "name", Map.of("team", "blue"), "id");

        assertEquals(12, pending.size(), "f is called for every input at once");
        List<Integer> order = new ArrayList<>(IntStream.range(0, 12).boxed().toList());
        Collections.shuffle(order, new Random(42));
        for (int i : order) {
            assertFalse(keys.isDone());
            pending.get(i).complete("ready"); // completes in shuffled order
        }

        List<Object> generated = await(keys);
        List<Row> rows = await(broker().sql("SELECT id, name, team FROM " + roster + " ORDER BY id"));
        assertEquals(names.stream().map(String::toUpperCase).toList(), names(rows));
        assertEquals(rows.stream().map(r -> r.get("id", Long.class)).toList(), generated);
        assertTrue(rows.stream().allMatch(r -> "blue".equals(r.get("team"))));
    }

    @Test
    public void aFailingFFailsTheWholeCallAndWritesNothing() throws Exception {
        String roster = roster();
        IllegalStateException boom = new IllegalStateException("no value for Cid");
        List<CompletableFuture<String>> pending = new ArrayList<>();
        CompletableFuture<List<Object>> keys = broker().produceRows(List.of("Ann", "Bob", "Cid", "Dee"), name -> {
            CompletableFuture<String> value = new CompletableFuture<>();
            pending.add(value);
            return value;
        }, roster, "name", Map.of(), "id");
        pending.get(0).complete("Ann");
        pending.get(1).complete("Bob");
        pending.get(2).completeExceptionally(boom);
        assertSame(boom, failure(keys), "the call fails at once, without waiting for Dee");
        pending.get(3).complete("Dee");

        RuntimeException thrown = new RuntimeException("f threw");
        assertSame(thrown, failure(broker().produceRows(List.of("x", "y"), name -> {
            if (name.equals("y")) {
                throw thrown;
            }
            return CompletableFuture.completedFuture(name);
        }, roster, "name", Map.of(), "id")));

        assertEquals(List.of(), await(broker().sql("SELECT * FROM " + roster)));
    }

    @Test
    public void produceRowsChecksItsArguments() throws Exception {
        String roster = roster();
        assertThrows(IllegalArgumentException.class, () -> broker().produceRows(List.of("a"),
                CompletableFuture::completedFuture, roster, "name", Map.of("NAME", "x"), "id"));
        assertEquals(List.of(), await(broker().produceRows(List.<String>of(),
                CompletableFuture::completedFuture, roster, "name", Map.of(), "id")));
    }
}
