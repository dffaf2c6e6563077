package io.sasync.testkit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sasync.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscriber driven by the test thread: it requests what the test asks for, hands rows over
 * through a queue, and records every breach of the Reactive Streams rules it can see.
 *
 * <pre>{@code
 * RecordingSubscriber subscriber = new RecordingSubscriber(10);
 * broker.stream("SELECT n FROM numbers ORDER BY n").subscribe(subscriber);
 * Row first = subscriber.next();
 * subscriber.cancel();
 * assertEquals(List.of(), subscriber.violations());
 * }</pre>
 */
public class RecordingSubscriber implements Flow.Subscriber<Row> {

    private final long initialRequest;
    private final boolean keepRows;
    private final BlockingQueue<Row> rows = new LinkedBlockingQueue<>();
    private final List<Row> received = new CopyOnWriteArrayList<>();
    private final AtomicLong outstanding = new AtomicLong();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile boolean terminated;

    /** @param initialRequest rows to request from {@code onSubscribe}; 0 for none */
    public RecordingSubscriber(long initialRequest) {
        this(initialRequest, true);
    }

    /**
     * @param initialRequest rows to request from {@code onSubscribe}; 0 for none
     * @param keepRows       whether to keep the rows for {@link #received()} and {@link #next()};
     *                       false for long streams, where that would hold the whole result in
     *                       memory and hide whether the stream itself lets rows go
     */
    public RecordingSubscriber(long initialRequest, boolean keepRows) {
        this.initialRequest = initialRequest;
        this.keepRows = keepRows;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.complete(s)) {
            violations.add("onSubscribe called twice");
        }
        if (initialRequest > 0) {
            request(initialRequest);
        }
    }

    @Override
    public void onNext(Row row) {
        if (terminated) {
            violations.add("onNext after a terminal signal: " + row);
        }
        if (outstanding.decrementAndGet() < 0) {
            violations.add("onNext beyond demand: " + row);
        }
        if (keepRows) {
            received.add(row);
            rows.add(row);
        }
        handle(row);
    }

    /**
     * Called from {@link #onNext} after the row is recorded; override to act on it.
     *
     * @param row the row
     */
    protected void handle(Row row) {
    }

    @Override
    public void onError(Throwable failure) {
        terminal("onError " + failure);
        done.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        terminal("onComplete");
        done.complete(null);
    }

    private void terminal(String signal) {
        if (terminated) {
            violations.add(signal + " after a terminal signal");
        }
        terminated = true;
    }

    /**
     * Asks for more rows.
     *
     * @param n how many
     */
    public void request(long n) {
        outstanding.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        subscription().request(n);
    }

    /** Cancels. */
    public void cancel() {
        subscription().cancel();
    }

    /** @return the subscription, waiting up to 30 s for {@code onSubscribe} */
    public Flow.Subscription subscription() {
        try {
            return subscription.get(30, SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no onSubscribe within 30 s", e);
        }
    }

    /**
     * @return the next row, waiting up to 30 s
     * @throws InterruptedException when interrupted while waiting
     */
    public Row next() throws InterruptedException {
        Row row = rows.poll(30, SECONDS);
        assertNotNull(row, "no row within 30 s");
        return row;
    }

    /** @return completes on {@code onComplete}, fails on {@code onError} */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** @return every row received so far */
    public List<Row> received() {
        return new ArrayList<>(received);
    }

    /** @return the rule breaches seen so far */
    public List<String> violations() {
        return new ArrayList<>(violations);
    }
}
