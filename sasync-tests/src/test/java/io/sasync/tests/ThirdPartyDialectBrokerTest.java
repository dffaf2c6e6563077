package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.sasync.DatabaseConfig;
import io.sasync.core.Dialects;
import io.sasync.dialect.h2.H2Dialect;
import org.junit.jupiter.api.Test;

/**
 * The whole broker contract through a dialect written only against the SPI, registered in this
 * module's {@code META-INF/services}: the SPI is enough for a third party.
 */
class ThirdPartyDialectBrokerTest extends BrokerContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_THIRD_PARTY_DIALECT;
    }

    @Test
    void itWinsOverTheBuiltInDialectByPriorityAndLosesToAnExplicitChoice() {
        Dialects dialects = Dialects.load();
        String url = db.config().url();
        assertInstanceOf(StandardMergeDialect.class, dialects.forUrl(url));
        assertInstanceOf(StandardMergeDialect.class, dialect);
        assertInstanceOf(H2Dialect.class, dialects.forUrl("jdbc:h2:mem:other"));
        assertEquals("h2", dialects.forConfig(DatabaseConfig.builder(url).dialect("h2").build()).name());
    }
}
