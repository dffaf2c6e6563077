package io.sasync.persistence;

import io.sasync.Broker;
import io.sasync.ConnectionFailureException;
import io.sasync.DatabaseException;
import io.sasync.OutcomeUnknownException;
import io.sasync.Priority;
import io.sasync.TableSpec;
import io.sasync.TransactionException;
import io.sasync.Work;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import io.sasync.store.Codec;
import io.sasync.store.CodecException;
import io.sasync.store.KeyCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every store needs from its broker: its group id and table, the submission of its
 * transactions, argument checks with messages naming the store, and its part in the broker's
 * shutdown.
 *
 * <h2>Shutdown</h2>
 * A store registers its flush with the broker's shutdown when it is made, and submits all its
 * work through the registration's broker, which accepts it until every flush is done, where the
 * broker itself refuses new work from the moment {@code shutdown()} is called. So an operation
 * the store accepted just before the broker's shutdown (a write waiting behind, the next
 * operation of an ordered chain) is never refused on its way to the database.
 */
final class StoreContext {

    /** Niceness of writes, as in the original ({@code NICENESS_WRITE = 6}). */
    static final Priority WRITE = Priority.of(6);

    final Broker broker;
    final String id;
    final long group;
    final String label;
    private final TableSpec table;

    private volatile Broker.FlushRegistration registration;
    private final Object tableLock = new Object();
    private CompletableFuture<Void> tableReady;
    private volatile Tables.Sql sql;
    /** The broker's dialect once known: it says which key texts the database keeps apart. */
    private volatile Dialect keyDialect;
    private volatile boolean closed;
    /** A last step of {@link #ready()}, after the table: a coherent dict's start; {@code null} for none. */
    private volatile Supplier<CompletableFuture<Void>> prepare;

    StoreContext(Broker broker, String id, TableSpec table) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.id = Objects.requireNonNull(id, "id");
        this.group = groupId(id);
        this.label = "store '" + id + "'";
        this.table = table;
    }

    /**
     * Registers the store with its broker's shutdown.
     *
     * @param flush the store's flush, run when the broker shuts down
     */
    void open(Supplier<CompletableFuture<Void>> flush) {
        registration = broker.beforeShutdown(flush);
    }

    /** @return the store's table */
    TableSpec table() {
        return table;
    }

    /**
     * Adds a last step to {@link #ready()}, run once the table exists and tried again with it
     * after a failure. Must be called before the store is first used.
     *
     * @param step makes the step
     */
    void prepareWith(Supplier<CompletableFuture<Void>> step) {
        prepare = step;
    }

    /** Refuses further operations. */
    void close() {
        closed = true;
    }

    /** Releases the store from its broker's shutdown, so that the broker keeps nothing of it. */
    void detach() {
        registration.cancel();
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException(label + " is shut down");
        }
    }

    /**
     * The group id: the first eight bytes, big-endian, of the SHA-256 digest of the id's UTF-8
     * bytes.
     */
    static long groupId(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    // ------------------------------------------------------------------ arguments

    <K> String name(KeyCodec<K> codec, K key) {
        if (key == null) {
            throw new NullPointerException(label + ": null keys are not allowed");
        }
        String text;
        try {
            text = codec.encode(key);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(label + ": the key codec refuses the key " + key + ": " + e.getMessage(), e);
        }
        return checkText(text, "key " + key);
    }

    String checkText(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(label + ": the key codec wrote null for " + what);
        }
        if (text.length() > KeyCodec.MAX_LENGTH) {
            throw new IllegalArgumentException(label + ": " + what + " is stored as " + text.length()
                    + " characters; the limit is " + KeyCodec.MAX_LENGTH);
        }
        // A closed store must not start its broker to ask; the call fails as closed right after.
        IllegalArgumentException refused = refusal(what, text, !closed);
        if (refused != null) {
            throw refused;
        }
        return text;
    }

    /**
     * Whether the database can store a key text exactly and distinct from every other key, as
     * the broker's {@link Dialect#keyTextProblem} says. While the dialect cannot be known (a
     * broker on the global queue before one is set, or one that failed to start) this applies
     * {@link Dialect#portableTextProblem}, what every shipped dialect refuses, and the stores
     * check again once the table is ready ({@link #checkKeys}), when the dialect is known.
     *
     * @param what what the text stands for, for the message, such as {@code "key ada"}
     * @param text the key's text
     * @return the exception to refuse the key with, naming the store, the key and the reason;
     *         {@code null} when the key is fine
     */
    IllegalArgumentException refusal(String what, String text) {
        return refusal(what, text, true);
    }

    /** @param ask whether to ask the broker for its dialect if it is not known yet, which starts it */
    private IllegalArgumentException refusal(String what, String text, boolean ask) {
        Dialect dialect = keyDialect(ask);
        Optional<String> problem = dialect != null ? dialect.keyTextProblem(text) : Dialect.portableTextProblem(text);
        return problem.map(p -> new IllegalArgumentException(label + ": " + printable(what) + " cannot be stored"
                + (dialect != null ? " in " + dialect.name() : "") + ": its text \"" + printable(text) + "\" " + p))
                .orElse(null);
    }

    /**
     * @param ask whether to ask the broker (which starts it, as any call does) if not known yet
     * @return the broker's dialect; {@code null} while it cannot be known
     */
    private Dialect keyDialect(boolean ask) {
        Dialect dialect = keyDialect;
        if (dialect == null && ask) {
            try {
                dialect = broker.dialect();
            } catch (RuntimeException e) {
                return null;
            }
            keyDialect = dialect;
        }
        return dialect;
    }

    /**
     * Checks key texts again with the broker's dialect, for keys accepted while it was not known.
     *
     * @param texts key texts
     * @return completes when they are fine; fails with {@link IllegalArgumentException} otherwise
     */
    private CompletableFuture<Void> checkKeys(String[] texts) {
        for (String text : texts) {
            IllegalArgumentException refused = refusal("a key given before the database was known", text);
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * @return the text with control characters and unpaired surrogates written as Java escapes (a
     *         backslash, {@code u} and four hex digits), for messages
     */
    static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (Character.isISOControl(c) || (Character.isSurrogate(c) && !paired)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    <V> byte[] bytes(Codec<V> codec, String name, V value) {
        if (value == null) {
            throw new NullPointerException(label + ": null values are not stored (key '" + name + "'); remove the key instead");
        }
        byte[] bytes;
        try {
            bytes = codec.encode(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(label + ": cannot store the value of key '" + name + "': " + e.getMessage(), e);
        }
        if (bytes == null) {
            throw new IllegalArgumentException(label + ": the codec wrote null for the value of key '" + name + "'");
        }
        return bytes;
    }

    <V> V decode(Codec<V> codec, String name, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (RuntimeException e) {
            throw new CodecException(label + ": the stored value of key '" + name + "' (" + bytes.length
                    + " bytes) does not decode with " + codec + ": " + e.getMessage(), e);
        }
    }

    <K> K decodeName(KeyCodec<K> codec, String text) {
        try {
            K key = codec.decode(text);
            if (key == null) {
                throw new IllegalArgumentException("the key codec read null");
            }
            return key;
        } catch (RuntimeException e) {
            throw new CodecException(label + ": the stored name '" + text + "' does not decode with " + codec
                    + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ submission

    /** @return the statements for this session's dialect (made once per dialect) */
    Tables.Sql sql(Dialect dialect) {
        Tables.Sql s = sql;
        if (s == null || s.dialect() != dialect) {
            s = Tables.Sql.of(dialect, table);
            sql = s;
        }
        return s;
    }

    /**
     * @return completes when the store's table exists (created on the store's first use, through
     *         {@link Broker#table}, which is idempotent and safe concurrently; tried again after a
     *         failure)
     */
    CompletableFuture<Void> ready() {
        synchronized (tableLock) {
            if (tableReady == null || tableReady.isCompletedExceptionally()) {
                CompletableFuture<Void> schemaReady = table.schema() == null ? CompletableFuture.completedFuture(null) : checkSchema();
                Supplier<CompletableFuture<Void>> step = prepare;
                tableReady = schemaReady.thenCompose(v -> call(b -> b.table(table)))
                        .thenCompose(v -> step == null ? CompletableFuture.completedFuture(null) : step.get());
            }
            return tableReady;
        }
    }

    /**
     * Checks, for a store in a schema of its own ({@link StoreTables#inSchema}), that the schema
     * exists, since stores create their tables in it but never the schema itself (and Derby would
     * create a missing one silently), and that the dialect writes the schema into its upsert
     * ({@link Tables.Sql#of}).
     *
     * @return completes when both hold; fails with a {@link DatabaseException} when the schema
     *         does not exist or with an {@link IllegalStateException} when the dialect cannot
     *         write to it
     */
    private CompletableFuture<Void> checkSchema() {
        String where = table.schema() + "." + table.name();
        Work<Void> check = Work.named(label + ": check schema " + table.schema(), s -> {
            Dialect dialect = s.dialect();
            sql(dialect);
            if (!dialect.schemaExists(s.connection(), table.schema())) {
                throw new DatabaseException(label + ": schema " + table.schema() + " does not exist in the "
                        + dialect.name() + " database; create it first: stores create their tables (" + where
                        + ") in it, never the schema itself");
            }
            return null;
        });
        return call(b -> b.transact(Priority.NORMAL, check)).exceptionallyCompose(failure -> {
            Throwable t = SqlStates.unwrap(failure);
            boolean refused = t instanceof TransactionException && (t.getCause() instanceof DatabaseException
                    || t.getCause() instanceof IllegalStateException);
            return CompletableFuture.failedFuture(refused ? t.getCause() : t);
        });
    }

    /**
     * Runs a read at niceness 0.
     *
     * @param keys the texts of the keys it reads, checked again once the table is ready, when the
     *             dialect is known, for keys given before it was ({@link #refusal})
     */
    <T> CompletableFuture<T> read(String what, Work<T> work, String... keys) {
        Work<T> named = Work.named(label + ": " + what, work);
        return ready().thenCompose(v -> checkKeys(keys)).thenCompose(v -> call(b -> b.transact(Priority.NORMAL, named)));
    }

    /**
     * Runs a write at niceness 6.
     *
     * @param keys the texts of the keys it writes, checked as for {@link #read}
     */
    <T> CompletableFuture<T> write(String what, Work<T> work, String... keys) {
        Work<T> named = Work.named(label + ": " + what, work);
        return ready().thenCompose(v -> checkKeys(keys)).thenCompose(v -> call(b -> b.transact(WRITE, named)));
    }

    /** Runs a transaction without waiting for {@link #ready()}: for the steps of {@link #prepareWith}. */
    <T> CompletableFuture<T> transactUnready(Priority priority, String what, Work<T> work) {
        Work<T> named = Work.named(label + ": " + what, work);
        return call(b -> b.transact(priority, named));
    }

    /**
     * Runs a write at niceness 6 as a transaction of its own even when called from inside a
     * running work of the broker (which would otherwise run it inline, in that work's
     * transaction): the transaction is submitted from a queue task, outside any work.
     */
    <T> CompletableFuture<T> writeDetached(String what, Work<T> work) {
        Work<T> named = Work.named(label + ": " + what, work);
        return ready().thenCompose(v -> call(b -> b.deferToQueue(WRITE, () -> b.transact(WRITE, named))
                .thenCompose(Function.identity())));
    }

    /** Calls the broker through the store's registration, which accepts work until the shutdown flushes are done. */
    <T> CompletableFuture<T> call(Function<Broker, CompletableFuture<T>> op) {
        return attempt(op, registration.broker());
    }

    private static <T> CompletableFuture<T> attempt(Function<Broker, CompletableFuture<T>> op, Broker b) {
        try {
            return op.apply(b);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whether a failure means that the database could not be reached, so that the same work may
     * succeed once it is back: a {@link ConnectionFailureException} or an
     * {@link OutcomeUnknownException} (writes behind are idempotent upserts and deletes, so one
     * whose commit was cut may be written again), or another {@link TransactionException} or a
     * {@link DatabaseException} (a table creation, a broker that could not start) caused by
     * what the dialect calls a connection failure ({@link Dialect#isConnectionFailure}): the
     * broker may be another implementation than sAsync's own.
     *
     * @param failure a failure, perhaps wrapped
     * @return whether it is a failure to reach the database
     */
    boolean unreachable(Throwable failure) {
        Throwable t = SqlStates.unwrap(failure);
        if (t instanceof ConnectionFailureException || t instanceof OutcomeUnknownException) {
            return true;
        }
        if (!(t instanceof TransactionException || t instanceof DatabaseException)) {
            return false;
        }
        Dialect dialect;
        try {
            dialect = broker.dialect();
        } catch (RuntimeException noQueue) {
            return false;
        }
        return SqlStates.first(t).filter(dialect::isConnectionFailure).isPresent();
    }
}
