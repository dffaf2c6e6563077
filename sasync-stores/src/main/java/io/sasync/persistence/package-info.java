/**
 * The persistent stores of {@link io.sasync.store} made over any {@link io.sasync.Broker}:
 * {@link io.sasync.persistence.Stores} makes them, {@link io.sasync.persistence.Codecs} and
 * {@link io.sasync.persistence.KeyCodecs} have the codecs, {@link io.sasync.persistence.StoreTables}
 * says which tables they use. The implementations are package-private.
 *
 * <p>This artifact depends on {@code sasync-api} (and the SLF4J API) only: it works over any
 * broker implementation and any dialect, and knows nothing of Guice.
 *
 * <h2>Shape</h2>
 * <ul>
 *   <li>{@code StoreContext}: what every store needs from its broker (group id, table,
 *       submission through its shutdown registration); {@code StoreArguments}: the checks of a
 *       store's arguments and the calls of its codecs, with messages naming the store.</li>
 *   <li>{@code ItemsStore}, {@code ArrayStore}: one transaction per call.</li>
 *   <li>{@code DictStore}: the {@code PersistentDict} front, which owns the dict's one lock and
 *       wires its parts, none of which holds a lock of its own: {@code DictCache} (what the dict
 *       knows), {@code WriteQueue} (the writes waiting, coalesced per key, and the failures
 *       flushes report), {@code BatchFlusher} (commits batches, waits out an unreachable
 *       database), {@code SerialLane} (batches and whole loads one at a time), {@code DictLoader}
 *       (reads reconciled with the cache) and {@code PreloadedMapView} (the live {@code Map}).
 *       Call-backs go through narrow interfaces, so no cycle joins the parts. {@code DictAtomics}
 *       runs its compare-and-set operations in the database.</li>
 *   <li>Coherence across processes ({@code Coherence}, the public setting): {@code DictCoherence}
 *       announces a dict's changes ({@code ChangeAnnouncer}) in the transactions that make them
 *       and hands those of others to {@code RemoteChanges}, which applies them on the dict's
 *       lane; they travel as {@code ChangeMessage}s through the broker's one
 *       {@code ChangeListener} (a dedicated connection and thread) where the dialect has change
 *       notifications, or through a change counter that {@code ChangePolling} reads.</li>
 *   <li>{@code Codecs}, {@code KeyCodecs} and their formats; {@code Tables}: the two tables and
 *       their SQL for a dialect.</li>
 * </ul>
 *
 * <p>Decisions:
 * <ul>
 *   <li>Tables {@code sasync_items (group_id, name, payload)} and
 *       {@code sasync_array (group_id, x, y, z, payload)}, keys up to 255 characters, created
 *       through the dialect on first use; column names avoid reserved words. Their names and
 *       schema are the store's {@code StoreTables}: a table in a schema of its own is created by
 *       the store (the schema checked first, never created), one in the current schema through
 *       {@link io.sasync.Broker#table}.</li>
 *   <li>Group id: first 8 bytes of SHA-256 of the store id, so data outlives the process.</li>
 *   <li>Every write is the dialect's upsert keyed by the full key, so several processes may
 *       share the tables; only {@code Items.insert} is a plain insert, failing on a duplicate.</li>
 *   <li>Reads at niceness 0, writes at niceness 6 (as in the original).</li>
 *   <li>The dict's write-behind needs no timer: a single flusher commits whatever has
 *       accumulated while the previous batch was being committed, at most
 *       1000 entries per transaction, retrying a batch up to three times when the dialect calls
 *       its failure retryable. A batch that still fails fails its writes' futures and the next
 *       {@code flush()}, is logged through SLF4J, and stays in the cache.</li>
 *   <li>Values and keys are refused ({@link java.lang.IllegalArgumentException},
 *       {@link java.lang.NullPointerException} for {@code null}) before anything changes. A key
 *       whose text the database would not store exactly, or would merge with another, is refused
 *       as the broker's dialect says ({@link io.sasync.spi.Dialect#keyTextProblem}: NUL and
 *       unpaired surrogates everywhere, a trailing space on Derby), at the call; keys given
 *       before a broker on the global queue knows its dialect are checked again once it does,
 *       failing only their own calls.</li>
 * </ul>
 */
package io.sasync.persistence;
