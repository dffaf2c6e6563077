/**
 * The SQLite dialect plugin, {@link io.sasync.dialect.sqlite.SqliteDialect}, registered for
 * {@link java.util.ServiceLoader} in {@code META-INF/services/io.sasync.spi.Dialect}; the module
 * brings the driver, {@code org.xerial:sqlite-jdbc}, which carries SQLite itself.
 *
 * <h2>One worker, by default</h2>
 *
 * <p>SQLite lets one connection at a time write to a database: a second writer waits for the
 * lock ({@code busy_timeout}) and then fails with {@code SQLITE_BUSY}. The dialect therefore asks
 * for single-connection mode ({@code singleConnection()}), as the original sAsync did for SQLite:
 * the queue runs one worker, so transactions run one after another in priority order and never
 * wait for each other's locks. What is lost is reading in parallel: a long read holds up every
 * transaction queued behind it. Streams ({@code Broker.stream}) still read on connections of
 * their own, beside the worker.
 *
 * <p>A config overrides it by setting {@code workers(n)} explicitly
 * ({@code DatabaseConfig.builder(url).workers(4)}), which wins over the dialect's wish for one.
 * What that gains, with write-ahead logging: several transactions read at once, and a read no
 * longer waits behind a long transaction. What it loses: writes still take turns, but now inside
 * SQLite rather than in the queue's priority order. A writer that finds the lock taken waits up to
 * {@code busy_timeout} and then fails with {@code SQLITE_BUSY}, and two transactions that both
 * read and then both write cannot both go on, so one fails with {@code SQLITE_BUSY} at once.
 * Both are retryable: give such a broker's writes {@code TransactOptions.withRetry}. Keep
 * {@code maxConnections} at least at the workers plus the streams open at once.
 *
 * <h2>Journal mode and busy timeout</h2>
 *
 * <ul>
 *   <li>{@code journal_mode=WAL} on every pooled connection: with write-ahead logging, readers
 *       never block the writer and the writer never blocks readers, so a stream, or another
 *       process, reads while transactions commit; in SQLite's default rollback-journal mode a
 *       stream open during a commit would make the commit wait and then fail with
 *       {@code SQLITE_BUSY}. Each commit also writes less (one append to the log rather than a
 *       journal and the database). The mode is kept in the database file. It needs the file and
 *       its {@code -wal} and {@code -shm} companions on a local disk: not on a network share.
 *       A memory database ignores it.</li>
 *   <li>{@code busy_timeout=5000} (milliseconds): how long a connection waits for a lock another
 *       connection holds before it fails with {@code SQLITE_BUSY}. Within one broker the lone
 *       worker never waits for itself; the wait matters where another process writes to the same
 *       file, or while a checkpoint runs. Five seconds waits out ordinary write transactions of
 *       another process, and still ends a wait on a stuck writer with a retryable error rather
 *       than a hang.</li>
 *   <li>{@code synchronous} stays SQLite's {@code FULL}: a committed transaction survives a power
 *       failure, which the stores' promise ("nothing acknowledged is ever lost") needs.
 *       {@code synchronous=NORMAL} commits faster under write-ahead logging, at the price of the
 *       last transactions on a power failure (never on a crash of the process).</li>
 * </ul>
 *
 * <p>All three are connection properties of the driver: set others with
 * {@code DatabaseConfig.Builder.driverProperty} (which wins over the dialect's), or replace the
 * dialect's with the pool property {@code connectionProperties}.
 *
 * <h2>Memory databases</h2>
 *
 * <p>{@code jdbc:sqlite::memory:} is a database private to one connection, gone when it closes:
 * with it, use {@code maxConnections(1)} (a stream then waits for the worker's connection, and the
 * worker for the stream's) and expect the data to last as long as the broker's pool. A shared-cache
 * memory database, {@code jdbc:sqlite:file:name?mode=memory&cache=shared}, is one database for
 * every connection of the process while one of them is open: hold a connection of your own open
 * to keep it between brokers. Its connections lock whole tables: a stream and a write to the same
 * table exclude each other, and the loser fails at once with {@code SQLITE_LOCKED} (retryable).
 */
package io.sasync.dialect.sqlite;
