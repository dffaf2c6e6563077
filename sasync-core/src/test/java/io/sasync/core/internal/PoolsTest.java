package io.sasync.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.DatabaseException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import javax.management.ObjectName;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;

class PoolsTest {

    @Test
    void poolPropertiesReachDbcp2AndWinOverTheDerivedSettings() throws Exception {
        DatabaseConfig config = DatabaseConfig.builder("jdbc:stub:x").maxConnections(4)
                .poolProperty("maxIdle", "2")
                .poolProperty("defaultTransactionIsolation", "SERIALIZABLE")
                .build();
        try (BasicDataSource ds = Pools.configure(config, new StubDialect(false))) {
            assertEquals(4, ds.getMaxTotal());
            assertEquals(2, ds.getMaxIdle());
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, ds.getDefaultTransactionIsolation());
            assertNull(ds.getJmxName());
        }
    }

    @Test
    void aPoolThatCannotBeConfiguredIsReportedWithoutItsCredentials() {
        DatabaseConfig config = DatabaseConfig.builder("jdbc:stub://app:secret-url@db/app;password=secret-param")
                .user("app").password("secret-field")
                .driverProperty("PWD", "secret-pwd")
                .driverProperty("sslkey", "secret-sslkey")
                .poolProperty("connectionProperties", "password=secret-cp")
                .poolProperty("maxTotal", "many")
                .build();
        DatabaseException e = assertThrows(DatabaseException.class, () -> Pools.configure(config, new StubDialect(false)));
        assertTrue(e.getMessage().contains("cannot configure the connection pool"), e.getMessage());
        assertTrue(e.getMessage().contains("@db/app"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("secret"), t.toString());
        }
    }

    @Test
    void dbcp2sOwnMBeanIsThereWhenAsked() throws Exception {
        ObjectName name = new ObjectName("org.apache.commons.dbcp2:type=BasicDataSource,name=sasync-test-" + System.nanoTime());
        DatabaseConfig config = DatabaseConfig.builder("jdbc:h2:mem:jmx-" + System.nanoTime())
                .poolProperty("jmxName", name.toString()).build();
        ConnectionPool pool = Pools.create(config, new StubDialect(false));
        try (Connection c = pool.dataSource().getConnection()) {
            assertTrue(c.isValid(5) && ManagementFactory.getPlatformMBeanServer().isRegistered(name),
                    name + " is registered once the pool has made a connection");
        } finally {
            pool.close();
        }
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(name), "and goes with the pool");
    }
}
