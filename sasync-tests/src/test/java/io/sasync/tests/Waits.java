package io.sasync.tests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

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
     * @param stage a stage expected to fail within a minute
     * @return its failure
     */
    static Throwable failure(CompletionStage<?> stage) {
        return assertThrows(ExecutionException.class, () -> await(stage)).getCause();
    }
}
