package io.sasync;

/**
 * A row could not be turned into the Java type asked for ({@link Row#as}, and the typed queries
 * {@link Session#query(Class, String, Object...)} and {@link Broker#sql(Class, String, Object...)}
 * that use it): the type cannot be mapped at all (a nested type, two properties no column name
 * tells apart, no usable constructor), the result's columns do not fit it (a record component
 * without a column, two columns for one property), or a value does not (SQL {@code NULL} for a
 * primitive, a value that does not convert losslessly). The message names the type, the property
 * and the column; the cause, when there is one, is what the conversion, the constructor or the
 * setter threw.
 *
 * <p>Thrown inside a transaction, it fails the work like any exception: the transaction is
 * rolled back and the future fails with a {@link TransactionException} whose cause it is.
 */
public class RowMappingException extends SAsyncException {

    /** @param message what could not be mapped, and why */
    public RowMappingException(String message) {
        super(message);
    }

    /**
     * @param message what could not be mapped, and why
     * @param cause   what the conversion, the constructor or the setter threw
     */
    public RowMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
