package io.sasync;

import java.sql.Connection;

/**
 * The isolation level of a transaction ({@link TransactOptions#withIsolation}), as JDBC names
 * them; {@link #DEFAULT} leaves the connection's own (the database's default, or the pool's
 * {@code defaultTransactionIsolation}).
 */
public enum Isolation {
    /** The connection's own level. */
    DEFAULT(-1),
    /** {@link Connection#TRANSACTION_READ_UNCOMMITTED}. */
    READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
    /** {@link Connection#TRANSACTION_READ_COMMITTED}. */
    READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
    /** {@link Connection#TRANSACTION_REPEATABLE_READ}. */
    REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
    /** {@link Connection#TRANSACTION_SERIALIZABLE}. */
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

    private final int level;

    Isolation(int level) {
        this.level = level;
    }

    /** @return the JDBC level, {@code -1} for {@link #DEFAULT} */
    public int jdbcLevel() {
        return level;
    }
}
