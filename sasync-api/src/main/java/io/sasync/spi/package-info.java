/**
 * The plugin interface for databases: {@link io.sasync.spi.Dialect}.
 *
 * <p>A dialect module implements {@code Dialect} and lists the class in
 * {@code META-INF/services/io.sasync.spi.Dialect}; the core finds it with
 * {@link java.util.ServiceLoader}. Everything that differs between databases lives behind this
 * interface; the core never names a database. A dialect whose database can tell other
 * connections of a change also returns {@link io.sasync.spi.ChangeNotifications} from
 * {@link io.sasync.spi.Dialect#changeNotifications()}, for coherent stores.
 */
package io.sasync.spi;
