package io.sasync.examples.dialect;

import static io.sasync.testkit.DialectTesting.assertFoundOnceByServiceLoader;
import static io.sasync.testkit.DialectTesting.assertRefusesUnportableKeyText;
import static io.sasync.testkit.DialectTesting.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.spi.Upsert;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dialect's identity, discovery and generated SQL, without a database. */
class StandardMergeDialectTest {

    private final StandardMergeDialect dialect = new StandardMergeDialect();

    @Test
    void servesOnlyItsOwnDatabases() {
        assertEquals("standard-merge", dialect.name());
        assertTrue(dialect.supportsUrl("jdbc:h2:mem:standard-app"));
        assertTrue(dialect.supportsUrl("jdbc:p6spy:h2:mem:standard-app"));
        assertFalse(dialect.supportsUrl("jdbc:h2:mem:app"));
        assertEquals(10, dialect.priority(), "wins over the built-in H2 dialect for its databases");
    }

    @Test
    void foundByServiceLoader() {
        assertFoundOnceByServiceLoader(StandardMergeDialect.class, "standard-merge");
    }

    @Test
    void upsertIsAStandardMerge() {
        Upsert upsert = dialect.upsert(sample(), List.of("name"), List.of("value"));
        assertEquals("MERGE INTO people t USING (VALUES (CAST(? AS VARCHAR(40)), CAST(? AS DECIMAL(12,2))))"
                + " s(name, \"value\") ON t.name = s.name WHEN MATCHED THEN UPDATE SET \"value\" = s.\"value\""
                + " WHEN NOT MATCHED THEN INSERT (name, \"value\") VALUES (s.name, s.\"value\")", upsert.sql());
        assertEquals(List.of(0, 1), upsert.parameters());
    }

    @Test
    void keyTextRefusesWhatIsNotPortable() {
        assertRefusesUnportableKeyText(dialect);
    }
}
