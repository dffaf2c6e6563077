package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster that a test owns: it may restart it, crash it or stop it, which a
 * test must never do to the shared server. Made with the Debian {@code postgresql-common} tools
 * ({@code pg_createcluster}, {@code pg_ctlcluster}, {@code pg_dropcluster}), listening on a free
 * loopback port with trust authentication, superuser {@code postgres}.
 *
 * <pre>{@code
 * try (OwnedPostgresCluster cluster = OwnedPostgresCluster.create()) {
 *     AccessBroker broker = new AccessBroker(factory, DatabaseConfig.builder(cluster.jdbcUrl()).user("postgres").build());
 *     cluster.restart();   // every connection is cut; the server is back when this returns
 * }                        // stopped and removed, data and configuration included
 * }</pre>
 *
 * <p>The cluster is removed by {@link #close()}, or by a JVM shutdown hook if the test never gets
 * there. A JVM killed outright leaves its cluster running; the next {@link #create()} in any JVM
 * removes it: each cluster's owner holds a file lock ({@value #LOCKS}), which the operating system
 * releases when the owner dies, and a cluster whose lock is free is an orphan. Clusters named
 * {@value #PREFIX}… without such a lock file are not this class's, and are left alone.
 *
 * <p>Needs the server binaries and the {@code postgresql-common} tools, run by root (the clusters
 * run as {@code postgres}). Where they are missing, {@link #assumeAvailable()} skips the test
 * loudly, or fails it under {@code CI=true} or {@code -Dsasync.pg.required=true}. The major
 * version is the highest installed, or {@code SASYNC_PG_CLUSTER_VERSION}.
 *
 * <p>The settings favour speed over durability against a power cut ({@code fsync = off}), which
 * a process crash ({@link #crash()}) does not need: the server still writes every commit to the
 * operating system before it acknowledges it.
 */
final class OwnedPostgresCluster implements AutoCloseable {

    /** The prefix of every owned cluster's name. */
    static final String PREFIX = "sasync_";

    /** The directory of the owners' lock files, one per live cluster. */
    static final String LOCKS = "/tmp/sasync-owned-clusters";

    private static final Path BIN = Path.of("/usr/bin");
    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static final int PORT_ATTEMPTS = 3;
    private static final Map<String, String> DEFAULTS = defaults();
    private static boolean swept;

    private final String version;
    private final String name;
    private final int port;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread hook;
    private boolean closed;

    private OwnedPostgresCluster(String version, String name, int port, FileChannel lockChannel, FileLock lock) {
        this.version = version;
        this.name = name;
        this.port = port;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.hook = new Thread(this::dropQuietly, "drop-" + name);
    }

    private static Map<String, String> defaults() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "'127.0.0.1'");
        settings.put("fsync", "off");
        settings.put("max_connections", "50");
        settings.put("shared_buffers", "'16MB'");
        return settings;
    }

    // ------------------------------------------------------------------ prerequisites

    /**
     * Skips the calling test, loudly, where clusters cannot be made here; under {@code CI=true}
     * or {@code -Dsasync.pg.required=true} fails it instead.
     */
    static void assumeAvailable() {
        Optional<String> missing = missingPrerequisite();
        if (missing.isEmpty()) {
            return;
        }
        String message = "cannot create a PostgreSQL cluster of the test's own: " + missing.get();
        if (TestPostgres.required()) {
            fail(message + "; PostgreSQL is required (CI=true or -Dsasync.pg.required=true)");
        }
        System.err.println("\n*** SKIPPING OWNED-CLUSTER POSTGRESQL TESTS: " + message + " ***\n");
        Assumptions.abort(message);
    }

    /**
     * As {@link #assumeAvailable()}, for tests that also make standbys: needs
     * {@code pg_basebackup} and {@code runuser} besides.
     */
    static void assumeStandbysAvailable() {
        assumeAvailable();
        Path basebackup = Path.of("/usr/lib/postgresql", installedVersion().orElseThrow(), "bin", "pg_basebackup");
        for (Path tool : List.of(basebackup, Path.of("/usr/sbin/runuser"))) {
            if (!Files.isExecutable(tool)) {
                String message = "cannot create a PostgreSQL standby of the test's own: " + tool + " not found";
                if (TestPostgres.required()) {
                    fail(message + "; PostgreSQL is required (CI=true or -Dsasync.pg.required=true)");
                }
                System.err.println("\n*** SKIPPING POSTGRESQL STANDBY TESTS: " + message + " ***\n");
                Assumptions.abort(message);
            }
        }
    }

    private static Optional<String> missingPrerequisite() {
        for (String tool : List.of("pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "pg_lsclusters")) {
            if (!Files.isExecutable(BIN.resolve(tool))) {
                return Optional.of(BIN.resolve(tool) + " not found (install postgresql-common)");
            }
        }
        if (installedVersion().isEmpty()) {
            return Optional.of("no PostgreSQL server under /usr/lib/postgresql");
        }
        if (!Files.isWritable(Path.of("/etc/postgresql"))) {
            return Optional.of("/etc/postgresql is not writable: clusters are made by root");
        }
        return Optional.empty();
    }

    private static Optional<String> installedVersion() {
        String forced = System.getenv("SASYNC_PG_CLUSTER_VERSION");
        if (forced != null && !forced.isBlank()) {
            return Optional.of(forced.trim());
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                    .map(v -> v.getFileName().toString())
                    .filter(v -> v.matches("\\d+"))
                    .max(Comparator.comparingInt(Integer::parseInt));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ creation

    /** @return a new cluster with the default settings, started */
    static OwnedPostgresCluster create() throws IOException {
        return create(Map.of());
    }

    /**
     * Creates and starts a cluster on a free loopback port. Another process may take the port
     * between the probe and the server's start; then the cluster is made again on another one.
     *
     * @param settings {@code postgresql.conf} settings added to (or overriding) the defaults,
     *                 values written as they are ({@code "'16MB'"}, {@code "on"})
     * @return the running cluster
     */
    static OwnedPostgresCluster create(Map<String, String> settings) throws IOException {
        String version = installedVersion().orElseThrow(() -> new IllegalStateException(
                "no PostgreSQL server under /usr/lib/postgresql"));
        sweepOrphans();
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
        all.putAll(settings);
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            String name = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            OwnedPostgresCluster cluster = lockAndRegister(version, name, freePort());
            try {
                cluster.initialize(all);
                cluster.start();
                return cluster;
            } catch (IllegalStateException | IOException e) {
                try {
                    cluster.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                if (failure == null) {
                    failure = new IllegalStateException("could not create a PostgreSQL cluster in "
                            + PORT_ATTEMPTS + " attempts", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    /**
     * Creates and starts a streaming standby of a running primary: a cluster of its own on a
     * free loopback port whose data directory is a {@code pg_basebackup -R} of the primary,
     * connecting as {@code applicationName} (the name {@code synchronous_standby_names} and
     * {@code pg_stat_replication} know it by). Returns once the primary sees it streaming.
     *
     * @param primary         the primary, running
     * @param applicationName the standby's name on the primary
     * @param timeout         how long the standby may take to catch up and stream
     * @return the running standby, read-only ({@code pg_is_in_recovery()} is true) until promoted
     */
    static OwnedPostgresCluster createStandby(OwnedPostgresCluster primary, String applicationName, Duration timeout)
            throws IOException, SQLException, InterruptedException {
        String name = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        OwnedPostgresCluster standby = lockAndRegister(primary.version, name, freePort());
        try {
            Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
            all.putAll(primary.settings);
            standby.initialize(all);
            standby.emptyDataDirectory();
            runAsPostgres(Path.of("/usr/lib/postgresql", primary.version, "bin", "pg_basebackup").toString(),
                    "-D", standby.dataDirectory().toString(), "-X", "stream", "-R", "-c", "fast",
                    "-d", "host=127.0.0.1 port=" + primary.port + " user=" + primary.user()
                            + " application_name=" + applicationName);
            standby.start();
            primary.awaitReplication(applicationName, "async", timeout);
            return standby;
        } catch (IOException | SQLException | InterruptedException | RuntimeException | Error e) {
            try {
                standby.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Removes what {@code initdb} made, for a base backup to take its place. */
    private void emptyDataDirectory() throws IOException {
        try (Stream<Path> files = Files.list(dataDirectory())) {
            for (Path top : files.toList()) {
                try (Stream<Path> tree = Files.walk(top)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    /** Takes the owner's lock first, so that no other JVM ever sees this cluster without one. */
    private static OwnedPostgresCluster lockAndRegister(String version, String name, int port) throws IOException {
        Path dir = Files.createDirectories(Path.of(LOCKS));
        FileChannel channel = FileChannel.open(lockFile(dir, version, name),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        OwnedPostgresCluster cluster = new OwnedPostgresCluster(version, name, port, channel, lock);
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        return cluster;
    }

    private static Path lockFile(Path dir, String version, String name) {
        return dir.resolve(version + "-" + name + ".lock");
    }

    /** @return a loopback port nobody listened on a moment ago */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private void initialize(Map<String, String> settings) throws IOException {
        this.settings.putAll(settings);
        run("pg_createcluster", version, name, "--port", Integer.toString(port), "--start-conf", "manual",
                "--locale", "C", "--encoding", "UTF8", "--", "--auth=trust", "--no-sync");
        StringBuilder conf = new StringBuilder("# written by ").append(getClass().getSimpleName()).append('\n');
        settings.forEach((key, value) -> conf.append(key).append(" = ").append(value).append('\n'));
        Files.writeString(configDirectory().resolve("conf.d").resolve("zz-owned-cluster.conf"), conf);
    }

    // ------------------------------------------------------------------ what it is

    /** @return the cluster's name ({@value #PREFIX}…) */
    String name() {
        return name;
    }

    /** @return the server's major version */
    String version() {
        return version;
    }

    /** @return the loopback port the server listens on */
    int port() {
        return port;
    }

    /** @return the JDBC URL of the {@code postgres} database */
    String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /**
     * @param database a database name, which need not exist yet
     * @return its JDBC URL
     */
    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** @return the superuser's name */
    String user() {
        return "postgres";
    }

    /** @return the directory of {@code postgresql.conf}, {@code pg_hba.conf} and {@code conf.d} */
    Path configDirectory() {
        return Path.of("/etc/postgresql", version, name);
    }

    /** @return the data directory */
    Path dataDirectory() {
        return Path.of("/var/lib/postgresql", version, name);
    }

    /** @return the server's log file */
    Path logFile() {
        return Path.of("/var/log/postgresql", "postgresql-" + version + "-" + name + ".log");
    }

    /**
     * @return a new direct connection to the {@code postgres} database as superuser
     */
    Connection connect() throws SQLException {
        return connect("postgres");
    }

    /**
     * @param database the database
     * @return a new direct connection to it as superuser
     */
    Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user());
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "30");
        p.setProperty("ApplicationName", "owned-cluster-admin");
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** Runs one statement on the {@code postgres} database, e.g. {@code CREATE DATABASE}. */
    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Waits (at most 30 s) until a query on the {@code postgres} database counts at least one row.
     *
     * @param sql  a query of one count, its parameters given as {@code ?}
     * @param what what the count shows, for the failure's message
     * @param params the query's parameters
     */
    void awaitCount(String sql, String what, Object... params) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    fail("not within 30 s on " + this + ": " + what);
                }
                Thread.sleep(5);
            }
        }
    }

    // ------------------------------------------------------------------ what a test does to it

    /** Starts the server; returns once it accepts connections (after crash recovery, if any). */
    void start() {
        ctl(version, name, "start");
    }

    /** Stops the server cleanly: sessions are ended ({@code 57P01}), then a checkpoint is written. */
    void stop() {
        ctl(version, name, "stop", "-m", "fast");
    }

    /**
     * Restarts the server the way an administrator does ({@code -m fast}): every session is ended,
     * then the server starts again. Returns once it accepts connections.
     */
    void restart() {
        ctl(version, name, "restart", "-m", "fast");
    }

    /**
     * Crashes the server: an immediate stop, every process quits at once without a checkpoint, so
     * the next {@link #start()} runs crash recovery. Returns once the server is gone.
     */
    void crash() {
        ctl(version, name, "stop", "-m", "immediate");
    }

    /**
     * Promotes a standby to a primary ({@code pg_ctl promote}); returns once it accepts writes.
     */
    void promote() {
        ctl(version, name, "promote");
    }

    /**
     * Makes commits on this primary wait until the named standby has them
     * ({@code synchronous_standby_names}, with {@code synchronous_commit = on}, the default), or,
     * given no name, stop waiting for any standby. Set with {@code ALTER SYSTEM} and a reload, so
     * it is in effect when this returns and never copied into a standby's base backup.
     *
     * @param applicationName the standby's name, or {@code null} for none
     */
    void synchronousStandby(String applicationName) throws SQLException {
        String value = applicationName == null ? "" : applicationName;
        if (!value.matches("[A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain standby name: " + value);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET synchronous_standby_names = '" + value + "'");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /**
     * Waits until this primary's {@code pg_stat_replication} shows the named standby streaming,
     * with the given {@code sync_state} or a stronger one ({@code sync} over {@code async}).
     *
     * @param applicationName the standby's name
     * @param syncState       {@code "async"} for any streaming standby, {@code "sync"} for a synchronous one
     * @param timeout         how long to wait
     */
    void awaitReplication(String applicationName, String syncState, Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = "nothing";
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT state, sync_state FROM pg_stat_replication"
                     + " WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        String state = rs.getString(1);
                        String sync = rs.getString(2);
                        seen = state + "/" + sync;
                        if ("streaming".equals(state) && (syncState.equals(sync) || "sync".equals(sync))) {
                            return;
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(this + " did not see standby " + applicationName + " streaming ("
                            + syncState + ") within " + timeout.toSeconds() + " s; last seen: " + seen);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Stops the server and removes the cluster, its data, configuration and log. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            drop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is already running or done
            }
            releaseLock();
        }
    }

    private void drop() {
        drop(version, name);
    }

    /** Stops and removes a cluster, if it exists. */
    private static void drop(String version, String name) {
        if (!Files.isDirectory(Path.of("/etc/postgresql", version, name))) {
            return;
        }
        try {
            run("pg_dropcluster", "--stop", version, name);
        } catch (IllegalStateException e) {
            // A server that will not stop cleanly is stopped at once, then removed.
            runQuietly(() -> ctl(version, name, "stop", "-m", "immediate"));
            run("pg_dropcluster", "--stop", version, name);
        }
    }

    private synchronized void dropQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            drop();
        } catch (RuntimeException e) {
            System.err.println("could not remove PostgreSQL cluster " + version + "/" + name + ": " + e.getMessage());
        }
        releaseLock();
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
            Files.deleteIfExists(lockFile(Path.of(LOCKS), version, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + version + " cluster " + name + " on 127.0.0.1:" + port;
    }

    // ------------------------------------------------------------------ orphans

    /**
     * Removes the clusters of earlier runs that died without removing theirs: those whose owner's
     * lock file is there and no longer locked. Runs once per JVM.
     */
    static synchronized void sweepOrphans() {
        if (swept) {
            return;
        }
        swept = true;
        Path dir = Path.of(LOCKS);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> locks;
        try (Stream<Path> files = Files.list(dir)) {
            locks = files.filter(f -> f.getFileName().toString().endsWith(".lock")).toList();
        } catch (IOException e) {
            System.err.println("could not list " + dir + ": " + e.getMessage());
            return;
        }
        for (Path file : locks) {
            String base = file.getFileName().toString().replaceFirst("\\.lock$", "");
            int dash = base.indexOf('-');
            if (dash < 0 || !base.startsWith(PREFIX, dash + 1)) {
                continue;
            }
            String version = base.substring(0, dash);
            String name = base.substring(dash + 1);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                FileLock orphan = channel.tryLock();
                if (orphan == null) {
                    continue; // its owner is alive
                }
                try {
                    if (Files.isDirectory(Path.of("/etc/postgresql", version, name))) {
                        System.err.println("removing PostgreSQL cluster " + version + "/" + name
                                + " left behind by an earlier test run");
                        drop(version, name);
                    }
                    Files.deleteIfExists(file);
                } catch (IllegalStateException e) {
                    System.err.println(e.getMessage());
                } finally {
                    orphan.release();
                }
            } catch (NoSuchFileException | OverlappingFileLockException e) {
                // removed by its owner meanwhile, or owned by this JVM
            } catch (IOException e) {
                System.err.println("could not check " + file + ": " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ commands

    private static void runQuietly(Runnable command) {
        try {
            command.run();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
        }
    }

    /**
     * Runs {@code pg_ctlcluster} itself rather than through systemd, which on a machine booted
     * with it would otherwise start and stop the server (and knows nothing of these clusters).
     */
    private static void ctl(String version, String name, String... action) {
        List<String> args = new ArrayList<>(List.of("--skip-systemctl-redirect", version, name));
        args.addAll(List.of(action));
        run("pg_ctlcluster", args.toArray(String[]::new));
    }

    /** Runs a server program as the {@code postgres} user, who owns the clusters' files. */
    private static void runAsPostgres(String program, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", "postgres", "--", program));
        command.addAll(List.of(args));
        run(command);
    }

    /**
     * Runs a {@code postgresql-common} tool, its output going to a file rather than a pipe (the
     * server it starts must not hold the pipe open), for at most a minute.
     */
    private static void run(String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(BIN.resolve(tool).toString());
        command.addAll(List.of(args));
        run(command);
    }

    /** Runs a command, its output going to a file, for at most a minute. */
    private static void run(List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("owned-cluster-", ".out");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + COMMAND_TIMEOUT_SECONDS + " s: " + read(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ": " + read(output));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temporary file left behind
                }
            }
        }
    }

    private static String read(Path output) throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8).strip();
    }
}
