package io.sasync.bench;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.Row;
import io.sasync.TableSpec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * Benchmark 6: streaming {@value #ROWS} rows ({@code id BIGINT, label VARCHAR}) through
 * {@link io.sasync.Broker#stream} and {@link io.sasync.RowStream#forEach}, against iterating the
 * raw {@link ResultSet} on the benchmark thread with the same fetch size, auto-commit off (the
 * setting under which drivers such as PostgreSQL's read through a cursor instead of loading the
 * whole result). Both sides read every column of every row. The score counts rows.
 *
 * <p>The heap's high-water mark ({@link HeapProfiler}) is measured for the whole result and for
 * its first {@value #FEW_ROWS} rows: when it does not grow with the row count, streaming holds a
 * bounded number of rows whatever the result's size. The young generation is fixed at 64 MB so
 * that collections, which the high-water mark is read after, happen several times per stream.
 * One subclass per database.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Xmn64m"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public abstract class StreamBenchmark {

    /** Rows of the table: the whole result. */
    static final int ROWS = 1_000_000;
    /** Rows of the smaller result, to show that the heap does not grow with the row count. */
    static final int FEW_ROWS = 100_000;
    /** The raw side's fetch size: the rows sAsync reads per fetch. */
    private static final int FETCH_SIZE = 256;

    private BenchDatabase database;
    private String all;
    private String few;

    /** @return the database to run on */
    abstract DatabaseConfig config();

    /**
     * @param table the table, {@code (id BIGINT PRIMARY KEY, label VARCHAR(64))}
     * @param rows  how many rows to make
     * @return one statement inserting rows with ids 1 to {@code rows} and labels {@code 'row <id>'}
     */
    abstract String fill(String table, int rows);

    /**
     * Starts a broker and fills a table of {@value #ROWS} rows.
     *
     * @throws SQLException when the table cannot be filled
     */
    @Setup(Level.Trial)
    public void open() throws SQLException {
        database = BenchDatabase.open(config());
        TableSpec table = database.table(spec -> spec
                .column(Column.of("id", ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of("label", ColumnType.VARCHAR).withSize(64)));
        String name = database.dialect().quote(table.name());
        database.raw(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate(fill(name, ROWS));
            }
        });
        all = "SELECT id, label FROM " + name;
        few = all + " WHERE id <= " + FEW_ROWS;
    }

    /**
     * Drops the table and shuts the broker down.
     *
     * @throws SQLException when the table cannot be dropped
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        database.close();
    }

    /** @return a checksum of the rows: every row streamed through sAsync */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long streamSasync() {
        return sasync(all, ROWS);
    }

    /** @return a checksum of the rows: the first {@value #FEW_ROWS} rows streamed through sAsync */
    @Benchmark
    @OperationsPerInvocation(FEW_ROWS)
    public long streamSasyncFewRows() {
        return sasync(few, FEW_ROWS);
    }

    /**
     * @return a checksum of the rows: every row of the raw result set
     * @throws SQLException when the database fails
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long streamRaw() throws SQLException {
        return database.raw(connection -> {
            Checksum checksum = new Checksum();
            try (PreparedStatement ps = connection.prepareStatement(all, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        checksum.add(rs.getLong(1), rs.getString(2));
                    }
                }
            }
            return checksum.of(ROWS);
        });
    }

    private long sasync(String sql, int rows) {
        Checksum checksum = new Checksum();
        database.broker().stream(sql).forEach(row -> checksum.add(row)).join();
        return checksum.of(rows);
    }

    /** What both sides compute from every row, so that no column goes unread. */
    private static final class Checksum {
        private long rows;
        private long sum;

        void add(Row row) {
            add(row.get(0, Long.class), row.get(1, String.class));
        }

        void add(long id, String label) {
            rows++;
            sum += id + label.length();
        }

        long of(int expected) {
            if (rows != expected) {
                throw new IllegalStateException("read " + rows + " rows, expected " + expected);
            }
            return sum;
        }
    }
}
