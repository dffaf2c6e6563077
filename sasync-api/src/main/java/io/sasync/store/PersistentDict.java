package io.sasync.store;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A map persisted in the database, with a memory cache and write-behind: the Java form of the
 * original {@code PersistentDict}. Its entries are the items of the {@link Items} store with the
 * same id.
 *
 * <h2>Reads</h2>
 * A read is answered from the cache when the key is cached (as a value or as known to be
 * absent), otherwise from the database, and the value read is then cached. Cached entries stay
 * until {@link #refresh()}: changes made by another process to a cached key are seen only after
 * it, unless the dict was made coherent ({@code io.sasync.persistence.Coherence}), when they
 * reach the cache and the preloaded map once committed (see {@link #coherence()}).
 *
 * <h2>What write-behind promises</h2>
 * This is the one full statement of it; the README summarises it.
 * <ul>
 *   <li><b>At once:</b> {@link #put}, {@link #remove} and {@link #clear} change the cache before
 *       they return, so every read issued afterwards, from any thread, sees them, a
 *       {@code clear()} not waited for included.</li>
 *   <li><b>In order:</b> writes are committed in the order they were issued. Writes to one key
 *       that wait together are coalesced (only the last is written); a single flusher commits
 *       whatever has accumulated while the previous batch was being committed, in one transaction
 *       per batch of at most 1000 entries (a JDBC batch of the dialect's upsert and one of
 *       deletes), at niceness 6. A batch whose failure the dialect calls retryable (a deadlock, a
 *       serialization failure) is tried up to three times.</li>
 *   <li><b>Each write's future</b> completes when its batch has committed, or fails with the
 *       transaction's error.</li>
 *   <li><b>{@link #flush()}</b> completes when every write issued before it has committed; it
 *       fails if one of those writes failed (writes through the preloaded {@code Map} have no
 *       future of their own, so this is where their failures show). A failed write stays in the
 *       cache; {@link #refresh()} re-reads.</li>
 *   <li><b>While the database cannot be reached</b> (what the dialect calls a connection failure,
 *       {@link io.sasync.spi.Dialect#isConnectionFailure}: a refused or broken connection, a
 *       server restarting or shutting down, an administrator ending the session, a database that
 *       does not exist yet; or a commit whose outcome is unknown), nothing is dropped: the writes
 *       stay in the cache, their futures and {@code flush()} stay pending, and the flusher tries
 *       the same batch again after a jittered exponential backoff (a random wait up to 100 ms,
 *       doubling to at most 5 s), holding no queue worker while it waits. Reads of cached keys
 *       are answered from the cache; anything that must read the database fails as usual. Writes
 *       issued meanwhile queue (and coalesce) behind the waiting batch. When the database
 *       returns, every write lands, in the order issued, once, and every future completes.
 *       Batches are upserts and deletes, so writing one again after the connection broke during
 *       its commit is harmless. Other failures (a constraint, a codec, a broker shut down) fail
 *       the batch's futures.</li>
 *   <li><b>{@link #shutdown()}</b> flushes, then refuses further calls; it does not shut the
 *       broker down. It does not wait for an unreachable database without end: it tries at once,
 *       up to three times, then fails with a {@link WriteBehindException}, whose message and
 *       {@link WriteBehindException#count()} say how many entries could not be written
 *       ({@link WriteBehindException#clearFirst()} whether a {@code clear()} is among them). The
 *       dict <em>keeps</em> them, their futures still pending: calling {@code flush()} or
 *       {@code shutdown()} again once the database is back writes them (a new {@code shutdown()}
 *       after such a failure is a new attempt; after success every call returns the same
 *       completed future).</li>
 *   <li><b>The broker's shutdown</b> shuts down every dict made over it that is still open (later
 *       calls on the dict fail with {@link IllegalStateException}), writing everything issued
 *       before, even writes nobody waited for. If the database cannot be reached, the broker's
 *       shutdown fails with that {@code WriteBehindException} (one of them, if several dicts
 *       failed) and still releases its queue; with the broker gone the dict cannot write any more:
 *       the writes' futures fail with the same exception, and
 *       {@link WriteBehindException#unwritten()} (each key with its last value, {@code null} for
 *       a removal, in issue order) is the only copy. To keep the choice of retrying, shut the
 *       dicts down before the broker.</li>
 *   <li><b>A crash</b> (the process dies, {@code kill -9}, the machine loses power) loses the
 *       writes whose futures had not completed, and only those: a write whose future completed
 *       is committed.</li>
 *   <li><b>Other processes:</b> a cached key is not re-read; {@link #refresh()} drops every
 *       cached entry that has no write waiting (a preloaded dict reloads instead and stays
 *       preloaded). Two dicts with the same id in one process behave like two processes: they
 *       share rows, not caches. A coherent dict learns the other processes' commits by itself;
 *       across processes, plain writes are last-committed-wins, and {@link #putIfAbsent} and
 *       {@link #replace(Object, Object, Object)} are atomic.</li>
 * </ul>
 *
 * <h2>Preload mode</h2>
 * {@link #preload()} loads every entry and completes with a live, synchronous {@link Map} (the
 * full {@code Map} contract, iteration included) whose reads come from memory and whose writes
 * go behind as above. Iterating the dict itself, or asking for {@link #map()}, before
 * preloading fails with {@link io.sasync.AsyncException}.
 *
 * <pre>{@code
 * PersistentDict<String, Object> users = Stores.dict(broker, "users");
 * users.put("ada", List.of("Ada", 1815));          // cached now, committed soon
 * users.get("ada").thenAccept(System.out::println); // from the cache
 * users.flush().join();                              // everything committed
 *
 * Map<String, Object> all = users.preload().join();
 * all.put("alan", List.of("Alan", 1912));           // synchronous, written behind
 * }</pre>
 *
 * <p>Thread-safety: every method may be called from any thread. Each write updates the cache
 * and the queue atomically, so the database ends with the value the cache shows. The view's
 * compound operations ({@code compute}, {@code merge}, {@code putIfAbsent}, …) are atomic with
 * respect to the other writes to this dict. Values are cached as given: do not mutate a value
 * after writing it or after reading it.
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 */
public interface PersistentDict<K, V> extends Store, Iterable<Map.Entry<K, V>> {

    /**
     * @param key a key
     * @return its value, or {@code null} when absent
     */
    CompletableFuture<V> get(K key);

    /**
     * @param key          a key
     * @param defaultValue what to answer when the key is absent
     * @return its value, or {@code defaultValue} when absent
     */
    CompletableFuture<V> getOrDefault(K key, V defaultValue);

    /**
     * @param key a key
     * @return whether it has a value
     */
    CompletableFuture<Boolean> containsKey(K key);

    /**
     * Sets a value; the cache changes at once, the database behind.
     *
     * @param key   a key
     * @param value its value, not {@code null}
     * @return completes when committed
     * @throws IllegalArgumentException when a codec refuses the key or the value, or the database
     *                                  cannot store the key's text (nothing is changed, and the
     *                                  writes waiting beside it are written as usual)
     */
    CompletableFuture<Void> put(K key, V value);

    /**
     * Removes a key; the cache changes at once, the database behind.
     *
     * @param key a key
     * @return completes when committed
     */
    CompletableFuture<Void> remove(K key);

    /**
     * Puts a value unless the key has one (the original {@code setdefault}).
     *
     * @param key   a key
     * @param value the value to put when the key is absent
     * @return the key's value: the one it had, at once, or {@code value}, once committed
     */
    CompletableFuture<V> setDefault(K key, V value);

    /**
     * Puts a value only if the database has none for the key, atomically across every process
     * sharing the database: executed in the database, not written behind. It keeps its place among
     * this dict's writes: those to the key issued before it are committed before it, and those
     * issued after it commit after it. Of several processes (or dicts)
     * calling it for one absent key, exactly one takes effect.
     *
     * @param key   a key
     * @param value the value to put when the key is absent
     * @return completes once committed: whether it took effect ({@code false} when the key had a
     *         value, which the cache then holds)
     * @throws IllegalArgumentException when a codec refuses the key or the value; the future
     *         fails with {@link WriteBehindException}, changing nothing, when an earlier write to
     *         the key waits for an unreachable database (the write is kept)
     */
    CompletableFuture<Boolean> putIfAbsent(K key, V value);

    /**
     * Compare-and-set: replaces the key's value with {@code value} only if the database holds
     * {@code expected} for it (the same encoding by the dict's codec, so that arrays compare by
     * content, or {@link Object#equals} of the decoded values), atomically across every process
     * sharing the database: executed in the database against the row, locked, not written
     * behind. It keeps its place among this dict's writes, like {@link #putIfAbsent}. Counters and claims are built on it: read, compute, {@code replace}, and read again
     * when it did not take effect.
     *
     * <pre>{@code
     * counters.putIfAbsent("hits", 0).join();
     * int n;
     * do {
     *     n = (Integer) counters.get("hits").join();
     * } while (!counters.replace("hits", n, n + 1).join());
     * }</pre>
     *
     * @param key      a key
     * @param expected the value it must hold, not {@code null} (use {@link #putIfAbsent} for an
     *                 absent key)
     * @param value    its new value
     * @return completes once committed: whether it took effect. Either way the cache then holds
     *         what the database held, so that a read after a {@code false} sees the newer value
     * @throws IllegalArgumentException when a codec refuses the key or the value
     */
    CompletableFuture<Boolean> replace(K key, V expected, V value);

    /** @return the keys */
    CompletableFuture<Set<K>> keys();

    /** @return the values */
    CompletableFuture<List<V>> values();

    /** @return the entries, as immutable entries */
    CompletableFuture<Set<Map.Entry<K, V>>> entries();

    /** @return the number of entries */
    CompletableFuture<Integer> size();

    /** @return a detached, modifiable copy of the entries (a plain {@code HashMap}) */
    CompletableFuture<Map<K, V>> copy();

    /**
     * Removes every entry; the cache empties at once (reads issued afterwards see the dict
     * empty), the database behind.
     *
     * @return completes when committed
     */
    CompletableFuture<Void> clear();

    /**
     * Loads every entry into the cache and switches to preload mode.
     *
     * @return the live synchronous view, {@link #map()}
     */
    CompletableFuture<Map<K, V>> preload();

    /** @return whether {@link #preload()} has completed */
    boolean isPreloaded();

    /**
     * The live synchronous view of a preloaded dict. Reads come from memory; writes change
     * memory at once and go behind, and their failures are reported by {@link #flush()}.
     *
     * @return the view
     * @throws io.sasync.AsyncException when the dict is not preloaded
     */
    Map<K, V> map();

    /**
     * Iterates the live view of a preloaded dict; {@link Iterator#remove()} removes behind.
     *
     * @throws io.sasync.AsyncException when the dict is not preloaded
     */
    @Override
    Iterator<Map.Entry<K, V>> iterator();

    /**
     * Waits for the writes issued before this call.
     *
     * @return completes when every write issued before this call is committed, however long the
     *         database takes to come back; fails when one of them failed for another reason (the
     *         first such failure since the previous flush). After {@link #shutdown()} has begun, a
     *         flush is a new attempt to write what the shutdown kept: it fails with
     *         {@link WriteBehindException} when the database still cannot be reached
     */
    @Override
    CompletableFuture<Void> flush();

    /**
     * Flushes, then refuses further operations ({@link IllegalStateException}); does not shut
     * the broker down. Calls while it runs, and after it has succeeded, return the same future.
     *
     * @return completes when every write is committed. Fails with {@link WriteBehindException}
     *         when the database could still not be reached after a few attempts: the writes are
     *         kept, and calling {@code shutdown()} (or {@link #flush()}) again tries again, with a
     *         new future. Fails with the write's failure when a write failed for another reason
     */
    @Override
    CompletableFuture<Void> shutdown();

    /**
     * Drops the cached entries that have no write waiting to be committed, so that later reads
     * see changes made by other processes. A preloaded dict reloads instead, staying preloaded.
     *
     * @return completes when done
     */
    CompletableFuture<Void> refresh();

    /** @return what the write-behind is doing: unwritten entries, lag, batches, failures */
    WriteBehindStats writeBehind();

    /**
     * @return what keeps this dict coherent with other processes: notifications, refreshes,
     *         reconnections; {@link CoherenceStats#OFF} for a dict made without coherence
     */
    CoherenceStats coherence();
}
