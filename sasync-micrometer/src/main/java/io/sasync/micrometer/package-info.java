/**
 * Micrometer meters for sAsync: {@link io.sasync.micrometer.BrokerMetrics} (a broker, its queue
 * and pool), {@link io.sasync.micrometer.QueueMetrics} (a queue and its pool alone) and
 * {@link io.sasync.micrometer.DictMetrics} (a dict's write-behind), each a Micrometer
 * {@code MeterBinder}. The core does not depend on Micrometer; add this artifact to use it.
 */
package io.sasync.micrometer;
