/**
 * Runnable examples of sAsync on an embedded H2 database. {@link io.sasync.examples.Demo} is the
 * tour for newcomers: {@code mvn -q -pl sasync-examples -am compile exec:java}.
 */
package io.sasync.examples;
