/**
 * The default implementation of the sAsync API.
 *
 * <p>{@link io.sasync.core.AccessBroker} is the {@link io.sasync.Broker} to use or subclass;
 * {@link io.sasync.core.DefaultQueueFactory} hands out shared, reference-counted task queues
 * (each a priority queue of worker threads with an Apache Commons DBCP2 pool);
 * {@link io.sasync.core.Dialects} finds dialect plugins with {@link java.util.ServiceLoader};
 * {@link io.sasync.core.SAsyncModule} installs all of it in a Guice injector and makes
 * {@link io.sasync.Transact @Transact} methods run as queued transactions.
 *
 * <p>This package never names a database: every difference between databases is behind
 * {@link io.sasync.spi.Dialect}. Classes in {@code io.sasync.core.internal} are not part of the
 * API.
 */
package io.sasync.core;
