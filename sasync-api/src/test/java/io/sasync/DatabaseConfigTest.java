package io.sasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void defaults() {
        DatabaseConfig c = DatabaseConfig.of("jdbc:h2:mem:x");
        assertEquals(8, c.maxConnections());
        assertTrue(c.workers().isEmpty());
        assertEquals(10_000, c.maxPending());
        assertEquals(256, c.agingWindow());
        assertEquals(Duration.ofSeconds(30), c.borrowTimeout());
        assertFalse(c.singleConnection());
        assertTrue(c.dialect().isEmpty());
    }

    @Test
    void neverPrintsAPassword() {
        DatabaseConfig c = DatabaseConfig.builder("jdbc:postgresql://app:urlsecret@db/app?user=app&password=querysecret&ssl=true")
                .user("app").password("fieldsecret")
                .driverProperty("password", "propsecret")
                .poolProperty("password", "poolsecret")
                .build();
        String text = c.toString();
        for (String secret : new String[] {"urlsecret", "querysecret", "fieldsecret", "propsecret", "poolsecret"}) {
            assertFalse(text.contains(secret), text);
        }
        assertTrue(text.contains("ssl=true") && text.contains("user=app"), text);
        assertEquals("jdbc:derby:db;bootPassword=***;create=true",
                DatabaseConfig.redact("jdbc:derby:db;bootPassword=s3cret;create=true"));
    }

    @Test
    void badSettingsFailAtOnceWithTheBound() {
        DatabaseConfig.Builder b = DatabaseConfig.builder("jdbc:h2:mem:x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.maxConnections(0)).getMessage().contains("at least 1"));
        assertThrows(IllegalArgumentException.class, () -> b.workers(0));
        assertThrows(IllegalArgumentException.class, () -> b.maxPending(-1));
        assertThrows(IllegalArgumentException.class, () -> b.agingWindow(0));
        assertThrows(IllegalArgumentException.class, () -> b.borrowTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> DatabaseConfig.of("postgresql://db"));
        assertThrows(NullPointerException.class, () -> DatabaseConfig.of(null));
    }

    @Test
    void equalConfigsAreEqual() {
        DatabaseConfig a = DatabaseConfig.builder("jdbc:h2:mem:x").maxConnections(3).driverProperty("k", "v").build();
        assertEquals(a, a.toBuilder().build());
        assertEquals(a.hashCode(), a.toBuilder().build().hashCode());
        assertNotEquals(a, a.toBuilder().maxConnections(4).build());
    }
}
