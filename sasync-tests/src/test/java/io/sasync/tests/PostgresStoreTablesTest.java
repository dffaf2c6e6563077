package io.sasync.tests;

import io.sasync.DatabaseConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The store-tables contract on POSTGRES. Every schema the test uses is one of its own
 * ({@link PostgresSchema}), the connections' current schema included, so the default store
 * tables it creates are not those of another suite sharing the server; all are dropped after
 * the test.
 */
class PostgresStoreTablesTest extends StoreTablesContract {

    private final List<PostgresSchema> schemas = new ArrayList<>();

    @Override
    DatabaseConfig newDatabase() throws Exception {
        TestDatabase.POSTGRES.assumeAvailable();
        PostgresSchema current = new PostgresSchema();
        schemas.add(current);
        return current.config(TestDatabase.postgresUrl()).build();
    }

    @Override
    String newSchema(String stem) throws Exception {
        PostgresSchema schema = new PostgresSchema();
        schemas.add(schema);
        return schema.name();
    }

    @Override
    void release() throws Exception {
        for (PostgresSchema schema : schemas) {
            schema.close();
        }
        schemas.clear();
    }
}
