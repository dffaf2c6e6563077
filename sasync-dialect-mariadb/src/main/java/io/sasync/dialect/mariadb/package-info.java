/**
 * The MariaDB dialect plugin, {@link io.sasync.dialect.mariadb.MariaDbDialect}, registered for
 * {@link java.util.ServiceLoader} in {@code META-INF/services/io.sasync.spi.Dialect}; the module
 * brings MariaDB Connector/J 3.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li><b>MariaDB only.</b> {@code jdbc:mariadb:} URLs are served, {@code jdbc:mysql:} ones are
 *       not: the tables are written with MariaDB's {@code utf8mb4_nopad_bin} collation, which
 *       MySQL 8 lacks (its no-pad binary collation is {@code utf8mb4_0900_bin}), and no MySQL
 *       server can be tested here. A MySQL dialect would be a module of its own.</li>
 *   <li><b>Exact text.</b> Every table is InnoDB with {@code utf8mb4} and the binary, no-pad
 *       collation, so that text compares as on PostgreSQL and H2: {@code "a"}, {@code "A"},
 *       {@code "á"} and {@code "a "} are four keys, not one as under the server's usual
 *       case-insensitive, space-padding collations.</li>
 *   <li><b>Names refused early.</b> MariaDB stores names in its {@code utf8mb3} data dictionary,
 *       at most 64 characters, and refuses a trailing space; {@code identifierProblem} says so, and
 *       {@code Broker.table} refuses such a table with an {@link java.lang.IllegalArgumentException}
 *       before any SQL is sent, rather than leave the server to fail the DDL.</li>
 *   <li><b>Schemas are databases.</b> Connector/J reports MariaDB's databases as JDBC catalogs,
 *       not schemas, so the dialect's catalog lookups ask for the catalog of the table's schema,
 *       or the connection's current database, and compare names exactly (the catalog's own
 *       comparison ignores case, while table names are case-sensitive).</li>
 *   <li><b>Streaming.</b> Connector/J reads a whole result into memory unless a fetch size is
 *       set; {@code Broker.stream} sets one (256), with which the driver reads rows off the socket
 *       256 at a time as they are asked for, so a million-row stream runs in flat memory. The
 *       stream's connection is its own and runs nothing else meanwhile (another statement on it
 *       would make the driver read the rest of the result first). {@code useCursorFetch} is
 *       MySQL's driver's option and not needed here.</li>
 *   <li><b>Pool.</b> No pool defaults: Connector/J implements
 *       {@link java.sql.Connection#isValid(int)} with a ping. Nothing is done at shutdown.</li>
 * </ul>
 */
package io.sasync.dialect.mariadb;
