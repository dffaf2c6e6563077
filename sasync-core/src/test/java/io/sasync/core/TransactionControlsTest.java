package io.sasync.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Isolation;
import io.sasync.TransactOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Isolation, read-only, savepoints and auto-commit per call, on H2. */
class TransactionControlsTest {

    private final DefaultQueueFactory factory = new DefaultQueueFactory(Dialects.load());
    private AccessBroker broker;

    @BeforeEach
    void open() throws Exception {
        broker = new AccessBroker(factory, H2.database().maxConnections(1).build());
        broker.update("CREATE TABLE ledger (id INT PRIMARY KEY, note VARCHAR(20))").get(30, SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        broker.shutdown().get(30, SECONDS);
    }

    private <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, SECONDS);
    }

    @Test
    void anIsolationLevelHoldsForItsTransactionAndTheConnectionGetsItsOwnBack() throws Exception {
        int own = await(broker.transact(s -> s.connection().getTransactionIsolation()));
        int serializable = await(broker.transact(TransactOptions.DEFAULT.withIsolation(Isolation.SERIALIZABLE),
                s -> s.connection().getTransactionIsolation()));
        assertEquals(Connection.TRANSACTION_SERIALIZABLE, serializable);
        int after = await(broker.transact(s -> s.connection().getTransactionIsolation()));
        assertEquals(own, after, "the one pooled connection has its level back");
    }

    @Test
    void aReadOnlyTransactionLeavesItsConnectionWritableForTheNext() throws Exception {
        // H2 ignores the flag itself (PostgreSQL and Derby refuse writes: tested on them); what
        // holds everywhere is that the pooled connection is writable again afterwards.
        assertEquals(0, await(broker.transact(TransactOptions.DEFAULT.readOnly(),
                s -> s.query("SELECT id FROM ledger"))).size());
        assertEquals(1, await(broker.update("INSERT INTO ledger VALUES (1, 'after')")));
    }

    @Test
    void aNestedCallInASavepointRollsBackAloneAndTheOuterWorkCommits() throws Exception {
        IllegalStateException boom = new IllegalStateException("the nested part fails");
        List<Integer> rows = await(broker.transact(s -> {
            s.update("INSERT INTO ledger VALUES (1, 'outer')");
            CompletableFuture<Integer> nested = broker.transact(TransactOptions.DEFAULT.inSavepoint(), n -> {
                n.update("INSERT INTO ledger VALUES (2, 'nested')");
                throw boom;
            });
            CompletionException failed = assertThrows(CompletionException.class, nested::join);
            assertSame(boom, failed.getCause(), "the nested call fails with its own exception");
            s.update("INSERT INTO ledger VALUES (3, 'outer again')");
            return s.query("SELECT id FROM ledger ORDER BY id").stream().map(r -> r.get("id", Integer.class)).toList();
        }));
        assertEquals(List.of(1, 3), rows, "inside the transaction, the nested insert is undone");
        assertEquals(2, await(broker.sql("SELECT id FROM ledger")).size(), "and the outer work committed");
    }

    @Test
    void withoutASavepointANestedFailureFailsTheWholeTransaction() throws Exception {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> await(broker.transact(s -> {
            s.update("INSERT INTO ledger VALUES (1, 'outer')");
            return broker.transact(n -> {
                throw new IllegalStateException("nested");
            }).join();
        })));
        assertInstanceOf(RuntimeException.class, failed.getCause());
        assertEquals(List.of(), await(broker.sql("SELECT id FROM ledger")), "everything rolled back");
    }

    @Test
    void inAutoCommitEachStatementCommitsOnItsOwn() throws Exception {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> await(broker.transact(
                TransactOptions.DEFAULT.inAutoCommit(), s -> {
                    assertTrue(s.connection().getAutoCommit(), "no transaction is open");
                    s.update("INSERT INTO ledger VALUES (1, 'kept')");
                    throw new SQLException("a later failure undoes nothing", "42000");
                })));
        assertInstanceOf(SQLException.class, failed.getCause().getCause());
        assertEquals(1, await(broker.sql("SELECT id FROM ledger")).size(), "the statement before the failure stays");
        assertEquals(Boolean.FALSE, await(broker.transact(s -> s.connection().getAutoCommit())),
                "the next call is a transaction again");
    }

    @Test
    void namedParametersBindByName() throws Exception {
        assertEquals(1, (int) await(broker.transact(s -> s.updateNamed("INSERT INTO ledger VALUES (:id, :note)",
                Map.of("id", 1, "note", "named")))));
        assertEquals("named", await(broker.transact(s -> s.firstNamed(
                "SELECT note FROM ledger WHERE id = :id AND note <> ':id'", Map.of("id", 1))))
                .orElseThrow().get("note", String.class));
        assertEquals(1, await(broker.transact(s -> s.queryNamed("SELECT id FROM ledger WHERE id IN (:id, :id)",
                Map.of("id", 1)))).size());
    }
}
