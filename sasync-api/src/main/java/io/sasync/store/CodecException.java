package io.sasync.store;

import io.sasync.SAsyncException;

/**
 * Bytes or a key text read from the database could not be decoded: the row was written with
 * another codec, by another program, or is corrupted. The message names the store and the key;
 * the cause is the codec's exception.
 */
public class CodecException extends SAsyncException {

    /**
     * @param message which store and which key could not be read, and why
     * @param cause   the codec's exception
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
