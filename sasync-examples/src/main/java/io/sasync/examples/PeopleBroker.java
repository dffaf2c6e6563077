package io.sasync.examples;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.IndexSpec;
import io.sasync.Row;
import io.sasync.Session;
import io.sasync.TableSpec;
import io.sasync.core.AccessBroker;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A broker for a small {@code people} table: the table is created in {@link #startup()} and
 * seeded in {@link #first(Session)}, the pattern of the original sAsync.
 */
public class PeopleBroker extends AccessBroker {

    static final TableSpec PEOPLE = TableSpec.builder("people")
            .column(Column.identity("id"))
            .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
            .column(Column.of("born", ColumnType.INTEGER))
            .index(IndexSpec.unique("people_name", "name"))
            .build();

    /** @param config the database */
    public PeopleBroker(DatabaseConfig config) {
        super(config);
    }

    @Override
    protected CompletionStage<?> startup() {
        return table(PEOPLE);
    }

    @Override
    protected void first(Session session) throws SQLException {
        if (session.first("SELECT id FROM people").isEmpty()) {
            session.batch("INSERT INTO people (name, born) VALUES (?, ?)", List.of(
                    new Object[] {"Ada Lovelace", 1815},
                    new Object[] {"Alan Turing", 1912},
                    new Object[] {"Grace Hopper", 1906}));
        }
    }

    /**
     * @param name a name
     * @param born the year of birth
     * @return the new person's id
     */
    public CompletableFuture<Long> add(String name, int born) {
        return transact(s -> (Long) s.insert("INSERT INTO people (name, born) VALUES (?, ?)", "id", name, born));
    }

    /** @return everybody, oldest first */
    public CompletableFuture<List<Row>> everybody() {
        return sql("SELECT id, name, born FROM people ORDER BY born");
    }
}
