package io.sasync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.IndexSpec;
import io.sasync.TableSpec;
import io.sasync.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** What the dialect modules' tests share: a sample table, discovery, and two-connection helpers. */
public final class DialectTesting {

    private DialectTesting() {
    }

    /**
     * @return a table of every column type, an identity key, a unique index, and names that need
     *         quoting (a reserved word, mixed case, spaces)
     */
    public static TableSpec sample() {
        return TableSpec.builder("people")
                .column(Column.identity("id"))
                .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
                .column(Column.of("value", ColumnType.DECIMAL).withSize(12).withScale(2))
                .column("Mixed Case", ColumnType.TEXT)
                .column("photo", ColumnType.BLOB)
                .column("born", ColumnType.DATE)
                .column("seen", ColumnType.TIMESTAMP)
                .column("ok", ColumnType.BOOLEAN)
                .column("n", ColumnType.INTEGER)
                .column("big", ColumnType.BIGINT)
                .column("d", ColumnType.DOUBLE)
                .index(IndexSpec.unique("people_name", "name"))
                .index(IndexSpec.of("people seen", "seen", "Mixed Case"))
                .build();
    }

    /**
     * Asserts that {@link ServiceLoader} finds exactly one dialect of a type, with a name.
     *
     * @param type the dialect's class
     * @param name its expected {@link Dialect#name()}
     */
    public static void assertFoundOnceByServiceLoader(Class<? extends Dialect> type, String name) {
        List<Dialect> found = ServiceLoader.load(Dialect.class, type.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .filter(type::isInstance)
                .toList();
        assertEquals(1, found.size());
        assertEquals(name, found.get(0).name());
    }

    /**
     * Asserts that a dialect refuses, as the default {@link Dialect#keyTextProblem} does, key
     * texts no database can be relied on to keep: U+0000 (NUL) and unpaired surrogates, each with
     * a reason naming what and where; and that it accepts ordinary texts, the empty text and
     * paired surrogates (characters outside the Basic Multilingual Plane).
     *
     * @param dialect the dialect
     */
    public static void assertRefusesUnportableKeyText(Dialect dialect) {
        assertRefused(dialect, "bad" + '\u0000' + "key", "U+0000", "index 3");
        assertRefused(dialect, "a" + '\uD800', "unpaired surrogate U+D800", "index 1");
        assertRefused(dialect, "a" + '\uDC00' + "b", "unpaired surrogate U+DC00", "index 1");
        assertRefused(dialect, "" + '\uDE00' + '\uD83D', "unpaired surrogate U+DE00", "index 0");
        assertRefused(dialect, "ok" + '\uD83D' + '\uDE00' + '\uD83D', "unpaired surrogate U+D83D", "index 4");
        for (String fine : List.of("", "ada", "naïve ☃ 日本語", "a" + '\uD83D' + '\uDE00', "tab\t", "line\nbreak",
                " leading", "it's", "a?", "NULL")) {
            assertEquals(Optional.empty(), dialect.keyTextProblem(fine), "the text [" + fine + "]");
        }
    }

    /**
     * Asserts that a dialect refuses a key text with a reason containing each of some phrases.
     *
     * @param dialect the dialect
     * @param text    a key text
     * @param phrases what the reason must say
     */
    public static void assertRefused(Dialect dialect, String text, String... phrases) {
        Optional<String> problem = dialect.keyTextProblem(text);
        assertTrue(problem.isPresent(), "the text of " + text.length() + " chars is refused");
        for (String phrase : phrases) {
            assertTrue(problem.get().contains(phrase), "[" + problem.get() + "] says " + phrase);
        }
    }

    /**
     * @param c   a connection
     * @param sql a statement
     * @return its update count
     * @throws SQLException when it fails
     */
    public static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    /**
     * Runs both at once, on two threads, waiting up to a minute for each.
     *
     * @param a one task
     * @param b the other
     * @return the SQL exceptions they ended with
     * @throws Exception when one failed otherwise, or did not end in time
     */
    public static List<SQLException> both(Callable<?> a, Callable<?> b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = List.of(pool.submit(a), pool.submit(b));
            List<SQLException> failures = new ArrayList<>();
            for (Future<?> f : futures) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SQLException sql) {
                        failures.add(sql);
                    } else {
                        throw e;
                    }
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }
}
