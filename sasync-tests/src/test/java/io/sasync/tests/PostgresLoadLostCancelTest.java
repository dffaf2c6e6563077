package io.sasync.tests;

import static io.sasync.tests.LoadSupport.await;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.TransactOptions;
import io.sasync.TransactionException;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A cancel that reaches a statement after the session recorded it as executing but before the
 * driver sent it is lost: pgjdbc's {@code Statement.cancel()} does nothing while the statement is
 * not yet "in query", and the statement then runs to its end, holding the worker.
 */
class PostgresLoadLostCancelTest {

    /** pgjdbc, with a pause at the start of every execution of a statement that mentions pg_sleep. */
    public static final class PausingDriver implements Driver {
        static volatile CountDownLatch reached = new CountDownLatch(0);
        static volatile CountDownLatch proceed = new CountDownLatch(0);
        private final Driver pg = new org.postgresql.Driver();

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            Connection c = pg.connect(url, info);
            return c == null ? null : (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        Object result = invoke(c, method, args);
                        if (result instanceof PreparedStatement ps && method.getName().equals("prepareStatement")
                                && ((String) args[0]).contains("pg_sleep")) {
                            return pausing(ps);
                        }
                        return result;
                    });
        }

        private static PreparedStatement pausing(PreparedStatement ps) {
            return (PreparedStatement) Proxy.newProxyInstance(PausingDriver.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("execute")) {
                            reached.countDown();
                            proceed.await(30, TimeUnit.SECONDS);
                        }
                        return invoke(ps, method, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public boolean acceptsURL(String url) throws SQLException {
            return pg.acceptsURL(url);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return pg.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return pg.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return pg.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }
    }

    @Test
    void aTimeoutThatExpiresAsAStatementStartsStillCancelsIt() throws Exception {
        TestPostgres.assumeAvailable();
        String schema = LoadSupport.createSchema("lost_cancel");
        DatabaseConfig config = LoadSupport.config(schema, LoadSupport.unique("sasync_lost_cancel"))
                .maxConnections(1)
                .poolProperty("driverClassName", PausingDriver.class.getName())
                .build();
        AccessBroker broker = new AccessBroker(new DefaultQueueFactory(Dialects.load()), config);
        try {
            await(broker.sql("SELECT 1"));
            PausingDriver.reached = new CountDownLatch(1);
            PausingDriver.proceed = new CountDownLatch(1);
            CompletableFuture<?> call = broker.transact(TransactOptions.DEFAULT.withTimeout(Duration.ofMillis(500)),
                    s -> s.query("SELECT pg_sleep(60)"));
            assertTrue(PausingDriver.reached.await(30, TimeUnit.SECONDS), "the statement is about to be sent");
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> call.get(30, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, assertInstanceOf(TransactionException.class, e.getCause()).getCause());
            PausingDriver.proceed.countDown(); // the driver now sends the statement the call gave up on
            // The only worker must be free again at once: the statement was cancelled.
            List<?> next = broker.sql("SELECT 1").get(10, TimeUnit.SECONDS);
            assertTrue(!next.isEmpty());
        } finally {
            PausingDriver.proceed.countDown();
            broker.shutdown().handle((v, e) -> null).get(120, TimeUnit.SECONDS);
            LoadSupport.dropSchema(schema);
        }
    }
}
