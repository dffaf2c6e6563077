package io.sasync.core;

import io.sasync.DatabaseConfig;
import java.util.UUID;

/** Fresh in-memory H2 databases for the core's tests. */
final class H2 {

    private H2() {
    }

    /** @return a config for a new, empty in-memory database */
    static DatabaseConfig.Builder database() {
        return DatabaseConfig.builder("jdbc:h2:mem:core-" + UUID.randomUUID());
    }
}
