package io.sasync.tests;

import io.sasync.DatabaseConfig;
import io.sasync.persistence.ItemsContract;
import io.sasync.persistence.PersistentArrayContract;
import io.sasync.persistence.PersistentDictContract;
import java.sql.SQLException;
import org.junit.jupiter.api.Nested;

/**
 * The store contracts of sasync-stores on POSTGRES. Each test works in a schema of its own,
 * dropped afterwards, so that the store tables it creates and drops are never those of another
 * suite sharing the server.
 */
class PostgresStoresTest {

    static PostgresSchema newSchema() {
        TestDatabase.POSTGRES.assumeAvailable();
        try {
            return new PostgresSchema();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a schema for the test", e);
        }
    }

    static DatabaseConfig config(PostgresSchema schema) {
        return schema.config(TestDatabase.postgresUrl()).build();
    }

    @Nested
    class Items extends ItemsContract {
        private PostgresSchema schema;

        @Override
        protected DatabaseConfig newDatabase() {
            schema = newSchema();
            return config(schema);
        }

        @Override
        protected void releaseDatabase() throws SQLException {
            if (schema != null) {
                schema.close();
            }
        }
    }

    @Nested
    class Dict extends PersistentDictContract {
        private PostgresSchema schema;

        @Override
        protected DatabaseConfig newDatabase() {
            schema = newSchema();
            return config(schema);
        }

        @Override
        protected void releaseDatabase() throws SQLException {
            if (schema != null) {
                schema.close();
            }
        }
    }

    @Nested
    class Array extends PersistentArrayContract {
        private PostgresSchema schema;

        @Override
        protected DatabaseConfig newDatabase() {
            schema = newSchema();
            return config(schema);
        }

        @Override
        protected void releaseDatabase() throws SQLException {
            if (schema != null) {
                schema.close();
            }
        }
    }
}
