package io.sasync.tests;

import io.sasync.TableSpec;
import io.sasync.spi.Dialect;
import io.sasync.spi.Upsert;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A dialect as a third party would write one, using nothing but the SPI: H2 addressed through
 * standard SQL ({@code MERGE … USING (VALUES …)}) instead of H2's own {@code MERGE … KEY}. It
 * serves in-memory H2 databases named {@code standard-…}, and
 * its priority makes it win over the built-in H2 dialect there.
 */
public final class StandardMergeDialect implements Dialect {

    /** The part of an H2 URL that selects this dialect. */
    static final String MARKER = ":h2:mem:standard-";

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
    public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
        List<String> all = new ArrayList<>(keyColumns);
        all.addAll(valueColumns);
        String source = all.stream().map(c -> "CAST(? AS " + sqlType(table.column(c).orElseThrow()) + ")")
                .collect(Collectors.joining(", "));
        String on = keyColumns.stream().map(c -> "t." + quote(c) + " = s." + quote(c))
                .collect(Collectors.joining(" AND "));
        String names = all.stream().map(this::quote).collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(quote(table.name())).append(" t USING (VALUES (")
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
        return Dialect.hasSqlState(e, "42S01", "42S11");
    }
}
