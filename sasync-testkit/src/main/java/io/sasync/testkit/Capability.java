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
    SCHEMAS("schemas made with CREATE SCHEMA"),

    /**
     * Two transactions may write different rows of one table at once, each holding locks on its
     * own rows. Lacked by databases that let one writer at a time hold the whole database (SQLite:
     * a second writer waits for {@code busy_timeout}, then fails with {@code SQLITE_BUSY}).
     * Without it, the deadlock check is skipped, since no deadlock can form; the lock-timeout
     * check still runs, with the second writer waiting for the first.
     */
    CONCURRENT_WRITES("two transactions writing at once"),

    /**
     * {@code DECIMAL} columns keep every digit of their precision (the checks use 31 digits).
     * Lacked by SQLite, whose {@code NUMERIC} affinity keeps a decimal as a 64-bit integer or a
     * double: 15 significant digits. Without it, decimals of 15 significant digits are checked
     * in place of the longer ones.
     */
    EXACT_DECIMALS("DECIMAL values of 31 digits kept exactly"),

    /**
     * Names follow standard SQL's case rules: an unquoted name folds to one case
     * ({@code PLAIN_NAME} is the table {@code plain_name}), a quoted one keeps its own
     * ({@code "mixed case"} is not {@code "Mixed Case"}). Lacked by SQLite, where every name
     * matches ignoring ASCII case, quoted or not, and by MariaDB and MySQL with
     * {@code lower_case_table_names=0} (the default on Linux), where table names are
     * case-sensitive, quoted or not. Without it, the dialect's {@code tableExists} must agree
     * with the database instead: a name written in another case is found exactly when the
     * database takes it for the same table.
     */
    STANDARD_NAME_CASE("unquoted names folding to one case, quoted ones keeping theirs"),

    /**
     * The driver's errors carry SQL states ({@link java.sql.SQLException#getSQLState()}). Lacked
     * by SQLite's driver, which reports SQLite's result code as the vendor code and no SQL state.
     * Without it, the checks that a failed transaction reports its SQL state check that it reports
     * the vendor code instead.
     */
    SQL_STATES("errors that carry SQL states");

    private final String description;

    Capability(String description) {
        this.description = description;
    }

    /** @return what the capability is, in a few words, for messages */
    public String description() {
        return description;
    }
}
