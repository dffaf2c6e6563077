package io.sasync.tests;

import io.sasync.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/** The store-tables contract on H2 in memory, a new database per test. */
class H2MemStoreTablesTest extends StoreTablesContract {

    private DatabaseConfig config;

    @Override
    DatabaseConfig newDatabase() {
        // DB_CLOSE_DELAY=-1: the schemas made through a plain connection stay while no broker is open.
        config = DatabaseConfig.of("jdbc:h2:mem:store-tables-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return config;
    }

    @Override
    String newSchema(String stem) throws Exception {
        String name = "s_" + stem;
        try (Connection c = DriverManager.getConnection(config.url()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        }
        return name;
    }

    @Override
    void release() throws Exception {
        try (Connection c = DriverManager.getConnection(config.url()); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
