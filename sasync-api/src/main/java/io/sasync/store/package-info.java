/**
 * Persistent stores over a {@link io.sasync.Broker}: {@link io.sasync.store.Items} (named
 * values in a group), {@link io.sasync.store.PersistentDict} (a cached map with write-behind and
 * a preload mode) and {@link io.sasync.store.PersistentArray} (a three-dimensional array), with
 * the {@link io.sasync.store.Codec} and {@link io.sasync.store.KeyCodec} that turn values and
 * keys into what the database stores.
 *
 * <p>This package holds the interfaces; {@code io.sasync.persistence.Stores} in the
 * {@code sasync-stores} artifact makes them, and {@code io.sasync.persistence.Codecs} and
 * {@code io.sasync.persistence.KeyCodecs} have the shipped codecs.
 *
 * <p>Decisions: a store's rows are found by a group id computed from its id by a stable hash
 * (never {@code Object.hashCode}), so data outlives the process; every write is an upsert keyed
 * by group and name, so several processes may share the tables; values are never deserialized
 * with Java serialization unless the program opts in with an allow-list.
 */
package io.sasync.store;
