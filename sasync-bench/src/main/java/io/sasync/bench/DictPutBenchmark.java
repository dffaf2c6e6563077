package io.sasync.bench;

import io.sasync.DatabaseConfig;
import io.sasync.spi.Upsert;
import io.sasync.store.Codec;
import io.sasync.persistence.Codecs;
import io.sasync.persistence.KeyCodecs;
import io.sasync.persistence.Stores;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 4: {@link PersistentDict} puts written behind, against raw JDBC writing the same
 * rows (the dict's table, group, names and encoded payloads, through the dialect's upsert) in
 * batches of {@value #RAW_BATCH}, one transaction per batch, and in one transaction per put.
 * Each invocation writes {@value #PUTS} keys, all different, and waits until they are committed
 * ({@link PersistentDict#flush()} for the dict); the score counts puts. One subclass per
 * database.
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class DictPutBenchmark {

    /** Puts per invocation, then a flush. */
    static final int PUTS = DictPuts.PUTS;
    /** Rows per JDBC batch and transaction on the raw batched side. */
    static final int RAW_BATCH = 100;

    private final Codec<Object> codec = Codecs.standard();
    private BenchDatabase database;
    private DictPuts puts;
    private Upsert upsert;

    /** @return the database to run on, with as many connections and workers as its tiny-transaction benchmark */
    abstract DatabaseConfig config();

    /** Starts a broker and makes a dict of its own; creates the dict's table. */
    @Setup(Level.Trial)
    public void open() {
        database = BenchDatabase.open(config());
        puts = new DictPuts(database, id -> Stores.dict(database.broker(), id, KeyCodecs.strings(), codec));
        database.broker().table(Stores.itemsTable()).join();
        upsert = database.dialect().upsert(Stores.itemsTable(), List.of("group_id", "name"), List.of("payload"));
    }

    /**
     * Shuts the dict down, deletes its rows and shuts the broker down.
     *
     * @throws SQLException when the rows or the broker's tables cannot be dropped
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        puts.close();
    }

    /** Puts through the dict, then a flush: the score counts puts. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(PUTS)
    public void putsSasync() {
        puts.putAndFlush();
    }

    /**
     * The same rows in raw JDBC batches of {@value #RAW_BATCH}, one transaction each.
     *
     * @throws SQLException when the database fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(PUTS)
    public void putsRawBatched() throws SQLException {
        for (int b = 0; b < PUTS / RAW_BATCH; b++) {
            database.raw(connection -> {
                try (PreparedStatement ps = connection.prepareStatement(upsert.sql())) {
                    for (int i = 0; i < RAW_BATCH; i++) {
                        bind(ps, puts.next());
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            });
        }
    }

    /**
     * The same rows in raw JDBC, one transaction per put.
     *
     * @throws SQLException when the database fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(PUTS)
    public void putsRawEach() throws SQLException {
        for (int i = 0; i < PUTS; i++) {
            database.raw(connection -> {
                try (PreparedStatement ps = connection.prepareStatement(upsert.sql())) {
                    bind(ps, puts.next());
                    return ps.executeUpdate();
                }
            });
        }
    }

    /** Binds the row the dict writes for put number {@code n}. */
    private void bind(PreparedStatement ps, long n) throws SQLException {
        Object[] row = upsert.arrange(new Object[] {puts.group(), puts.key(n), codec.encode(n)});
        for (int i = 0; i < row.length; i++) {
            ps.setObject(i + 1, row[i]);
        }
    }
}
