package io.sasync.tests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sasync.Broker;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waits of this module's tests, each of a minute at most. */
final class Waits {

    private Waits() {
    }

    /**
     * @param stage a stage
     * @param <T>   its result type
     * @return its result, within a minute
     * @throws Exception {@link ExecutionException} when it fails, {@link java.util.concurrent.TimeoutException}
     *                   when it takes longer
     */
    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(60, SECONDS);
    }

    /**
     * @param stage a stage
     * @param <T>   its result type
     * @return its result, within a minute: for the conditions of {@link #until}
     * @throws IllegalStateException when it fails or takes longer
     */
    static <T> T within(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(60, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until a condition holds, checking it every few milliseconds, for a minute at most.
     *
     * @param what      what is awaited, for the failure's message
     * @param condition the condition
     * @throws java.util.concurrent.TimeoutException when it does not hold within a minute
     */
    static void until(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("not within 60 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Shuts a broker down after a test, whatever the shutdown's outcome, waiting a minute at
     * most; a shutdown that takes longer is said on standard error, so the clean-up goes on.
     *
     * @param broker the broker
     * @throws Exception when the wait is interrupted
     */
    static void shutDown(Broker broker) throws Exception {
        try {
            broker.shutdown().handle((v, e) -> null).get(60, SECONDS);
        } catch (TimeoutException e) {
            System.err.println("the broker did not shut down within 60 s");
        }
    }

    /**
     * @param stage a stage expected to fail within a minute
     * @return its failure
     */
    static Throwable failure(CompletionStage<?> stage) {
        return assertThrows(ExecutionException.class, () -> await(stage)).getCause();
    }
}
