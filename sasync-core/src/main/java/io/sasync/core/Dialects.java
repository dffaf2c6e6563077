package io.sasync.core;

import io.sasync.DatabaseConfig;
import io.sasync.NoDialectException;
import io.sasync.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of {@link Dialect} plugins, and how one is chosen for a database.
 *
 * <p>An explicit dialect name in the {@link DatabaseConfig} wins. Otherwise, among the dialects
 * whose {@link Dialect#supportsUrl} accepts the URL, the one with the highest
 * {@link Dialect#priority()} is chosen (ties go to the first name in alphabetical order, so the
 * choice never depends on class path order). When none fits, {@link NoDialectException} names
 * the URL, without its password, and lists the dialects available.
 *
 * <pre>{@code
 * Dialect dialect = Dialects.load().forConfig(config);
 * }</pre>
 */
public final class Dialects {

    private static final Logger LOG = LoggerFactory.getLogger(Dialects.class);

    private final List<Dialect> dialects;

    private Dialects(List<Dialect> dialects) {
        this.dialects = List.copyOf(dialects);
    }

    /**
     * Loads the plugins visible to the thread's context class loader, or to this class's loader
     * when there is none.
     *
     * @return the registry
     */
    public static Dialects load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader != null ? loader : Dialects.class.getClassLoader());
    }

    /**
     * Loads the plugins registered in {@code META-INF/services/io.sasync.spi.Dialect} of a class
     * loader. A plugin that cannot be loaded is logged and skipped.
     *
     * @param loader the class loader to search
     * @return the registry
     */
    public static Dialects load(ClassLoader loader) {
        List<Dialect> found = new ArrayList<>();
        Iterator<Dialect> it = ServiceLoader.load(Dialect.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("Skipping a dialect plugin that cannot be loaded", e);
            }
        }
        return new Dialects(found);
    }

    /**
     * @param dialects the dialects to choose from
     * @return a registry of exactly these
     */
    public static Dialects of(List<? extends Dialect> dialects) {
        return new Dialects(new ArrayList<>(dialects));
    }

    /** @return every dialect of the registry */
    public List<Dialect> all() {
        return dialects;
    }

    /**
     * @param config a database config
     * @return the dialect it names, or else the best for its URL (for a config of an application's
     *         pool, the URL the pool was given, or else the URL its connections report)
     * @throws NoDialectException when the named dialect is missing or none supports the URL
     */
    public Dialect forConfig(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.dialect().isPresent()) {
            String name = config.dialect().get();
            return dialects.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new NoDialectException("No dialect named '" + name + "' for "
                            + config.safeUrl() + ". Available dialects: " + names()));
        }
        return forUrl(config.dataSource().map(Dialects::urlOf).orElse(config.url()));
    }

    /**
     * The URL of an application's pool: from its {@code getJdbcUrl()}, {@code getUrl()} or
     * {@code getURL()} (HikariCP, DBCP2, most drivers' data sources), without connecting; or else
     * from a connection's metadata.
     */
    private static String urlOf(DataSource dataSource) {
        for (String getter : List.of("getJdbcUrl", "getUrl", "getURL")) {
            try {
                Object url = dataSource.getClass().getMethod(getter).invoke(dataSource);
                if (url instanceof String text && text.startsWith("jdbc:")) {
                    return text;
                }
            } catch (ReflectiveOperationException | RuntimeException noSuchGetter) {
                // try the next one
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getURL();
        } catch (SQLException e) {
            throw new NoDialectException("cannot tell the database of " + dataSource.getClass().getName()
                    + ": it has no URL getter and gave no connection; name the dialect in the config", e);
        }
    }

    /**
     * @param jdbcUrl a JDBC URL
     * @return the highest-priority dialect supporting it
     * @throws NoDialectException when none does
     */
    public Dialect forUrl(String jdbcUrl) {
        return dialects.stream()
                .filter(d -> d.supportsUrl(jdbcUrl))
                .max(Comparator.comparingInt(Dialect::priority)
                        .thenComparing(Dialect::name, Comparator.reverseOrder()))
                .orElseThrow(() -> new NoDialectException("No dialect supports "
                        + DatabaseConfig.redact(jdbcUrl) + ". Available dialects: " + names()
                        + ". Add the sasync-dialect-<database> artifact, or name a dialect in the config."));
    }

    private List<String> names() {
        return dialects.stream().map(d -> d.name() + " (" + d.getClass().getName() + ")").toList();
    }

    @Override
    public String toString() {
        return "Dialects" + dialects.stream().map(Dialect::name).toList();
    }
}
