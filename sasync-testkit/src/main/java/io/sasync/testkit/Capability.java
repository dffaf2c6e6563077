package io.sasync.testkit;

/**
 * What a database may legitimately lack, and the contracts then do not check. A test class names
 * what its database lacks in {@link DatabaseUnderTest#lacks()}; by default it lacks nothing. Each
 * check that needs a capability the database lacks is skipped with a JUnit assumption whose
 * message names the capability, so the test report shows it as skipped, and why; every other
 * check still runs. Where a database lacking a capability must behave in a known way instead
 * (a database that pads comparisons must have a dialect that refuses keys ending in a space),
 * that is checked in its place.
 */
public enum Capability {

    /**
     * Table, column and index names may hold characters outside the Basic Multilingual Plane
     * (four bytes in UTF-8, such as emoji). Lacked by databases whose identifiers are stored in a
     * three-byte UTF-8 (MySQL's and MariaDB's {@code utf8mb3} data dictionary). Without it, the
     * checks of such names are skipped; names of one- to three-byte characters are still checked.
     */
    FOUR_BYTE_IDENTIFIERS("names outside the Basic Multilingual Plane"),

    /**
     * DDL ({@code CREATE TABLE}) runs inside the transaction and is rolled back with it. Lacked by
     * databases where DDL commits at once (H2, MySQL, MariaDB, Oracle). Without it, the check that
     * a failed transaction takes its tables with it is skipped.
     */
    TRANSACTIONAL_DDL("DDL that rolls back with its transaction"),

    /**
     * More than one connection may be open at once, each with its own transaction. Lacked by
     * databases that allow one connection only (SQLite in memory, say). A dialect whose
     * {@code singleConnection()} asks for one worker may still have it: Derby's does, and its
     * streams and lock checks use connections of their own. Without it, the checks that need two
     * transactions at once (locks, deadlocks, a stream read while other transactions run) are
     * skipped.
     */
    CONCURRENT_CONNECTIONS("two connections open at once"),

    /**
     * {@code TEXT} and {@code BLOB} columns hold values of a mebibyte and more. Lacked by databases
     * whose largest text and binary types are smaller. Without it, the round trips of values that
     * large are skipped; ordinary values of every type are still checked.
     */
    LARGE_OBJECTS("TEXT and BLOB values of a mebibyte"),

    /**
     * Comparing {@code VARCHAR} values sees trailing spaces: {@code 'a'} and {@code 'a '} differ.
     * Lacked by databases that compare blank-padded (Derby; MySQL and MariaDB collations with
     * {@code PAD SPACE}). Without it, the dialect's {@code keyTextProblem} must refuse key texts
     * ending in a space, which the dialect contract checks instead, since the database would
     * otherwise merge {@code "a"} and {@code "a "} into one key.
     */
    TRAILING_SPACES_SIGNIFICANT("comparisons that see trailing spaces"),

    /**
     * Several schemas in one database, made with {@code CREATE SCHEMA} and addressed as
     * {@code schema.table}, for stores in a schema of their own. Lacked by SQLite (whose attached
     * databases are not made with {@code CREATE SCHEMA}).
     */
    SCHEMAS("schemas made with CREATE SCHEMA");

    private final String description;

    Capability(String description) {
        this.description = description;
    }

    /** @return what the capability is, in a few words, for messages */
    public String description() {
        return description;
    }
}
