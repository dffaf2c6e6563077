package io.sasync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.BrokerShutdownException;
import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.Row;
import io.sasync.TableSpec;
import io.sasync.core.AccessBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Bad and hostile input on every database: names full of SQL metacharacters, quotes and unicode
 * are either refused before any SQL runs (by {@code TableSpec}, or by {@code Broker.table} where
 * the dialect's {@code identifierProblem} names a limit of its database) or quoted so that they
 * are only ever names; refused
 * calls say what and why and leave stored data as it was; no password reaches a message or a
 * log. A test class extends it and implements {@link #newDatabase()}. Uses
 * {@link Capability#FOUR_BYTE_IDENTIFIERS} where the database has it.
 */
public abstract class BadInputContract extends ContractSupport {

    /** Characters of names: SQL metacharacters, and letters of one to three bytes in UTF-8. */
    private static final String ALPHABET = "abcXYZ_019 '\";--/*)(%?\\.,éß世界";
    /** Characters outside the Basic Multilingual Plane, four bytes in UTF-8. */
    private static final String FOUR_BYTE_LETTERS = "🚀😀";

    /** For subclasses. */
    protected BadInputContract() {
    }

    private static String randomName(Random random) {
        return randomName(random, ALPHABET);
    }

    private static String randomName(Random random, String alphabet) {
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(12);
        while (name.length() < length) {
            name.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                    random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return name.toString();
    }

    @Test
    public void hostileNamesAreOnlyEverNames() throws Exception {
        hostileNames(ALPHABET, "");
    }

    @Test
    public void hostileNamesOutsideTheBasicMultilingualPlaneAreOnlyEverNames() throws Exception {
        requires(Capability.FOUR_BYTE_IDENTIFIERS);
        hostileNames(ALPHABET + FOUR_BYTE_LETTERS, FOUR_BYTE_LETTERS.substring(0, 2));
    }

    /**
     * Makes tables and columns of random names and writes, reads and finds them.
     *
     * @param alphabet the characters of the names
     * @param in       text every name contains
     */
    private void hostileNames(String alphabet, String in) throws Exception {
        String sentinel = table("sentinel");
        await(broker().update("CREATE TABLE " + sentinel + " (x INTEGER)"));
        await(broker().update("INSERT INTO " + sentinel + " VALUES (1)"));
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 12; i++) {
            String table = track(table("h") + randomName(random, alphabet) + in);
            String column = in + randomName(random, alphabet);
            String where = "seed " + seed + ", table [" + table + "], column [" + column + "]";
            if (table.getBytes(StandardCharsets.UTF_8).length > 63 || column.isBlank()) {
                assertThrows(IllegalArgumentException.class, () -> TableSpec.builder(table)
                        .column(Column.of(column, ColumnType.VARCHAR)).build(), where);
                continue;
            }
            TableSpec spec = TableSpec.builder(table)
                    .column(Column.of("id", ColumnType.INTEGER).asPrimaryKey())
                    .column(Column.of(column.equalsIgnoreCase("id") ? column + "2" : column, ColumnType.VARCHAR))
                    .build();
            String valueColumn = spec.columns().get(1).name();
            if (dialect().identifierProblem(table).or(() -> dialect().identifierProblem(valueColumn)).isPresent()) {
                Throwable refused = failure(broker().table(spec));
                assertInstanceOf(IllegalArgumentException.class, refused, where);
                boolean created = await(broker().transact(s -> dialect().tableExists(s.connection(), table)));
                assertFalse(created, where);
                continue;
            }
            await(broker().table(spec));
            String value = randomName(random) + "'); DROP TABLE " + sentinel + "; --";
            await(broker().update("INSERT INTO " + dialect().quote(table) + " (id, " + dialect().quote(valueColumn)
                    + ") VALUES (?, ?)", 1, value));
            Row row = await(broker().sql("SELECT * FROM " + dialect().quote(table))).get(0);
            assertEquals(value, row.get(valueColumn), where);
            boolean exists = await(broker().transact(s -> dialect().tableExists(s.connection(), table)));
            assertTrue(exists, where);
        }
        assertEquals(1, await(broker().sql("SELECT x FROM " + sentinel)).size(), "seed " + seed);
    }

    @Test
    public void hostileStoreIdsAndKeysRoundTripVerbatim() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        java.util.Map<String, String> written = new java.util.HashMap<>();
        String id = randomName(random) + "'; DROP TABLE sasync_items; --" + randomName(random);
        io.sasync.store.Items<String, Object> items = io.sasync.persistence.Stores.items(broker(), id);
        for (int i = 0; i < 20; i++) {
            String key = randomName(random) + i;
            String value = randomName(random);
            await(items.update(key, value));
            written.put(key, value);
        }
        assertEquals(written, await(items.loadAll()), "seed " + seed);
        io.sasync.store.Items<String, Object> neighbour = io.sasync.persistence.Stores.items(broker(), id + " ");
        assertEquals(java.util.Map.of(), await(neighbour.loadAll()), "a store id differing by one space sees nothing");
        await(broker().transact(s -> {
            for (String table : List.of("sasync_items")) {
                if (dialect().tableExists(s.connection(), table)) {
                    s.update("DROP TABLE " + dialect().quote(table));
                }
            }
            return null;
        }));
    }

    @Test
    public void refusedCallsSayWhatAndWhyAndLoseNothing() throws Exception {
        String table = table("kept");
        await(broker().update("CREATE TABLE " + table + " (x INTEGER)"));
        await(broker().update("INSERT INTO " + table + " VALUES (1)"));
        AccessBroker keeper = newBroker(); // keeps an in-memory database alive past the first broker's shutdown
        await(keeper.whenRunning());

        IllegalArgumentException niceness = assertThrows(IllegalArgumentException.class,
                () -> broker().transact(Priority.of(42), s -> 1));
        assertTrue(niceness.getMessage().contains("42"), niceness.getMessage());
        assertThrows(NullPointerException.class, () -> broker().transact(null));
        assertThrows(NullPointerException.class, () -> broker().sql(null));
        IllegalArgumentException longName = assertThrows(IllegalArgumentException.class,
                () -> TableSpec.builder("n".repeat(64)));
        assertTrue(longName.getMessage().contains("64 bytes"), longName.getMessage());

        await(broker().shutdown());
        BrokerShutdownException late = assertInstanceOf(BrokerShutdownException.class,
                failure(broker().update("DELETE FROM " + table)));
        assertTrue(late.getMessage().contains("shut down"), late.getMessage());

        assertEquals(1, await(keeper.sql("SELECT x FROM " + table)).size(), "the refused calls changed nothing");
    }

    /**
     * A broker that fails to start logs it; neither the log nor anything else shows the password.
     * The log is read where SLF4J providers write it by default, the console: with slf4j-simple the
     * warning must be there; with a provider that writes it elsewhere, or none, the check is
     * skipped.
     */
    @Test
    public void noPasswordInTheLogs() throws Exception {
        String secret = "s3cr3t-" + Long.toHexString(new Random().nextLong());
        await(broker().whenRunning()); // the database exists, as a server's does, before the wrong password meets it
        DatabaseConfig config = config().toBuilder().password(secret).driverProperty("password", secret).build();
        java.io.PrintStream originalErr = System.err;
        java.io.PrintStream originalOut = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream capture = new java.io.PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        try {
            AccessBroker failing = new AccessBroker(config) {
                @Override
                protected void first(io.sasync.Session session) {
                    throw new IllegalStateException("start-up fails, and the broker logs it");
                }
            };
            failure(failing.whenRunning());
            failing.shutdown().handle((v, e) -> null).get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        if (!logs.contains("failed to start")) {
            String provider = org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName();
            assertFalse(provider.startsWith("org.slf4j.simple."), "slf4j-simple writes warnings to the console,"
                    + " yet the broker's warning that it failed to start is not there: " + logs);
            Assumptions.abort("the broker's warning that it failed to start was not seen on the console, where "
                    + provider + " does not write it; the check needs an SLF4J provider writing warnings there"
                    + " (slf4j-simple, say)");
        }
        assertFalse(logs.contains(secret), logs);
    }

    @Test
    public void noPasswordInMessagesOrStrings() throws Exception {
        String secret = "s3cr3t-" + Long.toHexString(new Random().nextLong());
        await(broker().whenRunning()); // the database exists, as a server's does, before the wrong password meets it
        DatabaseConfig config = config().toBuilder().password(secret)
                .driverProperty("password", secret).build();
        assertFalse(config.toString().contains(secret), config.toString());
        AccessBroker withSecret = new AccessBroker(config);
        try {
            assertFalse(withSecret.toString().contains(secret));
            Throwable failure = failure(withSecret.sql("SELECT * FROM no_such_table_anywhere"));
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(secret), t.toString());
            }
        } finally {
            withSecret.shutdown().handle((v, e) -> null).get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
