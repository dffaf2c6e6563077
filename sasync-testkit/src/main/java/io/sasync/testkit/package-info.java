/**
 * The sAsync test kit: the contracts sAsync proves its own dialects with, published so that the
 * author of a dialect proves theirs the same way. Add {@code io.sasync:sasync-testkit} with test
 * scope, beside {@code org.junit.jupiter:junit-jupiter-engine} (the kit depends on the JUnit 5 API
 * only: the engine is the author's choice of version).
 *
 * <p>Each contract is a public abstract JUnit 5 class of public {@code @Test} methods; a test
 * class extends it and implements {@link io.sasync.testkit.DatabaseUnderTest#newDatabase()}, and
 * JUnit runs every inherited test on the author's database:
 *
 * <ul>
 *   <li>{@link io.sasync.testkit.DialectContract}: the dialect over plain JDBC (discovery, DDL,
 *       catalog, reserved words, errors, upserts, generated keys, key texts, values);</li>
 *   <li>{@link io.sasync.testkit.BrokerContract}, {@link io.sasync.testkit.StreamContract},
 *       {@link io.sasync.testkit.ProduceRowsContract}: the broker on the database;</li>
 *   <li>{@link io.sasync.testkit.BadInputContract}: hostile names, refused calls, passwords;</li>
 *   <li>{@link io.sasync.testkit.FaultContract}: deadlocks, lock timeouts, connection failures,
 *       timeouts, without controlling the server;</li>
 *   <li>{@link io.sasync.testkit.ItemsContract}, {@link io.sasync.testkit.PersistentDictContract},
 *       {@link io.sasync.testkit.PersistentArrayContract}: the stores on the database.</li>
 * </ul>
 *
 * <p>Where databases legitimately differ, {@link io.sasync.testkit.DatabaseUnderTest} has a hook
 * with a documented default, and {@link io.sasync.testkit.Capability} names what a database may
 * lack: the checks that need it are skipped, and say so in the test report. The contracts see the
 * broker, its queue and its pool through public API only ({@code TaskQueue.stats()}), as an
 * author's own tests would. Besides the contracts, {@link io.sasync.testkit.DialectTesting} has
 * helpers for a dialect's unit tests (a sample table, discovery and key-text checks, two
 * connections at once) and {@link io.sasync.testkit.RecordingSubscriber} drives a row stream.
 */
package io.sasync.testkit;
