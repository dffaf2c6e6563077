package io.sasync.tests;

import io.sasync.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** The store-tables contract on Derby embedded, a new database under {@code target/} per test. */
class DerbyStoreTablesTest extends StoreTablesContract {

    private DatabaseConfig config;

    @Override
    DatabaseConfig newDatabase() {
        config = TestDatabase.DERBY.newDatabase().build();
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
}
