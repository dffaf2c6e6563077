package io.sasync.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sasync.BrokerStats;
import io.sasync.core.AccessBroker;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The meters of an {@link AccessBroker}: how its calls ended and its streams, plus every meter
 * of its queue and pool ({@link QueueMetrics}). One call binds them all:
 *
 * <pre>{@code
 * BrokerMetrics metrics = new BrokerMetrics(broker);
 * metrics.bindTo(registry);
 * ...
 * metrics.close();   // when the broker is gone
 * }</pre>
 *
 * <table>
 *   <caption>Meters, beside those of {@link QueueMetrics}</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th><th>What</th></tr>
 *   <tr><td>{@code sasync.transactions}</td><td>function counter</td><td>outcome = committed,
 *       rolled_back, timed_out, cancelled, outcome_unknown, connection_failed</td><td>calls ended so</td></tr>
 *   <tr><td>{@code sasync.transactions.retries}</td><td>function counter</td><td></td><td>attempts run again</td></tr>
 *   <tr><td>{@code sasync.streams.open}</td><td>gauge</td><td></td><td>streams subscribed and not ended</td></tr>
 *   <tr><td>{@code sasync.streams.rows}</td><td>function counter</td><td></td><td>rows delivered to subscribers</td></tr>
 *   <tr><td>{@code sasync.streams.cancelled}</td><td>function counter</td><td></td><td>streams cancelled by their subscriber</td></tr>
 * </table>
 *
 * <p>Every meter is tagged {@code database} (the config's URL without password, unless given).
 * Binding starts the broker, as any call does.
 */
public final class BrokerMetrics implements MeterBinder, AutoCloseable {

    private final AccessBroker broker;
    private final Iterable<Tag> tags;
    private volatile QueueMetrics queue;

    /**
     * @param broker the broker
     * @param tags   tags added to every meter; a {@code database} tag here replaces the default
     */
    public BrokerMetrics(AccessBroker broker, Iterable<Tag> tags) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.tags = Objects.requireNonNull(tags, "tags");
    }

    /** @param broker the broker, tagged with its database */
    public BrokerMetrics(AccessBroker broker) {
        this(broker, Tags.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        QueueMetrics queueMetrics = new QueueMetrics(broker.queue(), tags);
        Tags all = Metrics.database(broker.queue().config(), tags);
        outcome(registry, all, "committed", BrokerStats::committed);
        outcome(registry, all, "rolled_back", BrokerStats::rolledBack);
        outcome(registry, all, "timed_out", BrokerStats::timedOut);
        outcome(registry, all, "cancelled", BrokerStats::cancelled);
        outcome(registry, all, "outcome_unknown", BrokerStats::outcomeUnknown);
        outcome(registry, all, "connection_failed", BrokerStats::connectionFailures);
        FunctionCounter.builder("sasync.transactions.retries", broker, b -> b.stats().retried()).tags(all)
                .description("attempts run again after a retryable failure").register(registry);
        Gauge.builder("sasync.streams.open", broker, b -> b.stats().streamsOpen()).tags(all)
                .description("streams subscribed and not yet ended").register(registry);
        FunctionCounter.builder("sasync.streams.rows", broker, b -> b.stats().streamRows()).tags(all)
                .description("rows delivered to stream subscribers").register(registry);
        FunctionCounter.builder("sasync.streams.cancelled", broker, b -> b.stats().streamsCancelled()).tags(all)
                .description("streams their subscriber cancelled").register(registry);
        queueMetrics.bindTo(registry);
        queue = queueMetrics;
    }

    private void outcome(MeterRegistry registry, Tags all, String outcome, ToDoubleFunction<BrokerStats> count) {
        FunctionCounter.builder("sasync.transactions", broker, b -> count.applyAsDouble(b.stats())).tags(all)
                .tag("outcome", outcome).description("calls ended so").register(registry);
    }

    /** Stops feeding the queue's timers. */
    @Override
    public void close() {
        QueueMetrics bound = queue;
        if (bound != null) {
            bound.close();
        }
    }
}
