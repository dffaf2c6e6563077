package io.sasync.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Priority;
import io.sasync.StatementListener;
import io.sasync.StatementListener.Kind;
import io.sasync.StatementListener.StatementEvent;
import io.sasync.StatementListener.StatementResult;
import io.sasync.Work;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Statement listeners hear about every statement a broker runs, and the shipped ones log them. */
class StatementListenerTest {

    private record Heard(StatementEvent statement, Object token, StatementResult result) {
    }

    private final List<Heard> heard = new CopyOnWriteArrayList<>();
    private final StatementListener recording = new StatementListener() {
        @Override
        public Object beforeStatement(StatementEvent statement) {
            return "token of " + statement.sql();
        }

        @Override
        public void afterStatement(StatementEvent statement, Object token, StatementResult result) {
            heard.add(new Heard(statement, token, result));
        }
    };
    private AccessBroker broker;

    @AfterEach
    void close() throws Exception {
        if (broker != null) {
            broker.shutdown().get(30, SECONDS);
        }
    }

    private AccessBroker broker(StatementListener... listeners) {
        var config = H2.database();
        for (StatementListener l : listeners) {
            config.statementListener(l);
        }
        broker = new AccessBroker(new DefaultQueueFactory(Dialects.load()), config.build());
        return broker;
    }

    @Test
    void everyKindOfStatementIsHeardWithItsTransactionPriorityRowsAndFailure() throws Exception {
        broker(recording);
        broker.update("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10))").get(30, SECONDS);
        heard.clear();
        broker.transact(Priority.of(-3), Work.named("fill", s -> {
            s.update("INSERT INTO t VALUES (?, ?)", 1, "one");
            s.batch("INSERT INTO t VALUES (?, ?)", List.of(new Object[] {2, "two"}, new Object[] {3, "three"}));
            s.insert("INSERT INTO t (id, name) VALUES (?, ?)", "id", 4, "four");
            return s.query("SELECT id FROM t");
        })).get(30, SECONDS);
        assertThrows(ExecutionException.class, () -> broker.update("INSERT INTO t VALUES (1, 'dup')").get(30, SECONDS));
        assertEquals(3, broker.stream("SELECT id FROM t WHERE id < 4").toList().get(30, SECONDS).size());

        assertEquals(List.of(Kind.UPDATE, Kind.BATCH, Kind.INSERT, Kind.QUERY, Kind.UPDATE, Kind.STREAM),
                heard.stream().map(h -> h.statement.kind()).toList());
        Heard update = heard.get(0);
        assertEquals(List.of(1, "one"), update.statement.parameters());
        assertEquals(Priority.of(-3), update.statement.priority());
        assertEquals("fill", update.statement.work());
        assertEquals("token of INSERT INTO t VALUES (?, ?)", update.token);
        assertEquals(1, update.result.rows());
        assertNull(update.result.failure());
        assertTrue(heard.subList(0, 4).stream().allMatch(h -> h.statement.transaction() == update.statement.transaction()),
                "one transaction");
        assertEquals(2, heard.get(1).statement.batchSize());
        assertEquals(2, heard.get(1).result.rows());
        assertEquals(4, heard.get(3).result.rows(), "the rows the query returned");
        Heard failed = heard.get(4);
        assertInstanceOf(SQLException.class, failed.result.failure());
        assertEquals(-1, failed.result.rows());
        assertTrue(failed.statement.transaction() > update.statement.transaction(), "another transaction");
        assertEquals(-1, heard.get(5).result.rows(), "a stream's rows are read later");
    }

    @Test
    void aListenerThatThrowsIsIgnoredAndTheStatementRuns() throws Exception {
        StatementListener broken = new StatementListener() {
            @Override
            public Object beforeStatement(StatementEvent statement) {
                throw new IllegalStateException("a broken listener");
            }
        };
        broker(broken, recording);
        assertEquals(1, broker.sql("SELECT 1").get(30, SECONDS).size());
        assertEquals(1, heard.size(), "the next listener still heard it");
    }

    @Test
    void theShippedListenersLogTheStatementValuesOnlyAtTraceAndSlowOnesAtWarn() {
        StatementEvent statement = new StatementEvent("UPDATE t SET secret = ? WHERE id = ?", List.of("hunter2", 7), 1,
                Kind.UPDATE, Priority.NORMAL, 12, "rename");
        StatementResult slow = new StatementResult(Duration.ofMillis(250), 1, null);
        String described = StatementLogging.describe(statement, slow);
        assertTrue(described.contains("UPDATE in transaction 12 (rename, " + Priority.NORMAL + "): 250.000 ms, 1 row: UPDATE t"),
                described);
        assertTrue(!described.contains("hunter2"), "no values at DEBUG: " + described);
        assertEquals("['hunter2', 7]", StatementLogging.values(statement.parameters()));
        assertEquals("[byte[3], 'x" + "y".repeat(99) + "…' (150 characters)]",
                StatementLogging.values(List.of(new byte[3], "x" + "y".repeat(149))));

        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            StatementListener slowLog = StatementLogging.slowerThan(Duration.ofMillis(200));
            slowLog.afterStatement(statement, null, slow);
            slowLog.afterStatement(statement, null, new StatementResult(Duration.ofMillis(5), 1, null));
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("WARN io.sasync.sql.slow - slower than PT0.2S"), logs);
        assertEquals(1, logs.lines().filter(l -> l.contains("slower than")).count(), "the quick one is not logged: " + logs);
        assertTrue(!logs.contains("hunter2"), logs);
    }
}
