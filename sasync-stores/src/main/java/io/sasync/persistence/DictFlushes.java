package io.sasync.persistence;

import io.sasync.store.WriteBehindException;
import java.util.concurrent.CompletableFuture;

/**
 * The flushes of a {@link DictStore}: each waits for the writes issued before it and reports the
 * first failure of those issued since the previous flush. In a closing dict a flush is a new
 * round of the {@link BatchFlusher} (it tries a batch waiting for the database at once), and
 * fails when the batch parks.
 *
 * @param <K> the key type
 */
final class DictFlushes<K> {

    private final Object lock;
    private final WriteQueue<K> queue;
    private final SerialLane lane;
    private final BatchFlusher<K> flusher;

    DictFlushes(Object lock, WriteQueue<K> queue, SerialLane lane, BatchFlusher<K> flusher) {
        this.lock = lock;
        this.queue = queue;
        this.lane = lane;
        this.flusher = flusher;
    }

    /**
     * @return completes once every write issued so far is committed, or failed: fails with the
     *         first failure of a write issued since the previous flush, or with
     *         {@link WriteBehindException} when the batch parks meanwhile
     */
    CompletableFuture<Void> flush() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        CompletableFuture<Void> last;
        long since;
        synchronized (lock) {
            since = queue.markFlush();
            last = queue.lastDone();
            if (last != null && !last.isDone()) {
                flusher.roundIfClosing();
                flusher.failWithParking(result);
            }
        }
        lane.pump();
        if (last == null) {
            last = CompletableFuture.completedFuture(null);
        }
        last.handle((v, e) -> null).thenRun(() -> {
            Throwable failure;
            synchronized (lock) {
                failure = queue.failureSince(since);
            }
            if (failure == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }
}
