/**
 * The H2 dialect plugin, {@link io.sasync.dialect.h2.H2Dialect}, registered for
 * {@link java.util.ServiceLoader} in {@code META-INF/services/io.sasync.spi.Dialect}.
 *
 * <p>Decisions: large text and binary values are variable-length columns rather than LOBs, so
 * that every {@link io.sasync.ColumnType} reads back through {@code getObject} as a value that
 * outlives its transaction ({@code String}, {@code byte[]}); timestamps keep nanoseconds; H2's own
 * {@code IF NOT EXISTS} makes table and index creation idempotent; no pool defaults are needed
 * because the driver implements {@link java.sql.Connection#isValid(int)}, and nothing needs to be
 * done at shutdown (an in-memory database lives as its URL's {@code DB_CLOSE_DELAY} says).
 */
package io.sasync.dialect.h2;
