package io.sasync.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sasync.store.CoherenceStats;
import io.sasync.store.PersistentDict;
import io.sasync.store.WriteBehindStats;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of a {@link PersistentDict}'s write-behind and coherence, tagged {@code store} (its id).
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
 *   <tr><td>{@code sasync.dict.coherence.listening}</td><td>gauge (0 or 1)</td><td>a coherent dict learns the changes of
 *       other processes now (its listening connection is open, or its last poll succeeded)</td></tr>
 *   <tr><td>{@code sasync.dict.coherence.notifications}</td><td>function counter</td><td>changes of other processes
 *       received</td></tr>
 *   <tr><td>{@code sasync.dict.coherence.keys.refreshed}</td><td>function counter</td><td>keys re-read or dropped
 *       because another process changed them</td></tr>
 *   <tr><td>{@code sasync.dict.coherence.full.refreshes}</td><td>function counter</td><td>refreshes of everything
 *       cached (a large change, a poll that found one, a reconnection)</td></tr>
 *   <tr><td>{@code sasync.dict.coherence.reconnects}</td><td>function counter</td><td>times the listening connection
 *       was opened again</td></tr>
 *   <tr><td>{@code sasync.dict.coherence.staleness}</td><td>time gauge (seconds)</td><td>how long after its commit the
 *       last notification was applied (by the sender's clock)</td></tr>
 *   <tr><td>{@code sasync.dict.coherence.staleness.max}</td><td>time gauge (seconds)</td><td>the longest of those</td></tr>
 * </table>
 *
 * <p>The coherence meters read zero for a dict made without coherence.
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
        Gauge.builder("sasync.dict.coherence.listening", dict, d -> d.coherence().listening() ? 1 : 0).tags(tags)
                .description("the changes of other processes are being learnt").register(registry);
        coherenceCounter(registry, "sasync.dict.coherence.notifications", CoherenceStats::notifications,
                "changes of other processes received");
        coherenceCounter(registry, "sasync.dict.coherence.keys.refreshed", CoherenceStats::keysRefreshed,
                "keys re-read or dropped because another process changed them");
        coherenceCounter(registry, "sasync.dict.coherence.full.refreshes", CoherenceStats::fullRefreshes,
                "refreshes of everything cached");
        coherenceCounter(registry, "sasync.dict.coherence.reconnects", CoherenceStats::reconnects,
                "times the listening connection was opened again");
        TimeGauge.builder("sasync.dict.coherence.staleness", dict, TimeUnit.NANOSECONDS,
                        d -> d.coherence().lastStaleness().toNanos())
                .tags(tags).description("how long after its commit the last notification was applied").register(registry);
        TimeGauge.builder("sasync.dict.coherence.staleness.max", dict, TimeUnit.NANOSECONDS,
                        d -> d.coherence().maxStaleness().toNanos())
                .tags(tags).description("how long after its commit the latest applied notification was applied, at most")
                .register(registry);
    }

    private void coherenceCounter(MeterRegistry registry, String name, ToDoubleFunction<CoherenceStats> value,
                                  String description) {
        FunctionCounter.builder(name, dict, d -> value.applyAsDouble(d.coherence())).tags(tags)
                .description(description).register(registry);
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
