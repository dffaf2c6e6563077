package io.sasync.examples;

import io.sasync.DatabaseConfig;
import java.util.List;

/**
 * The same code on another database: only the URL changes, and the dialect artifact on the class
 * path ({@code sasync-dialect-sqlite}, {@code sasync-dialect-mariadb}, …). Run it with a URL, or
 * without one for an SQLite file under {@code target/}:
 *
 * <pre>
 * mvn -q -pl sasync-examples -am compile exec:java -Dexec.mainClass=io.sasync.examples.SwitchingDatabases
 * mvn -q -pl sasync-examples -am compile exec:java -Dexec.mainClass=io.sasync.examples.SwitchingDatabases \
 *     -Dexec.args="jdbc:mariadb://127.0.0.1:3306/test?user=root"
 * </pre>
 */
public final class SwitchingDatabases {

    /** The database used when no URL is given: an SQLite file, made on first use. */
    static final String DEFAULT_URL = "jdbc:sqlite:target/people.db";

    private SwitchingDatabases() {
    }

    /**
     * @param args the JDBC URL of a database, or nothing for {@link #DEFAULT_URL}
     */
    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : DEFAULT_URL;
        System.out.println("Everybody on " + DatabaseConfig.of(url).safeUrl() + ", oldest first:");
        oldestFirst(url).forEach(name -> System.out.println("   " + name));
    }

    /**
     * Creates and seeds the people table where it is missing, and reads it.
     *
     * @param url a JDBC URL
     * @return the names of everybody, oldest first
     */
    static List<String> oldestFirst(String url) {
        try (PeopleBroker people = new PeopleBroker(DatabaseConfig.of(url))) {
            return people.everybody().join().stream().map(row -> row.get("name", String.class)).toList();
        }
    }
}
