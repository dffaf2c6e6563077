package io.sasync.persistence;

import io.sasync.Row;
import io.sasync.spi.SqlStates;
import io.sasync.store.Codec;
import io.sasync.store.DuplicateKeyException;
import io.sasync.store.Items;
import io.sasync.store.KeyCodec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Items} over {@code sasync_items}: one transaction per call. Thread-safe. */
final class ItemsStore<K, V> implements Items<K, V> {

    /** Names per {@code DELETE … IN (…)}: well under every database's parameter limit. */
    private static final int DELETE_CHUNK = 100;

    private final StoreContext ctx;
    private final KeyCodec<K> names;
    private final Codec<V> codec;
    private final Set<CompletableFuture<?>> outstanding = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private CompletableFuture<Void> shutdown;

    ItemsStore(StoreContext ctx, KeyCodec<K> names, Codec<V> codec) {
        this.ctx = ctx;
        this.names = names;
        this.codec = codec;
        ctx.open(this::flush);
    }

    @Override
    public String id() {
        return ctx.id;
    }

    @Override
    public CompletableFuture<Optional<V>> load(K name) {
        String n = ctx.args.name(names, name);
        ctx.checkOpen();
        return track(ctx.read("load '" + n + "'", s -> s.first(ctx.sql(s.dialect()).selectOne(), ctx.group, n), n)
                .thenApply(row -> row.map(r -> ctx.args.decode(codec, n, Tables.payload(r)))));
    }

    @Override
    public CompletableFuture<Map<K, V>> loadAll() {
        ctx.checkOpen();
        return track(ctx.read("load all", s -> s.query(ctx.sql(s.dialect()).selectAll(), ctx.group))
                .thenApply(rows -> {
                    Map<K, V> all = new LinkedHashMap<>();
                    for (Row r : rows) {
                        String n = r.get(Tables.NAME, String.class);
                        all.put(ctx.args.decodeName(names, n), ctx.args.decode(codec, n, Tables.payload(r)));
                    }
                    return all;
                }));
    }

    @Override
    public CompletableFuture<Void> insert(K name, V value) {
        String n = ctx.args.name(names, name);
        byte[] bytes = ctx.args.bytes(codec, n, value);
        ctx.checkOpen();
        CompletableFuture<Void> inserted = ctx.write("insert '" + n + "'", s -> {
            try {
                s.update(ctx.sql(s.dialect()).insert(), ctx.group, n, bytes);
            } catch (SQLException e) {
                if (s.dialect().isDuplicateKey(e)) {
                    throw new DuplicateKeyException(ctx.label + ": an item named '" + n + "' is already stored", e);
                }
                throw e;
            }
            return null;
        }, n);
        return track(inserted.exceptionallyCompose(e -> {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DuplicateKeyException duplicate) {
                    return CompletableFuture.failedFuture(duplicate);
                }
            }
            return CompletableFuture.failedFuture(SqlStates.unwrap(e));
        }));
    }

    @Override
    public CompletableFuture<Void> update(K name, V value) {
        String n = ctx.args.name(names, name);
        byte[] bytes = ctx.args.bytes(codec, n, value);
        ctx.checkOpen();
        return track(ctx.write("update '" + n + "'", s -> {
            Tables.Sql q = ctx.sql(s.dialect());
            s.update(q.upsert().sql(), q.upsert().arrange(new Object[] {ctx.group, n, bytes}));
            return null;
        }, n));
    }

    @Override
    public CompletableFuture<Integer> delete(K name) {
        ctx.args.name(names, name);
        return delete(List.of(name));
    }

    @Override
    public CompletableFuture<Integer> delete(Collection<? extends K> names) {
        List<String> texts = new ArrayList<>(names.size());
        for (K name : names) {
            texts.add(ctx.args.name(this.names, name));
        }
        ctx.checkOpen();
        if (texts.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        return track(ctx.write("delete " + texts.size() + " items", s -> {
            Tables.Sql q = ctx.sql(s.dialect());
            int deleted = 0;
            for (int from = 0; from < texts.size(); from += DELETE_CHUNK) {
                List<String> chunk = texts.subList(from, Math.min(texts.size(), from + DELETE_CHUNK));
                Object[] params = new Object[chunk.size() + 1];
                params[0] = ctx.group;
                for (int i = 0; i < chunk.size(); i++) {
                    params[i + 1] = chunk.get(i);
                }
                deleted += s.update(q.deleteNames(chunk.size()), params);
            }
            return deleted;
        }, texts.toArray(String[]::new)));
    }

    @Override
    public CompletableFuture<List<K>> names() {
        ctx.checkOpen();
        return track(ctx.read("names", s -> s.query(ctx.sql(s.dialect()).selectKeys(), ctx.group))
                .thenApply(rows -> {
                    List<K> keys = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        keys.add(ctx.args.decodeName(names, r.get(Tables.NAME, String.class)));
                    }
                    return keys;
                }));
    }

    @Override
    public CompletableFuture<Void> flush() {
        return CompletableFuture.allOf(outstanding.toArray(CompletableFuture[]::new)).handle((v, e) -> null);
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        synchronized (lock) {
            if (shutdown == null) {
                ctx.close();
                shutdown = flush().whenComplete((v, e) -> ctx.detach());
            }
            return shutdown;
        }
    }

    @Override
    public String toString() {
        return "Items{" + ctx.id + "}";
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> future) {
        outstanding.add(future);
        future.whenComplete((v, e) -> outstanding.remove(future));
        return future;
    }
}
