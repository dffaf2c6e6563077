/**
 * The Apache Derby dialect plugin, {@link io.sasync.dialect.derby.DerbyDialect}, registered for
 * {@link java.util.ServiceLoader} in {@code META-INF/services/io.sasync.spi.Dialect}. The module
 * brings the embedded engine ({@code derby}, {@code derbyshared}) and {@code derbytools} (the
 * {@code EmbeddedDriver} and {@code EmbeddedDataSource} classes); Derby 10.16 is the last line
 * that runs on Java 17.
 *
 * <p>Decisions: Derby has no {@code IF NOT EXISTS}, so a second creation fails and is recognised
 * as "object exists" ({@code X0Y32}); an index that duplicates another's columns is silently not
 * created under its own name (warning {@code 01504}), which {@code indexExists} reports as
 * absent; large values are LOBs ({@code CLOB}, {@code BLOB}) because Derby's variable-length
 * types stop at 32,672; {@code java.time} values and {@code null} are bound the way Derby
 * accepts them; generated keys arrive as {@code DECIMAL}. No pool defaults are needed (the driver
 * implements {@link java.sql.Connection#isValid(int)}); when the last pool on an embedded database
 * closes, the database is shut down so that its files are released.
 */
package io.sasync.dialect.derby;
