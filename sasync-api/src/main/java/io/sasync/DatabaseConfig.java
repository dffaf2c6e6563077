package io.sasync;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a database is and how to use it: JDBC URL and credentials, pool and queue sizes.
 * Immutable; made with {@link #builder(String)}. Two equal configs share one queue and one
 * connection pool (see {@link QueueFactory}).
 *
 * <p>{@link #toString()} never shows the password, neither the {@code password} setting nor a
 * password written into the URL or the driver properties.
 *
 * <pre>{@code
 * DatabaseConfig config = DatabaseConfig.builder("jdbc:postgresql://127.0.0.1:5432/app")
 *         .user("app").password(secret)
 *         .maxConnections(4)
 *         .build();
 * }</pre>
 */
public final class DatabaseConfig {

    /** Default of {@link #maxConnections()}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 8;
    /** Default of {@link #maxPending()}. */
    public static final int DEFAULT_MAX_PENDING = 10_000;
    /** Default of {@link #agingWindow()}. */
    public static final int DEFAULT_AGING_WINDOW = 256;
    /** Default of {@link #borrowTimeout()}. */
    public static final Duration DEFAULT_BORROW_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern SECRET_IN_URL = Pattern.compile(
            "(?i)((?:password|pwd|passwd|bootPassword)\\s*=)[^;&]*|(//[^/:@]*:)[^/@]*(@)");

    private final String url;
    private final String user;
    private final String password;
    private final int maxConnections;
    private final int workers;
    private final boolean singleConnection;
    private final int maxPending;
    private final int agingWindow;
    private final Duration borrowTimeout;
    private final Map<String, String> poolProperties;
    private final Map<String, String> driverProperties;
    private final String dialect;

    private DatabaseConfig(Builder b) {
        this.url = b.url;
        this.user = b.user;
        this.password = b.password;
        this.maxConnections = b.maxConnections;
        this.workers = b.workers;
        this.singleConnection = b.singleConnection;
        this.maxPending = b.maxPending;
        this.agingWindow = b.agingWindow;
        this.borrowTimeout = b.borrowTimeout;
        this.poolProperties = Collections.unmodifiableMap(new TreeMap<>(b.poolProperties));
        this.driverProperties = Collections.unmodifiableMap(new TreeMap<>(b.driverProperties));
        this.dialect = b.dialect;
    }

    /**
     * @param jdbcUrl the JDBC URL, e.g. {@code jdbc:h2:mem:app}
     * @return a builder with every other setting at its default
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /**
     * @param jdbcUrl the JDBC URL
     * @return a config with every other setting at its default
     */
    public static DatabaseConfig of(String jdbcUrl) {
        return builder(jdbcUrl).build();
    }

    /** @return a builder initialised with this config's settings */
    public Builder toBuilder() {
        Builder b = new Builder(url);
        b.user = user;
        b.password = password;
        b.maxConnections = maxConnections;
        b.workers = workers;
        b.singleConnection = singleConnection;
        b.maxPending = maxPending;
        b.agingWindow = agingWindow;
        b.borrowTimeout = borrowTimeout;
        b.poolProperties.putAll(poolProperties);
        b.driverProperties.putAll(driverProperties);
        b.dialect = dialect;
        return b;
    }

    /** @return the JDBC URL */
    public String url() {
        return url;
    }

    /** @return the URL with any password in it replaced by {@code ***}, for messages and logs */
    public String safeUrl() {
        return redact(url);
    }

    /**
     * Replaces passwords written into a JDBC URL ({@code password=…}, {@code user:secret@host})
     * by {@code ***}.
     *
     * @param jdbcUrl a JDBC URL
     * @return the URL, safe to print
     */
    public static String redact(String jdbcUrl) {
        return SECRET_IN_URL.matcher(jdbcUrl).replaceAll(m ->
                m.group(1) != null ? m.group(1) + "***" : m.group(2) + "***" + m.group(3));
    }

    /** @return the user name, if set */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** @return the password, if set; never printed by this class */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** @return the most pooled connections open at once; default {@value #DEFAULT_MAX_CONNECTIONS} */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * @return the number of worker threads, when set explicitly; by default the queue runs as
     *         many workers as {@link #maxConnections()}, or one for a single-connection database
     */
    public OptionalInt workers() {
        return workers == 0 ? OptionalInt.empty() : OptionalInt.of(workers);
    }

    /** @return whether to run a single worker whatever the dialect allows; default false */
    public boolean singleConnection() {
        return singleConnection;
    }

    /**
     * @return the most tasks that may wait on the queue; a submission beyond it fails at once
     *         with {@link OverloadException}; default {@value #DEFAULT_MAX_PENDING}
     */
    public int maxPending() {
        return maxPending;
    }

    /**
     * @return the aging window {@code A} of the priority ordering, in submissions (see
     *         {@link Priority}); default {@value #DEFAULT_AGING_WINDOW}
     */
    public int agingWindow() {
        return agingWindow;
    }

    /**
     * @return how long a transaction waits for a pooled connection before it fails; default 30 s
     */
    public Duration borrowTimeout() {
        return borrowTimeout;
    }

    /**
     * @return Apache Commons DBCP2 {@code BasicDataSource} properties passed through as they are
     *         (for example {@code maxIdle}, {@code defaultTransactionIsolation},
     *         {@code validationQuery}); they win over the pool settings derived from this config
     */
    public Map<String, String> poolProperties() {
        return poolProperties;
    }

    /** @return JDBC driver connection properties, passed to the driver on every connect */
    public Map<String, String> driverProperties() {
        return driverProperties;
    }

    /** @return the name of the dialect to use, when set explicitly; wins over discovery */
    public Optional<String> dialect() {
        return Optional.ofNullable(dialect);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseConfig c
                && url.equals(c.url)
                && Objects.equals(user, c.user)
                && Objects.equals(password, c.password)
                && maxConnections == c.maxConnections
                && workers == c.workers
                && singleConnection == c.singleConnection
                && maxPending == c.maxPending
                && agingWindow == c.agingWindow
                && borrowTimeout.equals(c.borrowTimeout)
                && poolProperties.equals(c.poolProperties)
                && driverProperties.equals(c.driverProperties)
                && Objects.equals(dialect, c.dialect);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user, password, maxConnections, workers, singleConnection, maxPending,
                agingWindow, borrowTimeout, poolProperties, driverProperties, dialect);
    }

    @Override
    public String toString() {
        Map<String, String> safeDriverProperties = new TreeMap<>(driverProperties);
        safeDriverProperties.replaceAll((k, v) -> k.toLowerCase(Locale.ROOT).contains("password") ? "***" : v);
        Map<String, String> safePoolProperties = new TreeMap<>(poolProperties);
        safePoolProperties.replaceAll((k, v) -> k.toLowerCase(Locale.ROOT).contains("password") ? "***" : v);
        return "DatabaseConfig{url=" + safeUrl()
                + (user == null ? "" : ", user=" + user)
                + (password == null ? "" : ", password=***")
                + ", maxConnections=" + maxConnections
                + (workers == 0 ? "" : ", workers=" + workers)
                + (singleConnection ? ", singleConnection" : "")
                + ", maxPending=" + maxPending
                + ", agingWindow=" + agingWindow
                + ", borrowTimeout=" + borrowTimeout
                + (poolProperties.isEmpty() ? "" : ", poolProperties=" + safePoolProperties)
                + (driverProperties.isEmpty() ? "" : ", driverProperties=" + safeDriverProperties)
                + (dialect == null ? "" : ", dialect=" + dialect)
                + '}';
    }

    /** Builds a {@link DatabaseConfig}; each setter validates its argument at once. */
    public static final class Builder {
        private final String url;
        private String user;
        private String password;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int workers;
        private boolean singleConnection;
        private int maxPending = DEFAULT_MAX_PENDING;
        private int agingWindow = DEFAULT_AGING_WINDOW;
        private Duration borrowTimeout = DEFAULT_BORROW_TIMEOUT;
        private final Map<String, String> poolProperties = new TreeMap<>();
        private final Map<String, String> driverProperties = new TreeMap<>();
        private String dialect;

        private Builder(String url) {
            Objects.requireNonNull(url, "jdbcUrl");
            if (!url.startsWith("jdbc:")) {
                throw new IllegalArgumentException("not a JDBC URL (must start with jdbc:): " + redact(url));
            }
            this.url = url;
        }

        /**
         * @param user the user name; {@code null} for none
         * @return this builder
         */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /**
         * @param password the password; {@code null} for none
         * @return this builder
         */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * @param maxConnections the most pooled connections, at least 1
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = atLeast(1, maxConnections, "maxConnections");
            return this;
        }

        /**
         * @param workers the number of worker threads, at least 1
         * @return this builder
         */
        public Builder workers(int workers) {
            this.workers = atLeast(1, workers, "workers");
            return this;
        }

        /**
         * @param singleConnection run one worker only, whatever the dialect allows
         * @return this builder
         */
        public Builder singleConnection(boolean singleConnection) {
            this.singleConnection = singleConnection;
            return this;
        }

        /**
         * @param maxPending the most tasks that may wait on the queue, at least 1
         * @return this builder
         */
        public Builder maxPending(int maxPending) {
            this.maxPending = atLeast(1, maxPending, "maxPending");
            return this;
        }

        /**
         * @param agingWindow the aging window of the priority ordering, in submissions, at least 1
         * @return this builder
         */
        public Builder agingWindow(int agingWindow) {
            this.agingWindow = atLeast(1, agingWindow, "agingWindow");
            return this;
        }

        /**
         * @param borrowTimeout how long to wait for a pooled connection, positive
         * @return this builder
         */
        public Builder borrowTimeout(Duration borrowTimeout) {
            Objects.requireNonNull(borrowTimeout, "borrowTimeout");
            if (borrowTimeout.isNegative() || borrowTimeout.isZero()) {
                throw new IllegalArgumentException("borrowTimeout must be positive, was " + borrowTimeout);
            }
            this.borrowTimeout = borrowTimeout;
            return this;
        }

        /**
         * @param name  a DBCP2 {@code BasicDataSource} property name
         * @param value its value
         * @return this builder
         */
        public Builder poolProperty(String name, String value) {
            poolProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param name  a JDBC driver property name
         * @param value its value
         * @return this builder
         */
        public Builder driverProperty(String name, String value) {
            driverProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param dialect the {@link io.sasync.spi.Dialect#name() name} of the dialect to use;
         *                {@code null} to discover it from the URL
         * @return this builder
         */
        public Builder dialect(String dialect) {
            this.dialect = dialect;
            return this;
        }

        /** @return the config */
        public DatabaseConfig build() {
            return new DatabaseConfig(this);
        }

        private static int atLeast(int min, int value, String what) {
            if (value < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + ", was " + value);
            }
            return value;
        }
    }
}
