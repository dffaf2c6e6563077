package io.sasync.tests;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sasync.DatabaseConfig;
import io.sasync.testkit.BrokerContract;
import io.sasync.testkit.DatabaseUnderTest;
import io.sasync.testkit.ItemsContract;
import io.sasync.testkit.MappedResultsContract;
import io.sasync.testkit.PersistentArrayContract;
import io.sasync.testkit.PersistentDictContract;
import io.sasync.testkit.ProduceRowsContract;
import io.sasync.testkit.StoreTablesContract;
import io.sasync.testkit.StreamContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/**
 * The broker, stream and store contracts on PostgreSQL through an application's own HikariCP pool
 * ({@code DatabaseConfig.builder(dataSource)}), a schema of the test's own per test: everything
 * the broker relied on DBCP2 for works on a pool it did not build.
 */
class PostgresHikariContractsTest {

    /** A HikariCP pool per test, whose connections work in a new schema; both gone after the test. */
    interface OnHikari extends DatabaseUnderTest {
        @Override
        default DatabaseConfig.Builder newDatabase() throws SQLException {
            TestPostgres.assumeAvailable();
            String schema = "sasync_hikari_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            execute("CREATE SCHEMA " + schema);
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(TestPostgres.url());
            pool.setUsername(TestPostgres.user());
            pool.setSchema(schema);
            pool.setMaximumPoolSize(DatabaseConfig.DEFAULT_MAX_CONNECTIONS);
            pool.setPoolName("application-pool-" + schema);
            return DatabaseConfig.builder(new HikariDataSource(pool));
        }

        @Override
        default void releaseDatabase(DatabaseConfig config) throws SQLException {
            HikariDataSource pool = (HikariDataSource) config.dataSource().orElseThrow();
            pool.close();
            execute("DROP SCHEMA IF EXISTS " + pool.getSchema() + " CASCADE");
        }

        @Override
        default OptionalInt connectionsInUse(DatabaseConfig config) {
            HikariDataSource pool = (HikariDataSource) config.dataSource().orElseThrow();
            return OptionalInt.of(pool.getHikariPoolMXBean().getActiveConnections());
        }

        @Override
        default Optional<String> dialectName() {
            return Optional.of("postgresql");
        }

        private static void execute(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(TestPostgres.url(), TestPostgres.user(), null);
                 Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }

    @Nested
    class Broker extends BrokerContract implements OnHikari {
    }

    @Nested
    class Stream extends StreamContract implements OnHikari {
    }

    @Nested
    class ProduceRows extends ProduceRowsContract implements OnHikari {
    }

    @Nested
    class MappedResults extends MappedResultsContract implements OnHikari {
    }

    @Nested
    class Items extends ItemsContract implements OnHikari {
    }

    @Nested
    class Dict extends PersistentDictContract implements OnHikari {
    }

    @Nested
    class Array extends PersistentArrayContract implements OnHikari {
    }

    @Nested
    class StoreTables extends StoreTablesContract implements OnHikari {
    }
}
