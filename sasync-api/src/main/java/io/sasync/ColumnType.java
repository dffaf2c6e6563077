package io.sasync;

/**
 * The portable column types a {@link TableSpec} is written in. Each
 * {@link io.sasync.spi.Dialect} maps them to its SQL types; the Java type shows what a value
 * binds from and reads back as.
 */
public enum ColumnType {
    /** {@link Boolean}. */
    BOOLEAN,
    /** 32-bit {@link Integer}. */
    INTEGER,
    /** 64-bit {@link Long}. */
    BIGINT,
    /** 64-bit floating point {@link Double}. */
    DOUBLE,
    /** {@link java.math.BigDecimal} with a precision ({@link Column#size()}) and scale. */
    DECIMAL,
    /** {@link String} of at most {@link Column#size()} characters. */
    VARCHAR,
    /** {@link String} of any length (a character large object where the database has no unbounded text). */
    TEXT,
    /** {@code byte[]} of any length (a binary large object where needed). */
    BLOB,
    /** {@link java.time.LocalDate}. */
    DATE,
    /** {@link java.time.LocalDateTime}, microsecond precision or better. */
    TIMESTAMP
}
