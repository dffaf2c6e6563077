package io.sasync.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database server that a dialect's tests run against, asked once per test run whether it
 * answers. Where it does not, {@link #assumeAvailable()} skips the calling test with a loud
 * message, or fails it where the server is required: when the environment has {@code CI=true}, or
 * the system property this server names is {@code true}. A build machine then never passes by
 * skipping what it was meant to test.
 *
 * <pre>{@code
 * static final TestServer SERVER = new TestServer("MyDB", URL, "mydb.required", MyDbTests::connect);
 *
 * public DatabaseConfig.Builder newDatabase() {
 *     SERVER.assumeAvailable();
 *     ...
 * }
 * }</pre>
 */
public final class TestServer {

    /** Opens a connection to the server. */
    @FunctionalInterface
    public interface Connector {
        /**
         * @return a new connection, which the caller closes
         * @throws SQLException when the server cannot be reached
         */
        Connection connect() throws SQLException;
    }

    private final String name;
    private final String where;
    private final String requiredProperty;
    private final Connector connector;
    private Optional<SQLException> unavailable;

    /**
     * @param name             the server's name for messages, such as {@code "PostgreSQL"}
     * @param where            where it is looked for, for messages (a URL without a password)
     * @param requiredProperty the system property that, set to {@code true}, makes the server
     *                         required outside CI too
     * @param connector        how to connect to it
     */
    public TestServer(String name, String where, String requiredProperty, Connector connector) {
        this.name = Objects.requireNonNull(name, "name");
        this.where = Objects.requireNonNull(where, "where");
        this.requiredProperty = Objects.requireNonNull(requiredProperty, "requiredProperty");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** @return whether a missing server fails the tests rather than skipping them */
    public boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean(requiredProperty);
    }

    /** @return whether the server answers; asked once per test run */
    public synchronized boolean available() {
        if (unavailable == null) {
            try (Connection c = connector.connect()) {
                unavailable = c.isValid(5) ? Optional.empty()
                        : Optional.of(new SQLException("the connection is not valid"));
            } catch (SQLException e) {
                unavailable = Optional.of(e);
            }
        }
        return unavailable.isEmpty();
    }

    /** Skips the caller, loudly, when the server does not answer; fails it where the server is required. */
    public void assumeAvailable() {
        if (available()) {
            return;
        }
        SQLException e = unavailable.orElseThrow();
        String message = "No " + name + " answers at " + where + " (" + e.getMessage() + ")";
        if (required()) {
            Assertions.fail(message + "; " + name + " is required here (CI=true or -D" + requiredProperty + "=true)", e);
        }
        System.err.println("\n*** SKIPPING " + name + " tests: " + message + " ***\n");
        Assumptions.abort(message);
    }

    @Override
    public String toString() {
        return name + " at " + where;
    }
}
