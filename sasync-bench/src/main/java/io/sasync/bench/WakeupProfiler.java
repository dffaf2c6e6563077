package io.sasync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that counts the times threads of the benchmark JVM went to sleep and were woken
 * per operation ({@code ·wakeups}), all threads together and per kind of thread
 * ({@code ·wakeups:<name>}, the thread's name without its digits, for the kinds that switched
 * at least once per 100 operations): the voluntary context
 * switches Linux counts in {@code /proc/self/task/<id>/status}. A thread that parks and is
 * unparked switches once; a thread that finds its work already there does not switch. Unlike
 * time, the count does not stretch with the load of the machine, so it tells how many hand-offs
 * between threads an operation takes, and which threads take them. Threads that end during an
 * iteration are not counted. Linux only: elsewhere it reports nothing.
 *
 * <p>Use it with {@code -prof io.sasync.bench.WakeupProfiler}.
 */
public final class WakeupProfiler implements InternalProfiler {

    /** The name of the secondary result for all threads; per kind of thread it is followed by {@code :<name>}. */
    static final String LABEL = "·wakeups";

    /** A kind of thread is reported when it switched at least once per this many operations. */
    private static final long NOTED = 100;

    private static final Path TASKS = Path.of("/proc/self/task");

    private Map<String, Long> start = Map.of();

    @Override
    public String getDescription() {
        return "voluntary context switches of the benchmark JVM's threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        start = switchesByThread();
    }

    /** JMH's interface declares the raw {@code Result}; the override must repeat it. */
    @Override
    @SuppressWarnings("rawtypes")
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
                                                       IterationResult result) {
        long ops = result.getMetadata().getAllOps();
        Map<String, Long> end = switchesByThread();
        if (ops == 0 || end.isEmpty()) {
            return List.of();
        }
        Map<String, Long> byKind = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Long> thread : end.entrySet()) {
            long switches = thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
            total += switches;
            byKind.merge(kind(thread.getKey()), switches, Long::sum);
        }
        List<Result> results = new ArrayList<>();
        results.add(new ScalarResult(LABEL, (double) total / ops, "#/op", AggregationPolicy.AVG));
        byKind.forEach((kind, switches) -> {
            if (switches * NOTED >= ops) {
                results.add(new ScalarResult(LABEL + ":" + kind, (double) switches / ops, "#/op",
                        AggregationPolicy.AVG));
            }
        });
        return results;
    }

    /** @return a key {@code <id> <name>} per live thread, and its voluntary switches so far */
    private static Map<String, Long> switchesByThread() {
        Map<String, Long> switches = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    switches.put(task.getFileName() + " " + name, voluntarySwitches(task));
                } catch (IOException ended) {
                    // The thread ended meanwhile.
                }
            }
        } catch (IOException notLinux) {
            return Map.of();
        }
        return switches;
    }

    private static long voluntarySwitches(Path task) throws IOException {
        for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }

    /** @return the thread's name without its id and digits: threads of one kind add up */
    private static String kind(String key) {
        return key.substring(key.indexOf(' ') + 1).replaceAll("[0-9]", "");
    }
}
