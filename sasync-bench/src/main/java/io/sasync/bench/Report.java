package io.sasync.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite with the JMH {@link Runner} and prints, as a Markdown table, each
 * library/baseline ratio with its error and whether it meets its target. The table of
 * docs/BENCHMARKS.md is this program's output.
 *
 * <pre>{@code
 * java -cp sasync-bench/target/benchmarks.jar io.sasync.bench.Report            # full, ~40 min
 * java -cp sasync-bench/target/benchmarks.jar io.sasync.bench.Report --quick    # ~2 min
 * }</pre>
 *
 * <p>Benchmarks run in groups ({@link Group}), by the first word of their method names, each
 * with its own forks and iterations; the forks of the one-outstanding group are interleaved,
 * made in rounds of one fork of each of its benchmarks. Options: {@code --quick} (every
 * benchmark in the report's own JVM, a 0.5 s warm-up and 2 measured iterations of 0.3 s: a smoke
 * run whose errors are wide),
 * {@code --include REGEX} (only the benchmarks matching it), {@code --out FILE} (also write the
 * report there), {@code --json PREFIX} (JMH's own JSON results, in {@code PREFIX-<group>.json},
 * {@code PREFIX-<group>-<round>.json} for the rounds),
 * {@code --svg FILE} (a bar chart of every ratio with a target against it, {@link RatioChart}),
 * {@code --no-postgres}. PostgreSQL benchmarks are skipped, with a note, when
 * {@code SASYNC_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}) does not answer.
 *
 * <p>A ratio {@code r = a / b} gets the error {@code r·√((εa/a)² + (εb/b)²)} from the scores'
 * JMH errors {@code εa}, {@code εb} (half-widths of their 99.9% confidence intervals).
 */
public final class Report {

    /**
     * What a ratio divides: times per operation or heap high-water marks (lower is better), or
     * throughputs (higher is better).
     */
    enum Kind {
        TIME("time", null), THROUGHPUT("throughput", null), HEAP("heap high-water", HeapProfiler.LABEL);

        final String label;
        /** The secondary result compared, or {@code null} for the benchmark's score. */
        final String metric;

        Kind(String label, String metric) {
            this.label = label;
            this.metric = metric;
        }

        boolean higherIsBetter() {
            return this == THROUGHPUT;
        }
    }

    /**
     * Benchmarks whose method names start with {@code prefix}, run with the same settings.
     *
     * @param prefix      the first word of the methods' names
     * @param forks       forks in a full run
     * @param warmups     warm-up iterations in a full run
     * @param measured    measured iterations in a full run
     * @param seconds     seconds per iteration in a full run
     * @param heap        whether to add {@link HeapProfiler}
     * @param interleaved whether a full run makes its forks in rounds, one fork of every benchmark
     *                    of the group per round, instead of all forks of a benchmark in a row
     */
    record Group(String prefix, int forks, int warmups, int measured, int seconds, boolean heap,
                 boolean interleaved) {
        String settings() {
            return prefix + " " + forks + (forks == 1 ? " fork" : " forks") + (interleaved ? " (interleaved)" : "")
                    + " of " + warmups + " × " + seconds + " s warm-up, " + measured + " × " + seconds + " s measured";
        }
    }

    /**
     * The groups of a full run. One-outstanding latency depends on where the scheduler puts the
     * caller and the worker (a wake-up on the same core or across cores), which is decided once
     * per JVM, and on the server's answer time, which drifts over minutes: those benchmarks get
     * more forks, with shorter iterations, so each score averages both cases, made in rounds of
     * one fork of each, so that a slow stretch of the machine or the server costs each benchmark
     * it overlaps about one fork, instead of costing every fork of whichever benchmark runs during
     * it. The others vary little between forks; their groups keep the whole suite, about 75
     * benchmarks, near 40 minutes.
     */
    static final List<Group> GROUPS = List.of(
            new Group("one", 3, 3, 5, 1, false, true),
            new Group("pipelined", 2, 3, 5, 2, false, false),
            new Group("puts", 1, 3, 5, 2, false, false),
            new Group("get", 2, 3, 5, 1, false, false),
            new Group("stream", 1, 2, 5, 2, true, false));

    /**
     * A library benchmark against a baseline.
     *
     * @param issue    the benchmark's number in the issue
     * @param what     what is compared, for the table
     * @param library  the library benchmark, {@code Class.method}
     * @param baseline the baseline benchmark
     * @param kind     what the ratio divides
     * @param target   the bound the ratio must meet: at most it for times, at least it for
     *                 throughputs; {@code NaN} for a ratio shown for information
     */
    record Comparison(String issue, String what, String library, String baseline, Kind kind, double target) {
        boolean met(double ratio) {
            return kind.higherIsBetter() ? ratio >= target : ratio <= target;
        }

        String targetText() {
            if (Double.isNaN(target)) {
                return "—";
            }
            return (kind.higherIsBetter() ? "≥ " : "≤ ") + format(target);
        }
    }

    private static final double INFO = Double.NaN;

    static final List<Comparison> COMPARISONS = List.of(
            // 1: H2 in memory, 2 workers
            time("1", "H2, one outstanding: sAsync / floor behind an executor hop", "H2Benchmark.oneSasync",
                    "H2Benchmark.oneFloorHop", 1.2),
            time("1", "H2, one outstanding: sAsync with the defaults / floor behind an executor hop",
                    "H2Benchmark.oneSasyncDefaults", "H2Benchmark.oneFloorHop", 1.2),
            time("1", "H2, one outstanding: sAsync / raw JDBC behind an executor hop", "H2Benchmark.oneSasync",
                    "H2Benchmark.oneHop", 1.2),
            time("1", "H2, one outstanding: sAsync / floor", "H2Benchmark.oneSasync", "H2Benchmark.oneFloor", INFO),
            time("1", "H2, one outstanding: sAsync / raw JDBC", "H2Benchmark.oneSasync", "H2Benchmark.oneRaw", INFO),
            time("1", "H2, one outstanding: floor behind an executor hop / floor", "H2Benchmark.oneFloorHop",
                    "H2Benchmark.oneFloor", INFO),
            time("1", "H2, one outstanding: empty executor hop / floor", "H2Benchmark.oneHopEmpty",
                    "H2Benchmark.oneFloor", INFO),
            throughput("1", "H2, pipelined: sAsync / floor, a transaction per upsert", "H2Benchmark.pipelinedSasync",
                    "H2Benchmark.pipelinedFloor", 0.7),
            throughput("1", "H2, pipelined: sAsync / floor in auto-commit", "H2Benchmark.pipelinedSasync",
                    "H2Benchmark.pipelinedFloorAutoCommit", 0.8),
            throughput("1", "H2, pipelined: sAsync with the defaults / floor, a transaction per upsert",
                    "H2Benchmark.pipelinedSasyncDefaults", "H2Benchmark.pipelinedFloor", 0.7),
            throughput("1", "H2, pipelined: sAsync with the defaults / floor in auto-commit",
                    "H2Benchmark.pipelinedSasyncDefaults", "H2Benchmark.pipelinedFloorAutoCommit", 0.8),
            throughput("1", "H2, pipelined: sAsync / raw JDBC loop", "H2Benchmark.pipelinedSasync",
                    "H2Benchmark.pipelinedRaw", INFO),
            throughput("1", "H2, pipelined: sAsync without listener / with a listener that does nothing",
                    "H2Benchmark.pipelinedSasync", "H2Benchmark.pipelinedSasyncListener", 0.95),
            throughput("1", "H2, pipelined: sAsync / sAsync completing its futures on the worker",
                    "H2Benchmark.pipelinedSasync", "H2Benchmark.pipelinedSasyncOnWorker", INFO),
            throughput("1", "H2, pipelined: floor on 2 threads, a connection each / floor on 1",
                    "H2Benchmark.pipelinedFloor2Threads", "H2Benchmark.pipelinedFloor", INFO),
            // 2: PostgreSQL over loopback, 4 workers
            time("2", "PostgreSQL, one outstanding: sAsync / floor", "PostgresBenchmark.oneSasync",
                    "PostgresBenchmark.oneFloor", 1.1),
            time("2", "PostgreSQL, one outstanding: sAsync / floor behind an executor hop",
                    "PostgresBenchmark.oneSasync", "PostgresBenchmark.oneFloorHop", 1.0),
            time("2", "PostgreSQL, one outstanding: sAsync with the defaults / floor", "PostgresBenchmark.oneSasyncDefaults",
                    "PostgresBenchmark.oneFloor", 1.1),
            time("2", "PostgreSQL, one outstanding: floor behind an executor hop / floor",
                    "PostgresBenchmark.oneFloorHop", "PostgresBenchmark.oneFloor", INFO),
            time("2", "PostgreSQL, one outstanding: sAsync / raw JDBC", "PostgresBenchmark.oneSasync",
                    "PostgresBenchmark.oneRaw", INFO),
            time("2", "PostgreSQL, one outstanding: floor in auto-commit / floor", "PostgresBenchmark.oneFloorAutoCommit",
                    "PostgresBenchmark.oneFloor", INFO),
            throughput("2", "PostgreSQL, pipelined, 4 workers: sAsync / floor, 4 threads",
                    "PostgresBenchmark.pipelinedSasync", "PostgresBenchmark.pipelinedFloor4Threads", 0.95),
            throughput("2", "PostgreSQL, pipelined: sAsync with the defaults / floor, 4 threads",
                    "PostgresBenchmark.pipelinedSasyncDefaults", "PostgresBenchmark.pipelinedFloor4Threads", 0.95),
            throughput("2", "PostgreSQL, pipelined, 4 workers: sAsync / raw JDBC, 4 threads",
                    "PostgresBenchmark.pipelinedSasync", "PostgresBenchmark.pipelinedRaw4Threads", INFO),
            // 3: the peers
            throughput("3", "H2, pipelined: sAsync / JdbiExecutor", "H2Benchmark.pipelinedSasync",
                    "H2Benchmark.pipelinedJdbi", 1.0),
            throughput("3", "PostgreSQL, pipelined, 4 workers: sAsync / JdbiExecutor",
                    "PostgresBenchmark.pipelinedSasync", "PostgresBenchmark.pipelinedJdbi", 1.0),
            throughput("3", "PostgreSQL, pipelined, 4 connections: sAsync / Vert.x withTransaction",
                    "PostgresBenchmark.pipelinedSasync", "PostgresBenchmark.pipelinedVertx", 1.0),
            throughput("3", "PostgreSQL, pipelined, 4 connections: sAsync / R2DBC",
                    "PostgresBenchmark.pipelinedSasync", "PostgresBenchmark.pipelinedR2dbc", 1.0),
            throughput("3", "PostgreSQL, pipelined, 4 connections: sAsync / jOOQ transactionResultAsync",
                    "PostgresBenchmark.pipelinedSasync", "PostgresBenchmark.pipelinedJooq", 1.0),
            throughput("3", "PostgreSQL, pipelined: sAsync / Vert.x pipelining in auto-commit",
                    "PostgresBenchmark.pipelinedSasync", "PostgresBenchmark.pipelinedVertxAutoCommit", INFO),
            throughput("3", "PostgreSQL, pipelined: Vert.x pipelining in auto-commit / floor, 4 threads",
                    "PostgresBenchmark.pipelinedVertxAutoCommit", "PostgresBenchmark.pipelinedFloor4Threads", INFO),
            time("3", "PostgreSQL, one outstanding: sAsync / Vert.x withTransaction", "PostgresBenchmark.oneSasync",
                    "PostgresBenchmark.oneVertx", 1.0),
            time("3", "PostgreSQL, one outstanding: sAsync / R2DBC", "PostgresBenchmark.oneSasync",
                    "PostgresBenchmark.oneR2dbc", 1.0),
            time("3", "PostgreSQL, one outstanding: sAsync / jOOQ transactionResultAsync",
                    "PostgresBenchmark.oneSasync", "PostgresBenchmark.oneJooq", 1.0),
            time("3", "PostgreSQL, one outstanding: sAsync / JdbiExecutor", "PostgresBenchmark.oneSasync",
                    "PostgresBenchmark.oneJdbi", 1.0),
            // 4: dict puts
            throughput("4", "H2, dict puts: sAsync write-behind / raw JDBC batches of 100",
                    "H2DictPutBenchmark.putsSasync", "H2DictPutBenchmark.putsRawBatched", 0.8),
            throughput("4", "H2, dict puts: sAsync write-behind / raw JDBC transaction per put",
                    "H2DictPutBenchmark.putsSasync", "H2DictPutBenchmark.putsRawEach", 10),
            throughput("4", "H2, raw JDBC batches of 100 / raw JDBC transaction per put",
                    "H2DictPutBenchmark.putsRawBatched", "H2DictPutBenchmark.putsRawEach", INFO),
            throughput("4", "PostgreSQL, dict puts: sAsync write-behind / raw JDBC batches of 100",
                    "PostgresDictPutBenchmark.putsSasync", "PostgresDictPutBenchmark.putsRawBatched", 0.8),
            throughput("4", "PostgreSQL, dict puts: sAsync write-behind / raw JDBC transaction per put",
                    "PostgresDictPutBenchmark.putsSasync", "PostgresDictPutBenchmark.putsRawEach", 10),
            // 5: dict gets
            time("5", "dict get, cached: sAsync get().join() / ConcurrentHashMap.get",
                    "DictGetBenchmark.getSasync", "DictGetBenchmark.getConcurrentHashMap", INFO),
            time("5", "dict get, cached: preloaded Map view / ConcurrentHashMap.get",
                    "DictGetBenchmark.getPreloadedView", "DictGetBenchmark.getConcurrentHashMap", INFO),
            // 6: streams
            throughput("6", "PostgreSQL, 1 000 000 rows: sAsync stream / raw ResultSet",
                    "PostgresStreamBenchmark.streamSasync", "PostgresStreamBenchmark.streamRaw", 0.7),
            new Comparison("6", "PostgreSQL, sAsync stream: 1 000 000 rows / 100 000 rows",
                    "PostgresStreamBenchmark.streamSasync", "PostgresStreamBenchmark.streamSasyncFewRows", Kind.HEAP,
                    1.1),
            new Comparison("6", "PostgreSQL, 1 000 000 rows: sAsync stream / raw ResultSet",
                    "PostgresStreamBenchmark.streamSasync", "PostgresStreamBenchmark.streamRaw", Kind.HEAP, INFO),
            throughput("6", "H2 (lazy), 1 000 000 rows: sAsync stream / raw ResultSet",
                    "H2StreamBenchmark.streamSasync", "H2StreamBenchmark.streamRaw", 0.7),
            new Comparison("6", "H2 (lazy), sAsync stream: 1 000 000 rows / 100 000 rows",
                    "H2StreamBenchmark.streamSasync", "H2StreamBenchmark.streamSasyncFewRows", Kind.HEAP, 1.1),
            // 7-9: the single-connection and other databases
            throughput("7", "Derby, pipelined: sAsync / raw JDBC loop", "DerbyBenchmark.pipelinedSasync",
                    "DerbyBenchmark.pipelinedRaw", 0.7),
            throughput("7", "Derby, pipelined: sAsync / floor", "DerbyBenchmark.pipelinedSasync",
                    "DerbyBenchmark.pipelinedFloor", INFO),
            throughput("8", "SQLite, pipelined: sAsync / raw JDBC loop", "SqliteBenchmark.pipelinedSasync",
                    "SqliteBenchmark.pipelinedRaw", 0.9),
            throughput("8", "SQLite, pipelined: sAsync / floor", "SqliteBenchmark.pipelinedSasync",
                    "SqliteBenchmark.pipelinedFloor", 0.9),
            time("9", "MariaDB, one outstanding: sAsync / floor", "MariaDbBenchmark.oneSasync",
                    "MariaDbBenchmark.oneFloor", INFO),
            throughput("9", "MariaDB, pipelined, 4 workers: sAsync / raw JDBC, 4 threads",
                    "MariaDbBenchmark.pipelinedSasync", "MariaDbBenchmark.pipelinedRaw4Threads", 0.9),
            throughput("9", "MariaDB, pipelined, 4 workers: sAsync / floor, 4 threads",
                    "MariaDbBenchmark.pipelinedSasync", "MariaDbBenchmark.pipelinedFloor4Threads", 0.95));

    private static Comparison time(String issue, String what, String library, String baseline, double target) {
        return new Comparison(issue, what, library, baseline, Kind.TIME, target);
    }

    private static Comparison throughput(String issue, String what, String library, String baseline, double target) {
        return new Comparison(issue, what, library, baseline, Kind.THROUGHPUT, target);
    }

    private Report() {
    }

    /**
     * @param args see the class comment
     * @throws RunnerException when JMH fails
     * @throws IOException     when the report cannot be written
     */
    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = false;
        boolean postgres = true;
        String include = "io\\.sasync\\.bench\\..*";
        Path out = null;
        Path json = null;
        Path svg = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--no-postgres" -> postgres = false;
                case "--include" -> include = value(args, ++i);
                case "--out" -> out = Path.of(value(args, ++i));
                case "--json" -> json = Path.of(value(args, ++i));
                case "--svg" -> svg = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --quick, --include REGEX, --out FILE, --json PREFIX, --svg FILE, --no-postgres");
            }
        }
        String postgresNote = null;
        if (postgres) {
            postgresNote = postgresProblem();
        } else {
            postgresNote = "skipped (--no-postgres)";
        }

        List<ChainedOptionsBuilder> runs = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        for (Group group : GROUPS) {
            if (quick) {
                // In the report's own JVM: starting a fork would cost more than the iterations.
                runs.add(options(include, group, postgresNote != null, json, "").forks(0).warmupIterations(1)
                        .warmupTime(TimeValue.milliseconds(500)).measurementIterations(2)
                        .measurementTime(TimeValue.milliseconds(300)));
                continue;
            }
            settings.add(group.settings());
            int rounds = group.interleaved() ? group.forks() : 1;
            for (int round = 1; round <= rounds; round++) {
                runs.add(options(include, group, postgresNote != null, json, rounds == 1 ? "" : "-" + round)
                        .forks(group.forks() / rounds).warmupIterations(group.warmups())
                        .warmupTime(TimeValue.seconds(group.seconds())).measurementIterations(group.measured())
                        .measurementTime(TimeValue.seconds(group.seconds())));
            }
        }
        String setting = quick ? "quick: no fork, 1 × 0.5 s warm-up, 2 × 0.3 s measured" : "full: " + String.join("; ", settings);

        double loadBefore = load();
        Instant start = Instant.now();
        List<RunResult> results = new ArrayList<>();
        for (ChainedOptionsBuilder options : runs) {
            try {
                results.addAll(new Runner(options.build()).run());
            } catch (NoBenchmarksException e) {
                // --include chose none of this group.
            }
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches --include " + include);
        }
        Duration took = Duration.between(start, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        double loadAfter = load();

        Map<String, RunResult> byName = byName(results);
        String report = render(byName, setting, took, loadBefore, loadAfter, postgresNote);
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Files.writeString(out, report);
        }
        if (svg != null) {
            Files.writeString(svg, RatioChart.svg(measured(byName)));
        }
    }

    /**
     * @param include     the benchmarks asked for
     * @param group       the group to run
     * @param noPostgres  leave the PostgreSQL benchmarks out
     * @param json        where JMH writes its JSON results, as {@code <json>-<prefix><round>.json}; or {@code null}
     * @param round       {@code -<n>} for the n-th round of an interleaved group, else empty
     * @return options running the benchmarks asked for of the group
     */
    private static ChainedOptionsBuilder options(String include, Group group, boolean noPostgres, Path json,
                                                 String round) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^(?=.*(?:" + include + ")).*\\." + group.prefix() + "\\w*$")
                .shouldFailOnError(true)
                .addProfiler(CpuProfiler.class);
        if (group.heap()) {
            options.addProfiler(HeapProfiler.class);
        }
        if (noPostgres) {
            options.exclude("\\.Postgres\\w*Benchmark\\.");
        }
        if (json != null) {
            options.resultFormat(ResultFormatType.JSON).result(json + "-" + group.prefix() + round + ".json");
        }
        return options;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** @return why PostgreSQL cannot be benchmarked, or {@code null} when it answers */
    private static String postgresProblem() {
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(BenchDatabase.postgresUrl(), BenchDatabase.postgresUser(), null)) {
            return c.isValid(5) ? null : "skipped: " + BenchDatabase.postgresUrl() + " is not valid";
        } catch (SQLException e) {
            return "skipped: " + BenchDatabase.postgresUrl() + " does not answer (" + e.getMessage() + ")";
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * @param results the results of every run
     * @return the runs by {@code Class.method}; a benchmark's forks from the rounds of an
     *         interleaved group as one run
     */
    static Map<String, RunResult> byName(Collection<RunResult> results) {
        Map<String, RunResult> runs = new HashMap<>();
        for (RunResult run : results) {
            String benchmark = run.getParams().getBenchmark();
            runs.merge(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1), run,
                    Report::forksOfBoth);
        }
        return runs;
    }

    /** @return the forks of both, when they ran with the same parameters; else the later run, as before rounds */
    private static RunResult forksOfBoth(RunResult earlier, RunResult later) {
        if (!parameters(earlier).equals(parameters(later))) {
            return later;
        }
        List<BenchmarkResult> forks = new ArrayList<>(earlier.getBenchmarkResults());
        forks.addAll(later.getBenchmarkResults());
        return new RunResult(earlier.getParams(), forks);
    }

    private static Map<String, String> parameters(RunResult run) {
        Map<String, String> values = new HashMap<>();
        for (String key : run.getParams().getParamsKeys()) {
            values.put(key, run.getParams().getParam(key));
        }
        return values;
    }

    static String render(Map<String, RunResult> runs, String settings, Duration took,
                         double loadBefore, double loadAfter, String postgresNote) {
        StringBuilder md = new StringBuilder();
        md.append("Run: ").append(settings).append("; took ").append(took.toMinutes()).append(" min ")
                .append(took.toSecondsPart()).append(" s.\n");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.runtime.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append("); load average ")
                .append(format(loadBefore)).append(" before, ").append(format(loadAfter)).append(" after.\n");
        if (postgresNote != null) {
            md.append("PostgreSQL: ").append(postgresNote).append(".\n");
        }
        md.append('\n');
        md.append("| # | comparison | ratio of | ratio ± error | target | met |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Measured m : measured(runs)) {
            Comparison c = m.comparison();
            String met = Double.isNaN(c.target()) ? "—" : c.met(m.ratio()) ? "yes" : "**no**";
            md.append("| ").append(c.issue()).append(" | ").append(c.what()).append(" | ").append(c.kind().label)
                    .append(" | ").append(format(m.ratio())).append(Double.isNaN(m.error()) ? "" : " ± " + format(m.error()))
                    .append(" | ").append(c.targetText()).append(" | ").append(met).append(" |\n");
        }
        md.append('\n');
        md.append("| benchmark | score ± error (99.9%) | unit | CPU of the JVM per operation | heap high-water |\n");
        md.append("|---|---|---|---|---|\n");
        List<String> names = new ArrayList<>(runs.keySet());
        names.sort(null);
        for (String name : names) {
            RunResult run = runs.get(name);
            Result<?> r = run.getPrimaryResult();
            md.append("| ").append(name).append(" | ").append(format(r.getScore())).append(" ± ")
                    .append(format(r.getScoreError())).append(" | ").append(r.getScoreUnit()).append(" | ")
                    .append(text(result(run, CpuProfiler.LABEL))).append(" | ")
                    .append(text(result(run, HeapProfiler.LABEL))).append(" |\n");
        }
        return md.toString();
    }

    /**
     * A comparison's ratio in one run.
     *
     * @param comparison what was compared
     * @param ratio      library / baseline
     * @param error      the ratio's error, or {@code NaN}
     */
    record Measured(Comparison comparison, double ratio, double error) {
    }

    /** @return the comparisons whose two benchmarks both ran, in table order */
    static List<Measured> measured(Map<String, RunResult> runs) {
        List<Measured> measured = new ArrayList<>();
        for (Comparison c : COMPARISONS) {
            Result<?> a = result(runs.get(c.library()), c.kind().metric);
            Result<?> b = result(runs.get(c.baseline()), c.kind().metric);
            if (a != null && b != null) {
                double ratio = a.getScore() / b.getScore();
                measured.add(new Measured(c, ratio, ratio * Math.hypot(relative(a), relative(b))));
            }
        }
        return measured;
    }

    /** @return the run's score, or the secondary result {@code metric}; {@code null} when there is none */
    private static Result<?> result(RunResult run, String metric) {
        if (run == null) {
            return null;
        }
        return metric == null ? run.getPrimaryResult() : run.getSecondaryResults().get(metric);
    }

    /**
     * @return a secondary result with its error and unit (JMH counts a pipelined invocation as its
     *         {@value Fixture#WINDOW} transactions, a stream as its rows), or a dash
     */
    private static String text(Result<?> r) {
        if (r == null || Double.isNaN(r.getScore())) {
            return "—";
        }
        String error = Double.isNaN(r.getScoreError()) ? "" : " ± " + format(r.getScoreError());
        return format(r.getScore()) + error + " " + r.getScoreUnit().replace("/op", "");
    }

    private static double relative(Result<?> r) {
        return r.getScoreError() / r.getScore();
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 0.1 ? "%.2f" : "%.2g";
        return String.format(Locale.ROOT, pattern, value);
    }
}
