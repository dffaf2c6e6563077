package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.sasync.DatabaseConfig;
import io.sasync.core.AccessBroker;
import io.sasync.core.Dialects;
import io.sasync.dialect.h2.H2Dialect;
import io.sasync.examples.dialect.StandardMergeDialect;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A third-party dialect beside a built-in one for the same database, both found by
 * {@link java.util.ServiceLoader}: the sample {@link StandardMergeDialect} wins over
 * {@link H2Dialect} by its priority for the URLs it supports, loses where it does not support the
 * URL, and loses to a dialect named in the config.
 */
class DialectPriorityTest {

    @Test
    void theThirdPartyDialectWinsByPriorityAndLosesToAnExplicitChoice() throws Exception {
        Dialects dialects = Dialects.load();
        String url = "jdbc" + StandardMergeDialect.MARKER + "priority";
        assertInstanceOf(StandardMergeDialect.class, dialects.forUrl(url));
        assertInstanceOf(H2Dialect.class, dialects.forUrl("jdbc:h2:mem:other"));
        assertEquals("h2", dialects.forConfig(DatabaseConfig.builder(url).dialect("h2").build()).name());
        AccessBroker broker = new AccessBroker(DatabaseConfig.of(url));
        try {
            assertInstanceOf(StandardMergeDialect.class, broker.dialect(), "the broker uses the winner");
        } finally {
            broker.shutdown().get(60, TimeUnit.SECONDS);
        }
    }
}
