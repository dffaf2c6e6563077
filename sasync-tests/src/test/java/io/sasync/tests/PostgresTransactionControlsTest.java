package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Isolation;
import io.sasync.SqlRefusedException;
import io.sasync.TransactOptions;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-call transaction controls on PostgreSQL, which enforces them: a read-only transaction
 * refuses writes, a savepoint keeps a transaction usable after a statement failed in it, and
 * statements that cannot run in a transaction run in auto-commit.
 */
class PostgresTransactionControlsTest {

    private PostgresSchema schema;
    private AccessBroker broker;

    @BeforeEach
    void open() throws Exception {
        TestPostgres.assumeAvailable();
        schema = new PostgresSchema();
        broker = new AccessBroker(new DefaultQueueFactory(Dialects.load()),
                schema.config(TestPostgres.url()).maxConnections(1).build());
        await(broker.update("CREATE TABLE ledger (id INTEGER PRIMARY KEY, note VARCHAR(20))"));
    }

    @AfterEach
    void close() throws Exception {
        if (broker != null) {
            broker.shutdown().get(30, TimeUnit.SECONDS);
        }
        if (schema != null) {
            schema.close();
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aReadOnlyTransactionRefusesWritesAndTheNextOneMayWrite() throws Exception {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> await(broker.transact(
                TransactOptions.DEFAULT.readOnly(), s -> s.update("INSERT INTO ledger VALUES (1, 'no')"))));
        SqlRefusedException e = assertInstanceOf(SqlRefusedException.class, refused.getCause());
        assertEquals("25006", e.sqlState().orElseThrow(), e.getMessage());
        assertEquals(1, await(broker.update("INSERT INTO ledger VALUES (1, 'yes')")), "the connection is writable again");
    }

    @Test
    void theIsolationLevelIsTheTransactionsAndTheConnectionsOwnComesBack() throws Exception {
        String own = await(broker.sql("SHOW transaction_isolation")).get(0).get(0, String.class);
        String serializable = await(broker.transact(TransactOptions.DEFAULT.withIsolation(Isolation.SERIALIZABLE),
                s -> s.query("SHOW transaction_isolation").get(0).get(0, String.class)));
        assertEquals("serializable", serializable);
        assertEquals(own, await(broker.sql("SHOW transaction_isolation")).get(0).get(0, String.class));
    }

    @Test
    void aStatementFailingInASavepointLeavesTheTransactionUsable() throws Exception {
        List<Integer> ids = await(broker.transact(s -> {
            s.update("INSERT INTO ledger VALUES (1, 'outer')");
            CompletableFuture<Integer> duplicate = broker.transact(TransactOptions.DEFAULT.inSavepoint(),
                    n -> n.update("INSERT INTO ledger VALUES (1, 'again')"));
            assertInstanceOf(SQLException.class, assertThrows(CompletionException.class, duplicate::join).getCause());
            s.update("INSERT INTO ledger VALUES (2, 'outer again')"); // PostgreSQL would refuse this without the savepoint
            return s.query("SELECT id FROM ledger ORDER BY id").stream().map(r -> r.get("id", Integer.class)).toList();
        }));
        assertEquals(List.of(1, 2), ids);
        assertEquals(2, await(broker.sql("SELECT id FROM ledger")).size());
    }

    @Test
    void aStatementThatCannotRunInATransactionRunsInAutoCommit() throws Exception {
        String database = "sasync_ac_" + UUID.randomUUID().toString().replace("-", "");
        ExecutionException inTransaction = assertThrows(ExecutionException.class,
                () -> await(broker.update("CREATE DATABASE " + database)));
        assertEquals("25001", assertInstanceOf(SqlRefusedException.class, inTransaction.getCause()).sqlState().orElseThrow());
        TransactOptions autoCommit = TransactOptions.DEFAULT.inAutoCommit();
        try {
            await(broker.transact(autoCommit, s -> s.update("CREATE DATABASE " + database)));
            assertTrue(await(broker.sql("SELECT 1 FROM pg_database WHERE datname = ?", database)).size() == 1);
            await(broker.transact(autoCommit, s -> s.update("VACUUM ledger")));
        } finally {
            await(broker.transact(autoCommit, s -> s.update("DROP DATABASE IF EXISTS " + database)));
        }
    }
}
