package io.sasync.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sasync.store.PersistentDict;
import io.sasync.store.WriteBehindStats;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of a {@link PersistentDict}'s write-behind, tagged {@code store} (its id).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>What</th></tr>
 *   <tr><td>{@code sasync.dict.unwritten}</td><td>gauge</td><td>entries written to the cache, not yet committed</td></tr>
 *   <tr><td>{@code sasync.dict.lag}</td><td>time gauge (seconds)</td><td>age of the oldest unwritten write</td></tr>
 *   <tr><td>{@code sasync.dict.waiting}</td><td>gauge (0 or 1)</td><td>the batch waits for an unreachable database</td></tr>
 *   <tr><td>{@code sasync.dict.parked}</td><td>gauge (0 or 1)</td><td>a closing dict keeps writes it could not make</td></tr>
 *   <tr><td>{@code sasync.dict.batches}</td><td>function counter</td><td>batches committed</td></tr>
 *   <tr><td>{@code sasync.dict.batch.entries}</td><td>function counter</td><td>entries they wrote (divided by
 *       {@code sasync.dict.batches}: the mean batch size)</td></tr>
 *   <tr><td>{@code sasync.dict.failed.batches}</td><td>function counter</td><td>batches that failed for good</td></tr>
 *   <tr><td>{@code sasync.dict.unreachable}</td><td>function counter</td><td>attempts that could not reach the database</td></tr>
 * </table>
 *
 * <pre>{@code
 * new DictMetrics(users).bindTo(registry);
 * }</pre>
 */
public final class DictMetrics implements MeterBinder {

    private final PersistentDict<?, ?> dict;
    private final Tags tags;

    /**
     * @param dict the dict
     * @param tags tags added to every meter; a {@code store} tag here replaces the default
     */
    public DictMetrics(PersistentDict<?, ?> dict, Iterable<Tag> tags) {
        this.dict = Objects.requireNonNull(dict, "dict");
        Tags given = Tags.of(tags);
        this.tags = given.stream().anyMatch(t -> t.getKey().equals("store")) ? given : given.and("store", dict.id());
    }

    /** @param dict the dict, tagged with its id */
    public DictMetrics(PersistentDict<?, ?> dict) {
        this(dict, Tags.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "sasync.dict.unwritten", WriteBehindStats::unwritten, "entries not yet committed");
        TimeGauge.builder("sasync.dict.lag", dict, TimeUnit.NANOSECONDS, d -> d.writeBehind().oldestUnwritten().toNanos())
                .tags(tags).description("age of the oldest write not yet committed").register(registry);
        gauge(registry, "sasync.dict.waiting", s -> s.waitingForDatabase() ? 1 : 0, "the batch waits for the database");
        gauge(registry, "sasync.dict.parked", s -> s.parked() ? 1 : 0, "writes kept by a closing dict");
        counter(registry, "sasync.dict.batches", WriteBehindStats::batches, "batches committed");
        counter(registry, "sasync.dict.batch.entries", WriteBehindStats::entriesWritten, "entries written by batches");
        counter(registry, "sasync.dict.failed.batches", WriteBehindStats::failedBatches, "batches that failed for good");
        counter(registry, "sasync.dict.unreachable", WriteBehindStats::unreachableAttempts,
                "attempts that could not reach the database");
    }

    private void gauge(MeterRegistry registry, String name, ToDoubleFunction<WriteBehindStats> value, String description) {
        Gauge.builder(name, dict, d -> value.applyAsDouble(d.writeBehind())).tags(tags).description(description)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, ToDoubleFunction<WriteBehindStats> value,
                         String description) {
        FunctionCounter.builder(name, dict, d -> value.applyAsDouble(d.writeBehind())).tags(tags)
                .description(description).register(registry);
    }
}
