/**
 * A sample dialect plugin written outside sAsync's own modules, the way the README's "Writing a
 * dialect plugin" describes: {@link io.sasync.examples.dialect.StandardMergeDialect}, built against
 * {@code sasync-api} alone, registered in {@code META-INF/services/io.sasync.spi.Dialect}, and
 * proved in its tests by extending the contracts of {@code sasync-testkit}.
 */
package io.sasync.examples.dialect;
