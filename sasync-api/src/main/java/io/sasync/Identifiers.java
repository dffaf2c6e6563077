package io.sasync;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Validation of table, column and index names before any SQL is written with them. */
final class Identifiers {

    /** The longest name accepted: the smallest limit among supported databases (PostgreSQL: 63 bytes). */
    static final int MAX_LENGTH = 63;

    private Identifiers() {
    }

    /**
     * Accepts any name a dialect can quote: non-empty, at most {@value #MAX_LENGTH} UTF-8 bytes,
     * without control characters. Names that are not plain identifiers are quoted by the dialect.
     */
    static String check(String name, String what) {
        Objects.requireNonNull(name, what + " name");
        if (name.isEmpty() || name.isBlank()) {
            throw new IllegalArgumentException(what + " name must not be blank");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " name is " + bytes + " bytes long, the limit is "
                    + MAX_LENGTH + ": " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException(what + " name contains a control character at "
                        + i + ": " + name.replaceAll("\\p{Cntrl}", "?"));
            }
        }
        return name;
    }
}
