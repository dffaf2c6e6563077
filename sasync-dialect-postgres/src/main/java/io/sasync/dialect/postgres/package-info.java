/**
 * The PostgreSQL dialect plugin, {@link io.sasync.dialect.postgres.PostgresDialect}, registered
 * for {@link java.util.ServiceLoader} in {@code META-INF/services/io.sasync.spi.Dialect}.
 *
 * <p>Decisions: unquoted names fold to lower case as PostgreSQL does, so a table created as
 * {@code People} is found as {@code people}; {@code CREATE … IF NOT EXISTS} makes creation
 * idempotent, and the catalog violation a concurrent creator can still receive counts as "object
 * exists"; values bind with the driver's own {@code setObject} ({@code byte[]} as {@code bytea},
 * {@code java.time} natively, {@code null} untyped), which is what the default {@code bind} does;
 * no pool defaults are needed because pgjdbc implements {@link java.sql.Connection#isValid(int)},
 * and nothing needs to be done at shutdown.
 */
package io.sasync.dialect.postgres;
