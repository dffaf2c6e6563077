package io.sasync.bench;

import io.sasync.DatabaseConfig;
import io.sasync.core.AccessBroker;
import io.sasync.persistence.Codecs;
import io.sasync.persistence.Coherence;
import io.sasync.persistence.KeyCodecs;
import io.sasync.persistence.StoreTables;
import io.sasync.persistence.Stores;
import io.sasync.store.PersistentDict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Several processes on one PostgreSQL database, over loopback.
 *
 * <ul>
 *   <li><b>The cost of coherence</b> (JMH): {@value #PUTS} puts to a dict, then a flush, with
 *       coherence {@code off} and {@code on} (each batch also sends a {@code pg_notify}, and the
 *       dict's broker holds a listening connection); the score counts puts, and the ratio
 *       {@code on / off} is the cost. Its methods start with {@code coherence}, a group of its
 *       own that {@link Report} does not run:
 *       {@code java -jar sasync-bench/target/benchmarks.jar CoherenceBenchmark}.</li>
 *   <li><b>Staleness across processes</b> ({@link #main}): this JVM writes a key of a coherent
 *       dict and waits for each write to commit; a child JVM, with its own broker and a coherent
 *       preloaded dict, reports on its standard output when its map shows each new value. The
 *       figure for a write is from its commit (its future completing) to the report arriving
 *       here, so it includes the pipe from the child; printed as p50, p99 and max:
 *       {@code java -cp sasync-bench/target/benchmarks.jar io.sasync.bench.CoherenceBenchmark [writes]}.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CoherenceBenchmark {

    /** Puts per invocation, then a flush. */
    static final int PUTS = DictPuts.PUTS;
    /** Writes the staleness probe measures by default. */
    private static final int WRITES = 2000;

    /** Whether the dict is coherent: {@code off} or {@code on}. */
    @Param({"off", "on"})
    public String coherence;

    private DictPuts puts;

    /** Starts a broker and makes a dict of its own, coherent or not; creates the dict's table. */
    @Setup(Level.Trial)
    public void open() {
        BenchDatabase database = BenchDatabase.open(BenchDatabase.postgres(4));
        puts = new DictPuts(database, id -> Stores.dict(database.broker(), id, StoreTables.defaults(),
                KeyCodecs.strings(), Codecs.standard(),
                coherence.equals("on") ? Coherence.acrossProcesses() : Coherence.off()));
        puts.dict().get("warm").join(); // creates the table, and starts listening when coherent
    }

    /**
     * Shuts the dict down, deletes its rows and shuts the broker down.
     *
     * @throws SQLException when the pool cannot be closed
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        puts.close();
    }

    /** Puts, then a flush: the score counts puts. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(PUTS)
    public void coherencePuts() {
        puts.putAndFlush();
    }

    /**
     * The staleness probe, or with first argument {@code reader}, its child.
     *
     * @param args the number of writes; or {@code reader} and the dict's id
     * @throws Exception when the database or the child fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("reader")) {
            read(args[1]);
            return;
        }
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : WRITES;
        String id = "staleness-" + UUID.randomUUID();
        DatabaseConfig config = BenchDatabase.postgres(2);
        AccessBroker broker = new AccessBroker(config);
        PersistentDict<String, Object> writer = Stores.dict(broker, id, Coherence.acrossProcesses());
        writer.put("t", 0).join();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CoherenceBenchmark.class.getName(), "reader", id)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        Thread lines = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    seen.add(line);
                }
            } catch (IOException e) {
                seen.add("gone");
            }
        }, "staleness-reader");
        lines.setDaemon(true);
        lines.start();
        try {
            expect(seen, "ready");
            long[] nanos = new long[writes];
            for (int n = 1; n <= writes; n++) {
                writer.put("t", n).join();
                long committed = System.nanoTime();
                expect(seen, "seen " + n);
                nanos[n - 1] = System.nanoTime() - committed;
            }
            Arrays.sort(nanos);
            System.out.printf("staleness across processes, %d writes: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", writes,
                    nanos[writes / 2] / 1e6, nanos[(int) (writes * 0.99) - 1] / 1e6, nanos[writes - 1] / 1e6);
        } finally {
            child.destroy();
            broker.update("DELETE FROM sasync_items WHERE group_id = ?", Stores.groupId(id)).join();
            broker.shutdown().join();
        }
    }

    private static void expect(BlockingQueue<String> lines, String line) throws InterruptedException {
        String got = lines.poll(30, TimeUnit.SECONDS);
        if (!line.equals(got)) {
            throw new IllegalStateException("the reader answered " + got + ", not " + line);
        }
    }

    /** The child: reports each new value of {@code t} in its preloaded coherent dict. */
    private static void read(String id) {
        AccessBroker broker = new AccessBroker(BenchDatabase.postgres(2));
        Map<String, Object> map = Stores.dict(broker, id, Coherence.acrossProcesses()).preload().join();
        PrintStream out = System.out;
        out.println("ready");
        out.flush();
        Object last = map.get("t");
        long idleSince = System.nanoTime();
        while (System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(60)) {
            Object now = map.get("t");
            if (!now.equals(last)) {
                out.println("seen " + now);
                out.flush();
                last = now;
                idleSince = System.nanoTime();
            }
            LockSupport.parkNanos(20_000);
        }
        Runtime.getRuntime().halt(0);
    }
}
