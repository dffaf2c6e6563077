package io.sasync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Where a database is and how to use it: JDBC URL and credentials, pool and queue sizes.
 * Immutable; made with {@link #builder(String)}. Two equal configs share one queue and one
 * connection pool (see {@link QueueFactory}).
 *
 * <p>{@link #toString()} never shows the password, neither the {@code password} setting nor a
 * password written into the URL (see {@link #redact(String)}) or into the pool or driver
 * properties. A property counts as a credential, and its value is printed as {@code ***}, when
 * its name contains, ignoring case, any of {@code password}, {@code passwd}, {@code pwd},
 * {@code secret}, {@code token} or {@code key}: so {@code PWD}, {@code sslpassword},
 * {@code clientSecret}, {@code accessToken}, {@code sslkey}, {@code apiKey} and
 * {@code keyStorePassword} are hidden, while {@code tcpKeepAlive}, {@code keepalive} or
 * {@code socketTimeout} (none of the words) are shown. The rule is a plain substring test on
 * purpose: it hides a harmless value now and then ({@code allowPublicKeyRetrieval},
 * {@code returnGeneratedKeys}) rather than missing a secret whose name splits its words in an
 * unexpected way ({@code sslkey}, {@code API_KEY}). The values of the other properties are
 * printed through {@link #redact(String)}, so a URL or a {@code password=…} list given as a
 * property value is redacted too.
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

    /**
     * The names {@link Builder#poolProperty} accepts: every property that Apache Commons DBCP2
     * 2.12.0's {@code BasicDataSourceFactory} reads ({@code jmxName} registers the pool's own
     * MBean). Case-sensitive, like DBCP2. DBCP 1 names that DBCP2 ignores
     * ({@code maxActive}, {@code maxWait}, {@code removeAbandoned}) are not among them. Sorted,
     * unmodifiable.
     */
    public static final Set<String> POOL_PROPERTY_NAMES = Collections.unmodifiableSet(new TreeSet<>(List.of(
            "abandonedUsageTracking", "accessToUnderlyingConnectionAllowed", "cacheState",
            "clearStatementPoolOnReturn", "connectionFactoryClassName", "connectionInitSqls",
            "connectionProperties", "defaultAutoCommit", "defaultCatalog", "defaultQueryTimeout",
            "defaultReadOnly", "defaultSchema", "defaultTransactionIsolation", "disconnectionSqlCodes",
            "driverClassName", "enableAutoCommitOnReturn", "evictionPolicyClassName", "fastFailValidation",
            "initialSize", "jmxName", "lifo", "logAbandoned", "logExpiredConnections", "maxConnLifetimeMillis", "maxIdle",
            "maxOpenPreparedStatements", "maxTotal", "maxWaitMillis", "minEvictableIdleTimeMillis", "minIdle",
            "numTestsPerEvictionRun", "password", "poolPreparedStatements", "registerConnectionMBean",
            "removeAbandonedOnBorrow", "removeAbandonedOnMaintenance", "removeAbandonedTimeout",
            "rollbackOnReturn", "softMinEvictableIdleTimeMillis", "testOnBorrow", "testOnCreate",
            "testOnReturn", "testWhileIdle", "timeBetweenEvictionRunsMillis", "url", "username",
            "validationQuery", "validationQueryTimeout")));

    /** The words that make a property or URL parameter name a credential, in lower case. */
    private static final List<String> CREDENTIAL_WORDS =
            List.of("password", "passwd", "pwd", "secret", "token", "key");
    /** A {@code name=} in a URL: the name is a maximal run of these characters. */
    private static final Pattern PARAMETER = Pattern.compile("([A-Za-z0-9_.\\-]+)\\s*=");
    /** Oracle's {@code jdbc:oracle:thin:user/password@…}: the user, up to the slash. */
    private static final Pattern ORACLE_USER = Pattern.compile("(?i)^jdbc:oracle:[a-z0-9]+:[^/@:]*/");
    private static final String HIDDEN = "***";

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
    private final Executor callbackExecutor;
    private final List<StatementListener> statementListeners;
    private final DataSource dataSource;
    private final String standby;

    private DatabaseConfig(Builder b) {
        this.url = b.url;
        this.standby = b.standby;
        this.dataSource = b.dataSource;
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
        this.callbackExecutor = b.callbackExecutor;
        this.statementListeners = List.copyOf(b.statementListeners);
    }

    /**
     * @param jdbcUrl the JDBC URL, e.g. {@code jdbc:h2:mem:app}
     * @return a builder with every other setting at its default
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /**
     * A config of a pool the application already has (HikariCP, an application server's
     * {@code DataSource}, …), which brokers borrow from instead of building their own DBCP2 pool.
     * The pool's own settings rule: user, password, driver and pool properties cannot be set here,
     * and the pool is never closed by sAsync. The dialect is found from the URL the pool's
     * connections report ({@link java.sql.DatabaseMetaData#getURL()}), unless set with
     * {@link Builder#dialect}. Set {@link Builder#workers} to the pool's size (the queue runs
     * {@link #DEFAULT_MAX_CONNECTIONS} workers otherwise).
     *
     * <p>Two configs of the same {@code DataSource} object and equal settings are equal, and share
     * one queue.
     *
     * @param dataSource the pool
     * @return a builder with every other setting at its default
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
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
        Builder b = copyInto(dataSource != null ? new Builder(dataSource) : new Builder(url));
        b.standby = standby;
        return b;
    }

    /** Copies every setting but the URL, the pool and the standby. */
    private Builder copyInto(Builder b) {
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
        b.callbackExecutor = callbackExecutor;
        b.statementListeners.addAll(statementListeners);
        return b;
    }

    /**
     * The standby that read-only work marked {@link TransactOptions#onStandby()} runs on, as a
     * config of its own: this config's settings (credentials, pool sizes, driver properties, …)
     * with the standby's URL. Brokers on this config borrow from a second pool made of it.
     *
     * @return the standby's config, if {@link Builder#standby} set one
     */
    public Optional<DatabaseConfig> standby() {
        return standby == null ? Optional.empty() : Optional.of(copyInto(new Builder(standby)).build());
    }

    /**
     * @return the JDBC URL; for a config of an application's pool ({@link #builder(DataSource)}),
     *         {@code "datasource:"} and the pool's class name, for messages only
     */
    public String url() {
        return url;
    }

    /** @return the application's pool, for a config made with {@link #builder(DataSource)} */
    public Optional<DataSource> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    /** @return the URL with any password in it replaced by {@code ***}, for messages and logs */
    public String safeUrl() {
        return redact(url);
    }

    /**
     * Replaces the passwords written into a JDBC URL by {@code ***}, leaving the rest (host, port,
     * database, harmless parameters) readable. Where a URL is ambiguous, more is hidden rather
     * than less: {@code //db:5432/app?user=me@corp} could be a user {@code db} with the password
     * {@code 5432/app?user=me} on host {@code corp}, so it is printed {@code //db:***@corp}.
     *
     * <ul>
     *   <li>The password of a user-info part, {@code //user:password@host} (or Oracle's
     *       {@code jdbc:oracle:thin:user/password@…}), runs to the <em>last</em> {@code @} of the
     *       URL, not counting an {@code @} inside a redacted parameter value below, so a password
     *       holding {@code @}, {@code /}, {@code ;} or {@code ?} is hidden whole.
     *   <li>The value of every parameter whose name is a credential (see the
     *       {@linkplain DatabaseConfig class comment}: {@code password=}, {@code PWD=},
     *       {@code bootPassword=}, {@code sslkey=}, {@code accessToken=}, …) is hidden up to the
     *       separator that starts the <em>next parameter</em>: a separator followed by
     *       {@code name=}. Which characters separate depends on the URL's style, told by the
     *       character before the name: after {@code ?} or {@code &} (PostgreSQL, MySQL) only
     *       {@code &} does, so {@code ?password=a;b&ssl=true} hides {@code a;b}; after {@code ;}
     *       (Derby, H2, SQL Server, DB2) only {@code ;} does, so {@code ;password=a&b;create=true}
     *       hides {@code a&b}; after anything else both do. A value itself holding a separator
     *       followed by {@code name=} cannot be told from the next parameter and is cut there.
     * </ul>
     *
     * @param jdbcUrl a JDBC URL
     * @return the URL, safe to print
     */
    public static String redact(String jdbcUrl) {
        List<int[]> hidden = new ArrayList<>();
        Matcher parameter = PARAMETER.matcher(jdbcUrl);
        int from = 0;
        while (from < jdbcUrl.length() && parameter.find(from)) {
            from = parameter.end();
            if (isCredentialName(parameter.group(1))) {
                char before = parameter.start() == 0 ? ' ' : jdbcUrl.charAt(parameter.start() - 1);
                String separators = before == ';' ? ";" : before == '?' || before == '&' ? "&" : ";&";
                from = valueEnd(jdbcUrl, parameter.end(), separators);
                hidden.add(new int[] {parameter.end(), from});
            }
        }
        int passwordStart = userInfoPasswordStart(jdbcUrl);
        if (passwordStart >= 0) {
            int at = lastAtOutside(jdbcUrl, hidden);
            if (at < passwordStart) {
                at = jdbcUrl.lastIndexOf('@');
            }
            if (at >= passwordStart) {
                hidden.add(new int[] {passwordStart, at});
            }
        }
        return hide(jdbcUrl, hidden);
    }

    /**
     * @return where the password of a {@code //user:password@} or Oracle {@code user/password@}
     *         part would start, or -1 when the URL has no such part
     */
    private static int userInfoPasswordStart(String url) {
        Matcher oracle = ORACLE_USER.matcher(url);
        if (oracle.find()) {
            return url.indexOf('@', oracle.end()) >= 0 ? oracle.end() : -1;
        }
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            return -1;
        }
        int i = slashes + 2;
        while (i < url.length() && "/:@?;&#".indexOf(url.charAt(i)) < 0) {
            i++;
        }
        return i < url.length() && url.charAt(i) == ':' && url.indexOf('@', i) >= 0 ? i + 1 : -1;
    }

    /** @return the last {@code @} of the URL that is not inside a hidden range, or -1 */
    private static int lastAtOutside(String url, List<int[]> hidden) {
        for (int at = url.lastIndexOf('@'); at >= 0; at = url.lastIndexOf('@', at - 1)) {
            int position = at;
            if (hidden.stream().noneMatch(range -> range[0] <= position && position < range[1])) {
                return at;
            }
        }
        return -1;
    }

    /** @return where a parameter value starting at {@code from} ends: before the next parameter */
    private static int valueEnd(String url, int from, String separators) {
        Matcher next = PARAMETER.matcher(url);
        for (int i = from; i < url.length(); i++) {
            if (separators.indexOf(url.charAt(i)) >= 0 && next.region(i + 1, url.length()).lookingAt()) {
                return i;
            }
        }
        return url.length();
    }

    /** @return the text with each range (possibly empty, possibly overlapping) replaced by {@code ***} */
    private static String hide(String text, List<int[]> ranges) {
        if (ranges.isEmpty()) {
            return text;
        }
        ranges.sort(Comparator.comparingInt((int[] range) -> range[0]));
        StringBuilder out = new StringBuilder(text.length());
        int copied = -1;
        for (int[] range : ranges) {
            if (range[0] > copied) {
                out.append(text, Math.max(copied, 0), range[0]).append(HIDDEN);
            }
            copied = Math.max(copied, range[1]);
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * @param name a property or URL parameter name
     * @return whether it names a credential, whose value is never printed (see the class comment)
     */
    static boolean isCredentialName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return CREDENTIAL_WORDS.stream().anyMatch(lower::contains);
    }

    /** @return the properties with credentials hidden and every other value redacted */
    private static Map<String, String> printable(Map<String, String> properties) {
        Map<String, String> printable = new TreeMap<>(properties);
        printable.replaceAll((name, value) -> isCredentialName(name) ? HIDDEN : redact(value));
        return printable;
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
     * @return the number of worker threads, when set explicitly (it wins over a dialect's
     *         {@code singleConnection()}, not over {@link #singleConnection()}); by default the
     *         queue runs as many workers as {@link #maxConnections()}, or one where the dialect
     *         asks for one
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
     *         {@code validationQuery}); they win over the pool settings derived from this config.
     *         Every name is one of {@link #POOL_PROPERTY_NAMES}
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

    /**
     * Where a broker completes the futures it returns, and so where continuations attached to
     * them run, when no thread is already waiting for the result in {@code join()} or
     * {@code get()} (such a thread is handed the result directly). Never a queue worker: a
     * continuation that blocks, even on another call of the same broker, cannot hold up the
     * queue. By default, daemon threads named {@code sasync-callback-N} shared by the process:
     * one runs the completions in turn, and another is added whenever completions wait and none
     * has finished for 2 ms, so that continuations blocked on each other still all run.
     *
     * <p>Not part of {@link #equals}: brokers on configs that differ only here share one queue
     * and pool, and each completes its own futures on its own executor.
     *
     * @return the executor, when set explicitly
     */
    public Optional<Executor> callbackExecutor() {
        return Optional.ofNullable(callbackExecutor);
    }

    /**
     * What a broker tells about every statement it runs ({@link StatementListener}), in the order
     * added. Like {@link #callbackExecutor()}, not part of {@link #equals}: brokers on configs
     * that differ only here share one queue and pool, and each tells its own listeners.
     *
     * @return the listeners; empty by default
     */
    public List<StatementListener> statementListeners() {
        return statementListeners;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseConfig c
                && url.equals(c.url)
                && dataSource == c.dataSource
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
                && Objects.equals(dialect, c.dialect)
                && Objects.equals(standby, c.standby);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, System.identityHashCode(dataSource), user, password, maxConnections, workers, singleConnection, maxPending,
                agingWindow, borrowTimeout, poolProperties, driverProperties, dialect, standby);
    }

    @Override
    public String toString() {
        return "DatabaseConfig{url=" + safeUrl()
                + (user == null ? "" : ", user=" + user)
                + (password == null ? "" : ", password=***")
                + ", maxConnections=" + maxConnections
                + (workers == 0 ? "" : ", workers=" + workers)
                + (singleConnection ? ", singleConnection" : "")
                + ", maxPending=" + maxPending
                + ", agingWindow=" + agingWindow
                + ", borrowTimeout=" + borrowTimeout
                + (poolProperties.isEmpty() ? "" : ", poolProperties=" + printable(poolProperties))
                + (driverProperties.isEmpty() ? "" : ", driverProperties=" + printable(driverProperties))
                + (dialect == null ? "" : ", dialect=" + dialect)
                + (standby == null ? "" : ", standby=" + redact(standby))
                + (callbackExecutor == null ? "" : ", callbackExecutor=" + callbackExecutor.getClass().getName())
                + (statementListeners.isEmpty() ? "" : ", statementListeners=" + statementListeners.size())
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
        private Executor callbackExecutor;
        private final List<StatementListener> statementListeners = new ArrayList<>();
        private final DataSource dataSource;
        private String standby;

        private Builder(String url) {
            Objects.requireNonNull(url, "jdbcUrl");
            if (!url.startsWith("jdbc:")) {
                throw new IllegalArgumentException("not a JDBC URL (must start with jdbc:): " + redact(url));
            }
            this.url = url;
            this.dataSource = null;
        }

        private Builder(DataSource dataSource) {
            this.url = "datasource:" + dataSource.getClass().getName();
            this.dataSource = dataSource;
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
         * @param workers the number of worker threads, at least 1; wins over the dialect's wish for
         *                one worker (SQLite's, Derby's)
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
         * @param name  a DBCP2 {@code BasicDataSource} property name, one of
         *              {@link #POOL_PROPERTY_NAMES}
         * @param value its value
         * @return this builder
         * @throws IllegalArgumentException when DBCP2 does not know the name (a misspelt name
         *                                  would otherwise be ignored without a word)
         */
        public Builder poolProperty(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!POOL_PROPERTY_NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown pool property " + name
                        + " (names are case-sensitive); the known ones are " + POOL_PROPERTY_NAMES);
            }
            poolProperties.put(name, value);
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

        /**
         * @param callbackExecutor where brokers complete their futures (see
         *                         {@link DatabaseConfig#callbackExecutor()}); {@code null} for the
         *                         default. It must not run tasks on the calling thread: that
         *                         would be a queue worker.
         * @return this builder
         */
        public Builder callbackExecutor(Executor callbackExecutor) {
            this.callbackExecutor = callbackExecutor;
            return this;
        }

        /**
         * A standby for read-only work: transactions marked {@link TransactOptions#onStandby()}
         * run on a second pool of connections to this URL, the rest on the primary. The URL may
         * name one standby, or several servers with pgjdbc's
         * {@code targetServerType=preferSecondary}; the other settings are this config's.
         *
         * @param jdbcUrl the standby's JDBC URL; {@code null} for none (the default)
         * @return this builder
         * @throws IllegalArgumentException when it is not a JDBC URL
         */
        public Builder standby(String jdbcUrl) {
            if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
                throw new IllegalArgumentException("not a JDBC URL (must start with jdbc:): " + redact(jdbcUrl));
            }
            this.standby = jdbcUrl;
            return this;
        }

        /**
         * @param listener told before and after every statement a broker on this config runs
         *                 (see {@link StatementListener}); may be called again to add more
         * @return this builder
         */
        public Builder statementListener(StatementListener listener) {
            statementListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @return the config
         * @throws IllegalStateException when a config of an application's pool sets what only
         *                               the pool decides (user, password, pool or driver
         *                               properties)
         */
        public DatabaseConfig build() {
            if (dataSource != null && (user != null || password != null || !poolProperties.isEmpty()
                    || !driverProperties.isEmpty())) {
                throw new IllegalStateException("a config of an application's DataSource takes its connections as the "
                        + "pool makes them: set the user, password, pool and driver properties on the pool itself");
            }
            if (dataSource != null && standby != null) {
                throw new IllegalStateException("a config of an application's DataSource cannot have a standby URL: "
                        + "give the standby's pool a broker of its own");
            }
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
