package io.sasync.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time the benchmark JVM spent per operation, all its
 * threads together ({@code ·cpu}, µs/op): the work the library and the in-process databases
 * do, whatever else the machine runs. Wall-clock scores stretch when other processes take the
 * cores; CPU per operation stretches much less, so it tells overhead apart from noise on a busy
 * machine. A database server's own CPU (PostgreSQL) is not included.
 *
 * <p>Use it with {@code -prof io.sasync.bench.CpuProfiler}; {@link Report} always adds it.
 */
public final class CpuProfiler implements InternalProfiler {

    /** The name of the secondary result. */
    static final String LABEL = "·cpu";

    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long start;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark JVM per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        start = os.getProcessCpuTime();
    }

    /** JMH's interface declares the raw {@code Result}; the override must repeat it. */
    @Override
    @SuppressWarnings("rawtypes")
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
                                                       IterationResult result) {
        long cpu = os.getProcessCpuTime() - start;
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : cpu / 1000.0 / ops;
        return List.of(new ScalarResult(LABEL, perOp, "us/op", AggregationPolicy.AVG));
    }
}
