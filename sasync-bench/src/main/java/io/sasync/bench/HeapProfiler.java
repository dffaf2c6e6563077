package io.sasync.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the heap's high-water mark during each iteration ({@code ·heap},
 * MB): the largest heap occupancy found right after a garbage collection, i.e. what was still
 * reachable (plus what the collector had not yet reclaimed from the old generation). Occupancy
 * measured at other moments mostly counts garbage not yet collected, which says nothing about
 * what a benchmark holds on to; right after a collection it does. An iteration without any
 * collection reports no value.
 *
 * <p>Use it with {@code -prof io.sasync.bench.HeapProfiler}; {@link Report} adds it to the
 * streaming benchmarks.
 */
public final class HeapProfiler implements InternalProfiler {

    /** The name of the secondary result. */
    static final String LABEL = "·heap";

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    private final AtomicLong highWater = new AtomicLong(-1);
    private final NotificationListener listener = this::collected;

    @Override
    public String getDescription() {
        return "largest heap occupancy right after a garbage collection, per iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        highWater.set(-1);
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener(listener, null, null);
        }
    }

    /** JMH's interface declares the raw {@code Result}; the override must repeat it. */
    @Override
    @SuppressWarnings("rawtypes")
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
                                                       IterationResult result) {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                throw new IllegalStateException("the listener added before the iteration is gone", e);
            }
        }
        long bytes = highWater.get();
        double megabytes = bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
        return List.of(new ScalarResult(LABEL, megabytes, "MB", AggregationPolicy.MAX));
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                .filter(pool -> heapPools.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed())
                .sum();
        highWater.accumulateAndGet(used, Math::max);
    }
}
