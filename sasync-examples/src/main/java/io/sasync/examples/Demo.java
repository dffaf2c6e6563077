package io.sasync.examples;

import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.Row;
import io.sasync.TransactionException;
import io.sasync.Work;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tour of sAsync on an in-memory H2 database: a broker subclass that creates and seeds its
 * table, transactions of different priorities and the order they ran in, a nested transaction, a
 * failing transaction rolled back, and a query's rows.
 *
 * <p>Run it with {@code mvn -q -pl sasync-examples -am compile exec:java}.
 */
public final class Demo {

    private Demo() {
    }

    /**
     * Runs the tour.
     *
     * @param args ignored
     * @throws Exception if the tour fails
     */
    public static void main(String[] args) throws Exception {
        // One worker, so that the order in which queued transactions run is easy to see.
        DatabaseConfig config = DatabaseConfig.builder("jdbc:h2:mem:demo").workers(1).build();

        try (PeopleBroker people = new PeopleBroker(config)) {
            say("1. Start-up created and seeded the table; everybody, oldest first:");
            print(people.everybody().join());

            say("\n2. Transactions queued while the worker is busy run by priority, FIFO among equals:");
            List<String> ranInOrder = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch busy = new CountDownLatch(1);
            CompletableFuture<Void> blocker = people.deferToQueue(Priority.NEXT, () -> {
                busy.await(10, TimeUnit.SECONDS);
                return null;
            });
            List<CompletableFuture<?>> queued = new ArrayList<>();
            String[][] submissions = {{"10", "report"}, {"0", "save A"}, {"-20", "urgent fix"},
                {"0", "save B"}, {"20", "cleanup"}, {"-5", "user click"}};
            for (String[] s : submissions) {
                int niceness = Integer.parseInt(s[0]);
                String label = s[1] + " (niceness " + niceness + ")";
                say("   submitted: " + label);
                queued.add(people.transact(Priority.of(niceness), session -> ranInOrder.add(label)));
            }
            busy.countDown();
            CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).join();
            blocker.join();
            ranInOrder.forEach(label -> say("   ran:       " + label));

            say("\n3. A nested transaction runs inline, in the same transaction as its caller:");
            long count = people.transact(Work.named("add two", session -> {
                session.update("INSERT INTO people (name, born) VALUES (?, ?)", "Edsger Dijkstra", 1930);
                Long id = people.add("Barbara Liskov", 1939).join(); // nested: already complete
                say("   nested insert gave id " + id + "; outer transaction still open");
                return session.first("SELECT COUNT(*) FROM people").orElseThrow().get(0, Long.class);
            })).join();
            say("   people now: " + count);

            say("\n4. A failing transaction is rolled back; its future fails with the cause:");
            try {
                people.transact(Work.named("add a duplicate", session -> {
                    session.update("INSERT INTO people (name, born) VALUES (?, ?)", "Donald Knuth", 1938);
                    return session.update("INSERT INTO people (name, born) VALUES (?, ?)", "Alan Turing", 1912);
                })).join();
            } catch (CompletionException e) {
                TransactionException te = (TransactionException) e.getCause();
                say("   failed: SQL state " + te.sqlState().orElse("?") + ", retryable " + te.isRetryable());
                say("   " + te.getMessage().lines().findFirst().orElse(""));
            }
            boolean knuthSaved = !people.sql("SELECT id FROM people WHERE name = ?", "Donald Knuth").join().isEmpty();
            say("   Donald Knuth saved? " + knuthSaved);

            say("\n5. Rows are detached and typed on request:");
            for (Row row : people.sql("SELECT name, born FROM people WHERE born > ? ORDER BY born", 1920).join()) {
                say("   " + row.get("name", String.class) + " was born in " + row.get("born", Integer.class));
            }
        }
        say("\nShut down: every queued transaction finished, the pool is closed.");
    }

    private static void print(List<Row> rows) {
        rows.forEach(row -> say("   " + row.toMap()));
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
