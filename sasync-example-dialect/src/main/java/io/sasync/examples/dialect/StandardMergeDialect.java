package io.sasync.examples.dialect;

import io.sasync.TableSpec;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import io.sasync.spi.Upsert;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A dialect as a third party writes one, using nothing but the SPI of {@code sasync-api}: H2
 * addressed through standard SQL ({@code MERGE … USING (VALUES …)}) instead of H2's own
 * {@code MERGE … KEY}, with the SPI's standard column types ({@code TEXT} and {@code BLOB} are H2
 * LOBs). It serves in-memory H2 databases named {@code standard-…}
 * ({@code jdbc:h2:mem:standard-app}), and its priority makes it win over the built-in H2 dialect
 * there, where both are on the class path. It is registered for {@link java.util.ServiceLoader}
 * in {@code META-INF/services/io.sasync.spi.Dialect}.
 */
public final class StandardMergeDialect implements Dialect {

    /** The part of an H2 URL that selects this dialect. */
    public static final String MARKER = ":h2:mem:standard-";

    /**
     * Words H2 refuses as unquoted names that {@link Dialect#STANDARD_RESERVED_WORDS} leaves out:
     * rarer SQL:2016 ones ({@code ASYMMETRIC}, {@code CURRENT_ROLE}…) and H2's own
     * ({@code MINUS}, {@code QUALIFY}, {@code ROWNUM}, {@code TOP}, {@code _ROWID_}).
     */
    private static final Set<String> RESERVED_WORDS = reservedWords(Set.of("ASYMMETRIC", "AUTHORIZATION",
            "CURRENT_PATH", "CURRENT_ROLE", "SYMMETRIC", "UESCAPE", "MINUS", "QUALIFY", "ROWNUM", "TOP",
            "_ROWID_"));

    private static Set<String> reservedWords(Set<String> beyondStandard) {
        Set<String> words = new HashSet<>(STANDARD_RESERVED_WORDS);
        words.addAll(beyondStandard);
        return Set.copyOf(words);
    }

    /** Creates the dialect; it has no state. */
    public StandardMergeDialect() {
    }

    @Override
    public String name() {
        return "standard-merge";
    }

    @Override
    public boolean supportsUrl(String jdbcUrl) {
        return jdbcUrl.contains(MARKER);
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Set<String> reservedWords() {
        return RESERVED_WORDS;
    }

    @Override
    public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
        List<String> all = new ArrayList<>(keyColumns);
        all.addAll(valueColumns);
        String source = all.stream().map(c -> "CAST(? AS " + sqlType(table.column(c).orElseThrow()) + ")")
                .collect(Collectors.joining(", "));
        String on = keyColumns.stream().map(c -> "t." + quote(c) + " = s." + quote(c))
                .collect(Collectors.joining(" AND "));
        String names = all.stream().map(this::quote).collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(qualifiedName(table)).append(" t USING (VALUES (")
                .append(source).append(")) s(").append(names).append(") ON ").append(on);
        if (!valueColumns.isEmpty()) {
            sql.append(" WHEN MATCHED THEN UPDATE SET ").append(valueColumns.stream()
                    .map(c -> quote(c) + " = s." + quote(c)).collect(Collectors.joining(", ")));
        }
        sql.append(" WHEN NOT MATCHED THEN INSERT (").append(names).append(") VALUES (")
                .append(all.stream().map(c -> "s." + quote(c)).collect(Collectors.joining(", "))).append(')');
        return Upsert.inOrder(sql.toString(), all.size());
    }

    @Override
    public boolean isObjectExists(SQLException e) {
        return SqlStates.has(e, "42S01", "42S11");
    }

    /**
     * Besides the standard class {@code 40} (serialization failure and deadlock, H2's {@code 40001}
     * among them), H2's lock timeout {@code HYT00} and concurrent update {@code 90131}: the kit's
     * fault contract found that the default alone leaves a lock timeout not retryable.
     */
    @Override
    public boolean isRetryable(SQLException e) {
        return Dialect.super.isRetryable(e) || SqlStates.has(e, "HYT00", "90131");
    }
}
