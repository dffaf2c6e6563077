package io.sasync.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sasync.Priority;
import io.sasync.QueueListener;
import io.sasync.QueueStats;
import io.sasync.TaskQueue;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The meters of a {@link TaskQueue} and its pool. Tagged {@code database} (the config's URL,
 * without password, unless given) and, per priority band, {@code band} ({@link Priority.Band#label()}).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th><th>What</th></tr>
 *   <tr><td>{@code sasync.queue.pending}</td><td>gauge</td><td>band</td><td>tasks waiting</td></tr>
 *   <tr><td>{@code sasync.queue.wait}</td><td>timer, percentiles 0.5 0.95 0.99</td><td>band</td><td>time a task waited for a worker</td></tr>
 *   <tr><td>{@code sasync.queue.run}</td><td>timer</td><td>band</td><td>time a task ran</td></tr>
 *   <tr><td>{@code sasync.queue.workers}</td><td>gauge</td><td>state = busy, idle</td><td>worker threads</td></tr>
 *   <tr><td>{@code sasync.queue.overloads}</td><td>counter</td><td>band</td><td>tasks refused for {@code maxPending}</td></tr>
 *   <tr><td>{@code sasync.pool.connections}</td><td>gauge</td><td>state = active, idle</td><td>pooled connections</td></tr>
 *   <tr><td>{@code sasync.pool.max}</td><td>gauge</td><td></td><td>the most connections open at once</td></tr>
 *   <tr><td>{@code sasync.pool.waiting}</td><td>gauge</td><td></td><td>threads waiting for a connection</td></tr>
 *   <tr><td>{@code sasync.pool.borrow}</td><td>timer</td><td></td><td>time to borrow a connection</td></tr>
 * </table>
 *
 * <p>The pool's gauges read -1 for a pool that does not say (an application's own
 * {@code DataSource}). Timers are fed by a {@link QueueListener} added to the queue; call
 * {@link #close()} to remove it.
 *
 * <pre>{@code
 * new QueueMetrics(broker.queue()).bindTo(registry);
 * }</pre>
 */
public final class QueueMetrics implements MeterBinder, AutoCloseable {

    private final TaskQueue queue;
    private final Tags tags;
    private volatile Listener listener;

    /**
     * @param queue the queue
     * @param tags  tags added to every meter; a {@code database} tag here replaces the default
     */
    public QueueMetrics(TaskQueue queue, Iterable<Tag> tags) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.tags = Metrics.database(queue.config(), tags);
    }

    /** @param queue the queue, tagged with its database */
    public QueueMetrics(TaskQueue queue) {
        this(queue, Tags.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Priority.Band band : Priority.Band.values()) {
            Gauge.builder("sasync.queue.pending", queue, q -> q.pendingByBand().get(band))
                    .tags(tags).tag("band", band.label()).description("tasks waiting for a worker").register(registry);
        }
        gauge(registry, "sasync.queue.workers", "busy", QueueStats::busyWorkers, "worker threads running a task");
        gauge(registry, "sasync.queue.workers", "idle", s -> s.workers() - s.busyWorkers(), "worker threads waiting for a task");
        gauge(registry, "sasync.pool.connections", "active", QueueStats::poolActive, "connections borrowed");
        gauge(registry, "sasync.pool.connections", "idle", QueueStats::poolIdle, "connections idle in the pool");
        Gauge.builder("sasync.pool.max", queue, q -> q.stats().poolMax()).tags(tags)
                .description("the most connections open at once").register(registry);
        Gauge.builder("sasync.pool.waiting", queue, q -> q.stats().waitingBorrowers()).tags(tags)
                .description("threads waiting for a connection").register(registry);
        Listener bound = new Listener(registry);
        listener = bound;
        queue.addListener(bound);
    }

    private void gauge(MeterRegistry registry, String name, String state, ToDoubleFunction<QueueStats> value,
                       String description) {
        Gauge.builder(name, queue, q -> value.applyAsDouble(q.stats())).tags(tags).tag("state", state)
                .description(description).register(registry);
    }

    /** Stops feeding the timers: removes the listener from the queue. */
    @Override
    public void close() {
        Listener bound = listener;
        if (bound != null) {
            queue.removeListener(bound);
        }
    }

    /** Feeds the timers and counters from the queue's events. */
    private final class Listener implements QueueListener {
        private final Map<Priority.Band, Timer> waits = new EnumMap<>(Priority.Band.class);
        private final Map<Priority.Band, Timer> runs = new EnumMap<>(Priority.Band.class);
        private final Map<Priority.Band, Counter> overloads = new EnumMap<>(Priority.Band.class);
        private final Timer borrow;

        Listener(MeterRegistry registry) {
            for (Priority.Band band : Priority.Band.values()) {
                Tags banded = tags.and("band", band.label());
                waits.put(band, Timer.builder("sasync.queue.wait").tags(banded).publishPercentiles(0.5, 0.95, 0.99)
                        .description("time a task waited for a worker").register(registry));
                runs.put(band, Timer.builder("sasync.queue.run").tags(banded)
                        .description("time a task ran").register(registry));
                overloads.put(band, Counter.builder("sasync.queue.overloads").tags(banded)
                        .description("tasks refused because maxPending tasks waited").register(registry));
            }
            borrow = Timer.builder("sasync.pool.borrow").tags(tags)
                    .description("time to borrow a pooled connection").register(registry);
        }

        @Override
        public void taskStarted(Priority.Band band, Duration waited) {
            waits.get(band).record(waited);
        }

        @Override
        public void taskFinished(Priority.Band band, Duration ran) {
            runs.get(band).record(ran);
        }

        @Override
        public void taskRefused(Priority.Band band) {
            overloads.get(band).increment();
        }

        @Override
        public void connectionBorrowed(Duration took) {
            borrow.record(took);
        }
    }
}
