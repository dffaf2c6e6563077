package io.sasync;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * The rows of a query, delivered with backpressure as a {@link Flow.Publisher}: rows are read
 * from the database in chunks only as fast as the subscriber asks for them, so memory stays
 * bounded whatever the size of the result, and a slow subscriber never holds up the broker's
 * other transactions. Made by {@link Broker#stream(Priority, String, Object...)}.
 *
 * <h2>Life of a stream</h2>
 * A stream is <em>cold</em> and <em>single-use</em>: nothing happens until it is subscribed,
 * and it runs its query once, for its first subscriber; a later subscriber receives
 * {@code onSubscribe} followed by {@code onError(IllegalStateException)}. {@link #toList()} and
 * {@link #forEach} subscribe too. When subscribed, the stream borrows a pooled connection of
 * its own and runs the query on it in one read-only transaction; the connection goes back to
 * the pool as soon as the last row has been read (possibly before the subscriber has received
 * it), on cancel, or on an error.
 *
 * <p>A stream is not part of any transaction: started from inside a {@link Work}, it does not
 * see that work's uncommitted changes. While open it holds one of the pool's connections, so
 * keep the number of streams open at once below the pool's maximum (or give the queue fewer
 * workers than connections); and it counts as accepted work: {@link Broker#shutdown()} waits
 * until every subscribed stream has completed, failed or been cancelled.
 *
 * <h2>Signals</h2>
 * The Reactive Streams rules hold (the stream passes the {@code reactive-streams-tck-flow}
 * publisher verification): signals are serial, never more {@code onNext} than requested,
 * nothing after {@code onComplete} or {@code onError}, {@code request(n)} with {@code n <= 0}
 * signals {@code onError(IllegalArgumentException)}, {@code cancel} is idempotent and drops the
 * subscriber. An empty result signals {@code onComplete} right after {@code onSubscribe},
 * without waiting for demand. A failure of the query or of a fetch reaches {@code onError}
 * exactly once, as an {@link IterationException} whose cause is the {@code SQLException}; a
 * stream subscribed after its broker has shut down signals {@link BrokerShutdownException}.
 *
 * <p>Signals are delivered on the library's own delivery threads (named
 * {@code sasync-stream-N}), never on a queue worker: a subscriber may take its time in
 * {@code onNext} without delaying any transaction. It should still not block forever: the
 * stream's connection stays borrowed until the stream ends.
 *
 * <pre>{@code
 * broker.stream("SELECT id, name FROM people ORDER BY id").subscribe(new Flow.Subscriber<Row>() {
 *     private Flow.Subscription subscription;
 *
 *     public void onSubscribe(Flow.Subscription s) {
 *         subscription = s;
 *         s.request(10);                       // at most 10 rows in hand at a time
 *     }
 *
 *     public void onNext(Row row) {
 *         System.out.println(row.get("name", String.class));
 *         subscription.request(1);             // one more for each one handled
 *     }
 *
 *     public void onError(Throwable failure) { failure.printStackTrace(); }
 *
 *     public void onComplete() { System.out.println("done"); }
 * });
 * }</pre>
 *
 * <h2>Reactor, RxJava, Akka/Pekko Streams</h2>
 * Libraries built on {@code org.reactivestreams.Publisher} take a stream through the adapters
 * of the {@code org.reactivestreams:reactive-streams} artifact (this library does not depend on
 * it): {@code Flux.from(FlowAdapters.toPublisher(stream))} in Reactor (or
 * {@code JdkFlowAdapter.flowPublisherToFlux(stream)}),
 * {@code Flowable.fromPublisher(FlowAdapters.toPublisher(stream))} in RxJava 3.
 */
public interface RowStream extends Flow.Publisher<Row> {

    /**
     * Completes once the query has been executed on the database, before any row is delivered;
     * fails with the same exception as {@code onError} when the query could not run, and with
     * a {@link java.util.concurrent.CancellationException} when the subscriber cancelled before
     * the query ran. The query runs only once the stream is subscribed: waiting on this future
     * before subscribing waits forever.
     *
     * @return completes when the query has run
     */
    CompletableFuture<Void> executed();

    /**
     * Subscribes and collects every row. The rows are all held in memory: for large results,
     * prefer a subscriber or {@link #forEach}. Cancelling the returned future cancels the
     * stream.
     *
     * @return the rows in the order the database returned them; fails as {@code onError} does,
     *         or with {@link IllegalStateException} when the stream was already subscribed
     */
    CompletableFuture<List<Row>> toList();

    /**
     * Subscribes and hands every row to an action, one at a time, on a delivery thread. Rows are
     * read from the database in chunks as the action consumes them, so memory stays bounded.
     * When the action throws, the stream is cancelled and the returned future fails with that
     * exception. Cancelling the returned future cancels the stream.
     *
     * @param action what to do with each row
     * @return completes after the last row has been handled; fails as {@code onError} does, or
     *         with {@link IllegalStateException} when the stream was already subscribed
     */
    CompletableFuture<Void> forEach(Consumer<? super Row> action);
}
