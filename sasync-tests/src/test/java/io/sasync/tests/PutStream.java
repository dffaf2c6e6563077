package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.TransactionException;
import io.sasync.store.PersistentDict;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A steady stream of {@link PersistentDict#put puts}, each of a key of its own, issued on a thread
 * of its own while a test does something to the database; then the check that every one of them
 * was committed. A failure names how many puts failed, grouped by SQL state, so that a write-behind
 * that gives up on a connection loss says which error it took for a permanent one.
 *
 * <pre>{@code
 * try (PutStream puts = PutStream.start(dict)) {
 *     puts.awaitCommitted(500);
 *     cluster.restart();
 *     puts.awaitIssued(puts.issued() + 500);
 *     puts.stop();
 *     puts.assertEveryPutCommitted();
 * }
 * }</pre>
 */
final class PutStream implements AutoCloseable {

    /** How long a flush, or any wait of the stream, may take. */
    static final Duration WAIT = Duration.ofSeconds(60);

    /** Puts issued between two pauses; with {@link #PAUSE} about two thousand puts a second. */
    private static final int SLICE = 25;
    private static final Duration PAUSE = Duration.ofMillis(10);
    /** Where the stream stops by itself, so that a test that never stops it cannot fill the heap. */
    private static final int MAX_PUTS = 200_000;

    private final PersistentDict<String, Object> dict;
    private final Thread producer;
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger committed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<CompletableFuture<Void>> writes = new ArrayList<>();
    private final Map<String, Object> expected = new LinkedHashMap<>();
    private volatile boolean stopping;
    private volatile Throwable producerFailure;
    private long startNanos;
    private long stopNanos;

    private PutStream(PersistentDict<String, Object> dict) {
        this.dict = dict;
        this.producer = new Thread(this::produce, "put-stream");
        this.producer.setDaemon(true);
    }

    /**
     * @param dict the dict to put into
     * @return the running stream
     */
    static PutStream start(PersistentDict<String, Object> dict) {
        PutStream stream = new PutStream(dict);
        stream.startNanos = System.nanoTime();
        stream.producer.start();
        return stream;
    }

    private void produce() {
        try {
            for (int i = 0; !stopping && i < MAX_PUTS; i++) {
                String key = "k" + i;
                String value = "value-" + i;
                CompletableFuture<Void> write = dict.put(key, value);
                write.whenComplete((v, e) -> (e == null ? committed : failed).incrementAndGet());
                writes.add(write);
                expected.put(key, value);
                issued.incrementAndGet();
                if (i % SLICE == SLICE - 1) {
                    Thread.sleep(PAUSE.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            producerFailure = e;
        }
    }

    /** @return how many puts have been issued so far */
    int issued() {
        return issued.get();
    }

    /** @return how many puts have committed so far */
    int committed() {
        return committed.get();
    }

    /** Waits (at most {@link #WAIT}) until at least {@code count} puts have been issued. */
    void awaitIssued(int count) throws InterruptedException {
        await(issued::get, count, "issued", true);
    }

    /**
     * Waits (at most {@link #WAIT}) until at least {@code count} puts have committed, which shows
     * that writing behind is under way.
     */
    void awaitCommitted(int count) throws InterruptedException {
        await(committed::get, count, "committed", false);
    }

    private void await(IntSupplier counter, int count, String what, boolean onlyByTheProducer) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (counter.getAsInt() < count) {
            if (producerFailure != null) {
                fail("the put stream failed", producerFailure);
            }
            if (onlyByTheProducer && !producer.isAlive()) {
                fail("the put stream ended after " + issued() + " puts");
            }
            if (System.nanoTime() > deadline) {
                fail("only " + counter.getAsInt() + " of " + count + " puts " + what + " within " + WAIT.toSeconds()
                        + " s (" + progress() + ")");
            }
            Thread.sleep(5);
        }
    }

    /** Stops issuing puts and waits for the producing thread to end. */
    void stop() throws InterruptedException {
        stopping = true;
        producer.join(WAIT.toMillis());
        if (producer.isAlive()) {
            fail("the put stream did not stop within " + WAIT.toSeconds() + " s");
        }
        if (stopNanos == 0) {
            stopNanos = System.nanoTime();
        }
        if (producerFailure != null) {
            fail("the put stream failed", producerFailure);
        }
    }

    /** @return every key put, with its value; call after {@link #stop()} */
    Map<String, Object> expected() {
        return expected;
    }

    /** @return how long the stream ran */
    Duration duration() {
        return Duration.ofNanos((stopNanos == 0 ? System.nanoTime() : stopNanos) - startNanos);
    }

    private String progress() {
        return issued() + " issued, " + committed() + " committed, " + failed.get() + " failed";
    }

    /**
     * Flushes the dict (waiting at most {@link #WAIT}) and asserts that every put of the stream
     * completed normally and the flush too. Call after {@link #stop()}.
     */
    void assertEveryPutCommitted() throws InterruptedException {
        if (producer.isAlive()) {
            throw new IllegalStateException("stop() the stream first");
        }
        String flushOutcome = null;
        try {
            dict.flush().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            flushOutcome = "flush() did not complete within " + WAIT.toSeconds() + " s";
        } catch (ExecutionException e) {
            flushOutcome = "flush() failed with " + e.getCause();
        }
        Map<String, Integer> failuresByState = new TreeMap<>();
        Throwable firstFailure = null;
        int pending = 0;
        for (CompletableFuture<Void> write : writes) {
            if (!write.isDone()) {
                pending++;
            } else if (write.isCompletedExceptionally()) {
                Throwable failure = failureOf(write);
                failuresByState.merge(sqlState(failure), 1, Integer::sum);
                if (firstFailure == null) {
                    firstFailure = failure;
                }
            }
        }
        int failures = failuresByState.values().stream().mapToInt(Integer::intValue).sum();
        if (failures > 0 || pending > 0 || flushOutcome != null) {
            StringBuilder message = new StringBuilder("of ").append(writes.size()).append(" puts, ")
                    .append(failures).append(" failed");
            if (failures > 0) {
                message.append(" (by SQL state: ").append(failuresByState).append("; the first: ")
                        .append(firstFailure).append(')');
            }
            message.append(", ").append(pending).append(" still pending");
            if (flushOutcome != null) {
                message.append("; ").append(flushOutcome);
            }
            fail(message.toString(), firstFailure);
        }
    }

    private static Throwable failureOf(CompletableFuture<Void> write) {
        try {
            write.join();
            throw new IllegalStateException("not failed");
        } catch (RuntimeException e) {
            return e.getCause() != null && e != e.getCause() ? e.getCause() : e;
        }
    }

    /** @return the first SQL state in the failure's causes, or else what its root cause is */
    static String sqlState(Throwable failure) {
        Throwable root = failure;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof TransactionException te && te.sqlState().isPresent()) {
                return te.sqlState().get();
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            root = t;
        }
        return "none, root cause " + root.getClass().getSimpleName() + " '" + root.getMessage() + "'";
    }

    /**
     * Asserts that a reading of the store holds exactly what the stream put.
     *
     * @param actual what was read
     * @param how    how it was read, for the message
     */
    void assertHolds(Map<String, Object> actual, String how) {
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        expected.forEach((key, value) -> {
            if (!actual.containsKey(key)) {
                missing.add(key);
            } else if (!Objects.equals(value, actual.get(key))) {
                wrong.add(key + "=" + actual.get(key));
            }
        });
        if (!missing.isEmpty() || !wrong.isEmpty()) {
            fail(how + ": " + missing.size() + " of " + expected.size() + " keys missing (e.g. "
                    + missing.subList(0, Math.min(5, missing.size())) + "), " + wrong.size() + " with another value (e.g. "
                    + wrong.subList(0, Math.min(5, wrong.size())) + ")");
        }
        assertEquals(expected.size(), actual.size(), how + ": keys that were never put");
    }

    /** Stops the stream, if it still runs. */
    @Override
    public void close() {
        stopping = true;
        try {
            producer.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
