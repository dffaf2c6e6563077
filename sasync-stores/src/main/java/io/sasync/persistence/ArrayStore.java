package io.sasync.persistence;

import io.sasync.spi.SqlStates;
import io.sasync.store.Codec;
import io.sasync.store.KeyCodec;
import io.sasync.store.PersistentArray;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link PersistentArray} over {@code sasync_array}.
 *
 * <p>Ordering: a write starts once every operation issued before it has finished; a read starts
 * once every write issued before it has finished. The chain is kept as the last write and the
 * reads issued since, both settled (never failing) so that one failure does not stop the
 * operations after it. Thread-safe: the chain is updated under a lock, the operations are
 * submitted outside it.
 */
final class ArrayStore<V> implements PersistentArray<V> {

    /** Stored for a {@code null} coordinate; a coordinate whose text equals it is refused. */
    static final String NULL_COORDINATE = "\u2400";

    private final StoreContext ctx;
    private final KeyCodec<Object> coordinates;
    private final Codec<V> codec;

    private final Object lock = new Object();
    private CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);
    private final List<CompletableFuture<?>> readsSinceWrite = new ArrayList<>();
    private CompletableFuture<Void> shutdown;

    ArrayStore(StoreContext ctx, KeyCodec<Object> coordinates, Codec<V> codec) {
        this.ctx = ctx;
        this.coordinates = coordinates;
        this.codec = codec;
        ctx.open(this::flush);
    }

    @Override
    public String id() {
        return ctx.id;
    }

    @Override
    public CompletableFuture<V> get(Object x, Object y, Object z) {
        String[] xyz = coordinates(x, y, z);
        String where = describe(xyz);
        return read(() -> ctx.read("get " + where, s -> s.first(ctx.sql(s.dialect()).selectOne(), ctx.group,
                        xyz[0], xyz[1], xyz[2]), xyz)
                .thenApply(row -> row.map(r -> ctx.args.decode(codec, where, Tables.payload(r))).orElse(null)));
    }

    @Override
    public CompletableFuture<Void> set(Object x, Object y, Object z, V value) {
        String[] xyz = coordinates(x, y, z);
        String where = describe(xyz);
        byte[] bytes = ctx.args.bytes(codec, where, value);
        return write(() -> ctx.write("set " + where, s -> {
            Tables.Sql q = ctx.sql(s.dialect());
            s.update(q.upsert().sql(), q.upsert().arrange(new Object[] {ctx.group, xyz[0], xyz[1], xyz[2], bytes}));
            return null;
        }, xyz));
    }

    @Override
    public CompletableFuture<Boolean> delete(Object x, Object y, Object z) {
        String[] xyz = coordinates(x, y, z);
        return write(() -> ctx.write("delete " + describe(xyz),
                s -> s.update(ctx.sql(s.dialect()).deleteOne(), ctx.group, xyz[0], xyz[1], xyz[2]) > 0, xyz));
    }

    @Override
    public CompletableFuture<Void> clear() {
        return write(() -> ctx.write("clear", s -> {
            s.update(ctx.sql(s.dialect()).deleteGroup(), ctx.group);
            return null;
        }));
    }

    @Override
    public CompletableFuture<Void> flush() {
        CompletableFuture<?>[] all;
        synchronized (lock) {
            all = chainTail();
        }
        return CompletableFuture.allOf(all);
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        synchronized (lock) {
            if (shutdown == null) {
                ctx.close();
                shutdown = CompletableFuture.allOf(chainTail()).whenComplete((v, e) -> ctx.detach());
            }
            return shutdown;
        }
    }

    @Override
    public String toString() {
        return "PersistentArray{" + ctx.id + "}";
    }

    // ------------------------------------------------------------------ ordering

    private <T> CompletableFuture<T> read(Supplier<CompletableFuture<T>> op) {
        CompletableFuture<?> barrier;
        CompletableFuture<T> result = new CompletableFuture<>();
        synchronized (lock) {
            ctx.checkOpen();
            barrier = lastWrite;
            readsSinceWrite.removeIf(CompletableFuture::isDone);
            readsSinceWrite.add(settled(result));
        }
        run(barrier, op, result);
        return result;
    }

    private <T> CompletableFuture<T> write(Supplier<CompletableFuture<T>> op) {
        CompletableFuture<?> barrier;
        CompletableFuture<T> result = new CompletableFuture<>();
        synchronized (lock) {
            ctx.checkOpen();
            barrier = CompletableFuture.allOf(chainTail());
            readsSinceWrite.clear();
            lastWrite = settled(result);
        }
        run(barrier, op, result);
        return result;
    }

    /** Must hold the lock. */
    private CompletableFuture<?>[] chainTail() {
        List<CompletableFuture<?>> all = new ArrayList<>(readsSinceWrite);
        all.add(lastWrite);
        return all.toArray(CompletableFuture[]::new);
    }

    private static <T> void run(CompletableFuture<?> barrier, Supplier<CompletableFuture<T>> op, CompletableFuture<T> result) {
        barrier.thenCompose(v -> op.get()).whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(SqlStates.unwrap(error));
            } else {
                result.complete(value);
            }
        });
    }

    private static CompletableFuture<Void> settled(CompletableFuture<?> f) {
        return f.handle((v, e) -> null);
    }

    // ------------------------------------------------------------------ coordinates

    private String[] coordinates(Object x, Object y, Object z) {
        return new String[] {coordinate(x, "x"), coordinate(y, "y"), coordinate(z, "z")};
    }

    private String coordinate(Object c, String axis) {
        if (c == null) {
            return NULL_COORDINATE;
        }
        String text;
        try {
            text = coordinates.encode(c);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(ctx.label + ": the coordinate codec refuses " + axis + " = " + c
                    + ": " + e.getMessage(), e);
        }
        ctx.args.checkText(text, "coordinate " + axis + " = " + c);
        if (text.equals(NULL_COORDINATE)) {
            throw new IllegalArgumentException(ctx.label + ": coordinate " + axis + " = " + c
                    + " is written as the text that stands for null");
        }
        return text;
    }

    private static String describe(String[] xyz) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < 3; i++) {
            out.append(i > 0 ? ", " : "").append(NULL_COORDINATE.equals(xyz[i]) ? "null" : xyz[i]);
        }
        return out.append(')').toString();
    }
}
