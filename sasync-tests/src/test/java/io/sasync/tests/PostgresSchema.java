package io.sasync.tests;

import io.sasync.DatabaseConfig;
import io.sasync.persistence.Codecs;
import io.sasync.persistence.Stores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A PostgreSQL schema of a test's own, so that the store tables it creates ({@code sasync_items})
 * are not the ones other tests sharing the server create and drop. Connections made through it,
 * and brokers configured by {@link #config(String)}, work in that schema alone.
 */
final class PostgresSchema implements AutoCloseable {

    private final String name = "wb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    /** Creates the schema. */
    PostgresSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.url(), TestPostgres.user(), null);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        }
    }

    String name() {
        return name;
    }

    /**
     * @param url a PostgreSQL URL, perhaps through a proxy
     * @return a config whose connections use the schema
     */
    DatabaseConfig.Builder config(String url) {
        return DatabaseConfig.builder(url).user(TestPostgres.user()).driverProperty("currentSchema", name);
    }

    /** @return a direct connection (no proxy) working in the schema */
    Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", TestPostgres.user());
        p.setProperty("currentSchema", name);
        return DriverManager.getConnection(TestPostgres.url(), p);
    }

    /**
     * @param storeId a dict's id
     * @return what the database holds for it, read directly and decoded with the standard codec
     */
    Map<String, Object> stored(String storeId) throws SQLException {
        try (Connection c = connect()) {
            return stored(c, storeId);
        }
    }

    /**
     * @param c       a connection whose search path finds the store table
     * @param storeId a dict's id
     * @return what the database holds for it, read with plain SQL and decoded with the standard codec
     */
    static Map<String, Object> stored(Connection c, String storeId) throws SQLException {
        Map<String, Object> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, payload FROM sasync_items WHERE group_id = ? ORDER BY name")) {
            ps.setLong(1, Stores.groupId(storeId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), Codecs.standard().decode(rs.getBytes(2)));
                }
            }
        }
        return rows;
    }

    /** Drops the schema and everything in it. */
    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.url(), TestPostgres.user(), null);
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
