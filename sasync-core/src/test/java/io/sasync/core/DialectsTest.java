package io.sasync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.NoDialectException;
import io.sasync.TableSpec;
import io.sasync.spi.Dialect;
import io.sasync.spi.Upsert;
import java.sql.SQLException;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class DialectsTest {

    private record Named(String name, String marker, int priority) implements Dialect {
        @Override
        public boolean supportsUrl(String jdbcUrl) {
            return jdbcUrl.contains(marker);
        }

        @Override
        public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isObjectExists(SQLException e) {
            return false;
        }
    }

    private final Named plain = new Named("plain", ":db:", 0);
    private final Named special = new Named("special", ":db:special", 1);
    private final Dialects dialects = Dialects.of(List.of(plain, special));

    @Test
    void theHighestPriorityAmongThoseSupportingTheUrlWins() {
        assertSame(plain, dialects.forUrl("jdbc:db://host/x"));
        assertSame(special, dialects.forUrl("jdbc:db:special://host/x"));
        assertSame(plain, dialects.forUrl("jdbc:proxy:db://host/x"), "matching is tolerant of proxy prefixes");
    }

    @Test
    void anExplicitNameWinsOverDiscovery() {
        DatabaseConfig config = DatabaseConfig.builder("jdbc:db:special://host/x").dialect("plain").build();
        assertSame(plain, dialects.forConfig(config));
        NoDialectException e = assertThrows(NoDialectException.class,
                () -> dialects.forConfig(config.toBuilder().dialect("nosuch").build()));
        assertTrue(e.getMessage().contains("nosuch") && e.getMessage().contains("plain"), e.getMessage());
    }

    @Test
    void noMatchNamesTheUrlWithoutPasswordAndListsWhatIsAvailable() {
        NoDialectException e = assertThrows(NoDialectException.class,
                () -> dialects.forConfig(DatabaseConfig.of("jdbc:other://h/x?password=hunter2")));
        assertTrue(e.getMessage().contains("jdbc:other://h/x"), e.getMessage());
        assertTrue(e.getMessage().contains("plain") && e.getMessage().contains("special"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void serviceLoaderFindsTheInstalledPlugins() {
        Dialects loaded = Dialects.load(getClass().getClassLoader());
        assertEquals("h2", loaded.forUrl("jdbc:h2:mem:x").name());
        assertEquals("h2", loaded.forUrl("jdbc:p6spy:h2:mem:x").name());
    }

    @Test
    void theDialectOfAnApplicationsPoolIsFoundFromTheUrlItWasGiven() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:dialect-of-a-pool");
        assertEquals("h2", Dialects.load().forConfig(DatabaseConfig.builder(h2).build()).name());
    }
}
