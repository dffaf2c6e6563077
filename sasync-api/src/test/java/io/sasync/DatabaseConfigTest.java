package io.sasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseConfigTest {

    @Test
    void defaults() {
        DatabaseConfig c = DatabaseConfig.of("jdbc:h2:mem:x");
        assertEquals(8, c.maxConnections());
        assertTrue(c.workers().isEmpty());
        assertEquals(10_000, c.maxPending());
        assertEquals(256, c.agingWindow());
        assertEquals(Duration.ofSeconds(30), c.borrowTimeout());
        assertFalse(c.singleConnection());
        assertTrue(c.dialect().isEmpty());
    }

    @Test
    void neverPrintsAPassword() {
        DatabaseConfig c = DatabaseConfig.builder("jdbc:postgresql://app:urlsecret@db/app?user=app&password=querysecret&ssl=true")
                .user("app").password("fieldsecret")
                .driverProperty("password", "propsecret")
                .poolProperty("password", "poolsecret")
                .build();
        String text = c.toString();
        for (String secret : new String[] {"urlsecret", "querysecret", "fieldsecret", "propsecret", "poolsecret"}) {
            assertFalse(text.contains(secret), text);
        }
        assertTrue(text.contains("ssl=true") && text.contains("user=app"), text);
        assertEquals("jdbc:derby:db;bootPassword=***;create=true",
                DatabaseConfig.redact("jdbc:derby:db;bootPassword=s3cret;create=true"));
    }

    @Test
    void hidesEveryCredentialLikePropertyButNotTheirNeighbours() {
        DatabaseConfig c = DatabaseConfig.builder("jdbc:postgresql://db/app")
                .driverProperty("PWD", "secret-pwd")
                .driverProperty("passwd", "secret-passwd")
                .driverProperty("sslpassword", "secret-sslpassword")
                .driverProperty("clientSecret", "secret-client")
                .driverProperty("accessToken", "secret-token")
                .driverProperty("sslkey", "secret-sslkey")
                .driverProperty("keyStorePassword", "secret-keystore")
                .driverProperty("encryption_key", "secret-encryption")
                .driverProperty("tcpKeepAlive", "true")
                .driverProperty("keepalive", "60")
                .driverProperty("socketTimeout", "30")
                .poolProperty("password", "secret-pool")
                .poolProperty("connectionProperties", "user=app;password=secret-cp;ssl=true")
                .poolProperty("url", "jdbc:postgresql://app:secret-url@db/app")
                .poolProperty("maxIdle", "3")
                .build();
        String text = c.toString();
        assertFalse(text.contains("secret"), text);
        for (String shown : new String[] {"tcpKeepAlive=true", "keepalive=60", "socketTimeout=30", "maxIdle=3",
                "ssl=true", "@db/app"}) {
            assertTrue(text.contains(shown), shown + " in " + text);
        }
    }

    @Test
    void credentialNamesFollowOneRule() {
        for (String name : new String[] {"password", "PWD", "passwd", "bootPassword", "clientSecret", "token",
                "accessToken", "key", "sslkey", "apiKey", "API_KEY", "keyStorePassword", "encryptionKey"}) {
            assertTrue(DatabaseConfig.isCredentialName(name), name);
        }
        for (String name : new String[] {"user", "keepalive", "tcpKeepAlive", "socketTimeout", "ssl", "sslmode",
                "ApplicationName", "create"}) {
            assertFalse(DatabaseConfig.isCredentialName(name), name);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // URL | the secrets, space-separated | the URL as printed
        "jdbc:postgresql://u:p@ss/w;rd@host/db | p@ss/w;rd | jdbc:postgresql://u:***@host/db",
        "jdbc:mysql://user:pa/ss@host:3306/db | pa/ss | jdbc:mysql://user:***@host:3306/db",
        "jdbc:mysql://root:r@@t/x@db.example.com/app?password=q@@t/y&useSSL=true | r@@t/x q@@t/y | "
                + "jdbc:mysql://root:***@db.example.com/app?password=***&useSSL=true",
        "jdbc:oracle:thin:scott/ti@g/er@//host:1521/svc | ti@g/er | jdbc:oracle:thin:scott/***@//host:1521/svc",
        "jdbc:postgresql://host:5432/db?password=a;bcd&ssl=true | a;bcd | jdbc:postgresql://host:5432/db?password=***&ssl=true",
        "jdbc:postgresql://host/db?user=app&password=x&y%26z&sslmode=require | x&y%26z | "
                + "jdbc:postgresql://host/db?user=app&password=***&sslmode=require",
        "jdbc:postgresql://host/db?PWD=qw/er@ty | qw/er@ty | jdbc:postgresql://host/db?PWD=***",
        "jdbc:postgresql://host/db?password=abc==&ssl=true | abc== | jdbc:postgresql://host/db?password=***&ssl=true",
        "jdbc:postgresql://host/db?sslpassword=k3y!x&sslkey=/etc/k.pk8&tcpKeepAlive=true | k3y!x | "
                + "jdbc:postgresql://host/db?sslpassword=***&sslkey=***&tcpKeepAlive=true",
        "jdbc:derby:db;bootPassword=s3c&ret;create=true | s3c&ret | jdbc:derby:db;bootPassword=***;create=true",
        "jdbc:h2:mem:x;USER=sa;PASSWORD=ab;cd;IFEXISTS=TRUE | ab;cd | jdbc:h2:mem:x;USER=sa;PASSWORD=***;IFEXISTS=TRUE",
        "jdbc:sqlserver://host:1433;databaseName=db;password=ab&cd;encrypt=true | ab&cd | "
                + "jdbc:sqlserver://host:1433;databaseName=db;password=***;encrypt=true",
        "jdbc:db2://host:50000/db:user=app;passwd=pa?ss;securityMechanism=3; | pa?ss | "
                + "jdbc:db2://host:50000/db:user=app;passwd=***;securityMechanism=3;",
        "jdbc:foo://host/db?accessToken=eyJ.a;b.c&x=1 | eyJ.a;b.c | jdbc:foo://host/db?accessToken=***&x=1",
    })
    void redactsEveryPasswordInAUrlToItsEnd(String url, String secrets, String printed) {
        String redacted = DatabaseConfig.redact(url);
        assertEquals(printed, redacted);
        for (String secret : secrets.split(" ")) {
            for (int i = 0; i + 3 <= secret.length(); i++) {
                String part = secret.substring(i, i + 3);
                assertFalse(redacted.contains(part), part + " in " + redacted);
            }
        }
        DatabaseConfig config = DatabaseConfig.builder(url).build();
        assertEquals(printed, config.safeUrl());
        assertTrue(config.toString().contains(printed), config.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://127.0.0.1:5432/test?tcpKeepAlive=true&ApplicationName=app",
        "jdbc:h2:tcp://localhost/~/test;AUTO_SERVER=TRUE",
        "jdbc:derby:memory:db;create=true",
        "jdbc:oracle:thin:@//host:1521/svc",
        "jdbc:mysql://user@host/db",
    })
    void leavesUrlsWithoutPasswordsAlone(String url) {
        assertEquals(url, DatabaseConfig.redact(url));
    }

    @Test
    void badSettingsFailAtOnceWithTheBound() {
        DatabaseConfig.Builder b = DatabaseConfig.builder("jdbc:h2:mem:x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.maxConnections(0)).getMessage().contains("at least 1"));
        assertThrows(IllegalArgumentException.class, () -> b.workers(0));
        assertThrows(IllegalArgumentException.class, () -> b.maxPending(-1));
        assertThrows(IllegalArgumentException.class, () -> b.agingWindow(0));
        assertThrows(IllegalArgumentException.class, () -> b.borrowTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> DatabaseConfig.of("postgresql://db"));
        assertThrows(NullPointerException.class, () -> DatabaseConfig.of(null));
    }

    @Test
    void refusesUnknownPoolPropertiesNamingTheKnownOnes() {
        DatabaseConfig.Builder b = DatabaseConfig.builder("jdbc:h2:mem:x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.poolProperty("maxTotl", "4"));
        assertTrue(e.getMessage().contains("maxTotl"), e.getMessage());
        assertTrue(e.getMessage().contains("maxTotal") && e.getMessage().contains("validationQueryTimeout"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.poolProperty("MaxTotal", "4"), "names are case-sensitive");
        assertThrows(IllegalArgumentException.class, () -> b.poolProperty("maxWait", "1000"), "DBCP 1 name, ignored by DBCP2");
        assertTrue(DatabaseConfig.POOL_PROPERTY_NAMES.contains("jmxName"), "DBCP2's own MBean may be turned on");
        for (String name : DatabaseConfig.POOL_PROPERTY_NAMES) {
            b.poolProperty(name, "1");
        }
        assertEquals(DatabaseConfig.POOL_PROPERTY_NAMES, b.build().poolProperties().keySet());
        assertThrows(UnsupportedOperationException.class, () -> DatabaseConfig.POOL_PROPERTY_NAMES.add("maxTotl"));
    }

    @Test
    void equalConfigsAreEqual() {
        DatabaseConfig a = DatabaseConfig.builder("jdbc:h2:mem:x").maxConnections(3).driverProperty("k", "v").build();
        assertEquals(a, a.toBuilder().build());
        assertEquals(a.hashCode(), a.toBuilder().build().hashCode());
        assertNotEquals(a, a.toBuilder().maxConnections(4).build());
    }

    private static DataSource stubDataSource() {
        return (DataSource) Proxy.newProxyInstance(DatabaseConfigTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aConfigOfAnApplicationsPoolIsThatPoolsAndRefusesWhatOnlyThePoolDecides() {
        DataSource pool = stubDataSource();
        DatabaseConfig config = DatabaseConfig.builder(pool).workers(3).build();
        assertEquals(Optional.of(pool), config.dataSource());
        assertTrue(config.url().startsWith("datasource:"), config.url());
        assertEquals(config, DatabaseConfig.builder(pool).workers(3).build(), "the same pool: one queue");
        assertNotEquals(config, DatabaseConfig.builder(stubDataSource()).workers(3).build(), "another pool");
        assertEquals(config, config.toBuilder().build());
        for (UnaryOperator<DatabaseConfig.Builder> poolsBusiness : List.<UnaryOperator<DatabaseConfig.Builder>>of(
                b -> b.user("app"), b -> b.password("secret"), b -> b.poolProperty("maxTotal", "4"),
                b -> b.driverProperty("ssl", "true"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> poolsBusiness.apply(DatabaseConfig.builder(pool)).build());
            assertTrue(e.getMessage().contains("on the pool itself"), e.getMessage());
        }
    }

    @Test
    void aStandbyIsAConfigOfItsOwnWithTheSameSettings() {
        DatabaseConfig c = DatabaseConfig.builder("jdbc:postgresql://primary/app")
                .user("app").password("fieldsecret").maxConnections(3).driverProperty("socketTimeout", "30")
                .standby("jdbc:postgresql://standby/app?password=urlsecret")
                .build();
        DatabaseConfig standby = c.standby().orElseThrow();
        assertEquals("jdbc:postgresql://standby/app?password=urlsecret", standby.url());
        assertEquals(Optional.of("app"), standby.user());
        assertEquals(3, standby.maxConnections());
        assertEquals("30", standby.driverProperties().get("socketTimeout"));
        assertTrue(standby.standby().isEmpty(), "a standby has no standby of its own");
        assertTrue(DatabaseConfig.of("jdbc:h2:mem:x").standby().isEmpty());
        assertFalse(c.toString().contains("urlsecret"), c.toString());
        assertTrue(c.toString().contains("standby=jdbc:postgresql://standby/app"), c.toString());
        assertNotEquals(c, c.toBuilder().standby(null).build(), "the standby is part of the config");
        assertEquals(c, c.toBuilder().build());
        assertThrows(IllegalArgumentException.class, () -> DatabaseConfig.builder("jdbc:h2:mem:x").standby("standby"));
    }
}
