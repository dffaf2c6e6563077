package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.DatabaseConfig;
import io.sasync.Row;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.persistence.Codecs;
import io.sasync.persistence.Coherence;
import io.sasync.persistence.Stores;
import io.sasync.store.PersistentDict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several JVMs on one database, each with its own broker and coherent dicts over one store
 * ({@link CoherentChild}): after random puts, removes and compare-and-set increments on shared
 * keys (with whatever {@link #midRun()} does to them halfway), every process's view equals the
 * database and no increment is lost; and a change
 * committed by one process is seen by another within the bound the README states. A subclass
 * gives the database and how coherence works on it.
 */
abstract class MultiProcessCoherenceScenario {

    /** How long the children mix their operations. */
    private static final Duration MIX = Duration.ofSeconds(8);
    private static final int CHILDREN = 3;
    /** The writes whose staleness the reader measures. */
    private static final int WRITES = 40;

    private final String id = LoadSupport.unique("coherent_procs");
    private final List<Child> children = new ArrayList<>();
    private AccessBroker broker;

    /** Makes the database the test works in. */
    abstract void createDatabase() throws Exception;

    /** Drops it. */
    abstract void dropDatabase() throws Exception;

    /** @return a config of it */
    abstract DatabaseConfig.Builder config();

    /** @return the URL, the user, then driver properties as {@code name=value}, for the children */
    abstract List<String> childConnection();

    /** @return the poll interval, in milliseconds; 0 for notifications */
    abstract long pollMillis();

    /** @return how long after its commit a change must be seen: the README's bound, with a margin */
    abstract Duration stalenessBound();

    /**
     * Called halfway through the children's mix of operations.
     *
     * @throws Exception when what it does fails
     */
    void midRun() throws Exception {
    }

    private Coherence coherence() {
        return pollMillis() == 0 ? Coherence.acrossProcesses()
                : Coherence.acrossProcesses().withPollingOnly().withPollInterval(Duration.ofMillis(pollMillis()));
    }

    @BeforeEach
    void open() throws Exception {
        createDatabase();
        broker = new AccessBroker(new DefaultQueueFactory(Dialects.load()), config().maxConnections(2).build());
    }

    @AfterEach
    void close() throws Exception {
        children.forEach(Child::stop);
        try {
            if (broker != null) {
                broker.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
            }
        } finally {
            dropDatabase();
        }
    }

    @Test
    void threeProcessesEndEqualToTheDatabaseAndLoseNoIncrement() throws Exception {
        PersistentDict<String, Object> seed = Stores.dict(broker, id);
        await(seed.put("counter", 0));
        for (int i = 0; i < CHILDREN; i++) {
            children.add(new Child(i));
        }
        for (Child c : children) {
            c.expect("ready");
        }
        for (int i = 0; i < CHILDREN; i++) {
            children.get(i).send("mix " + MIX.toMillis() + " " + (17 + i));
        }
        Thread.sleep(MIX.toMillis() / 2);
        midRun();
        long increments = 0;
        for (Child c : children) {
            increments += Long.parseLong(c.expect("mixed ").substring("mixed ".length()));
        }
        for (Child c : children) {
            c.send("check");
        }
        Map<String, Object> stored = stored();
        for (Child c : children) {
            String answer = c.expect("");
            assertTrue(answer.startsWith("consistent "), "child " + c.index + ": " + answer);
            assertEquals("consistent " + stored, answer, "child " + c.index);
        }
        System.out.printf("%s: %d increments by %d processes in %d s; %d entries%n", getClass().getSimpleName(),
                increments, CHILDREN, MIX.toSeconds(), stored.size());
        assertTrue(increments > 0, "some increments took effect");
        assertEquals((int) increments, stored.get("counter"), "every increment that took effect, and only those");
    }

    @Test
    void aCommittedWriteIsSeenByAnotherProcessWithinTheBound() throws Exception {
        PersistentDict<String, Object> writer = Stores.dict(broker, id, coherence());
        await(writer.put("t", 0));
        Child reader = new Child(0);
        children.add(reader);
        reader.expect("ready");
        reader.send("watch");
        long[] committed = new long[WRITES + 1];
        for (int n = 1; n <= WRITES; n++) {
            await(writer.put("t", n));
            committed[n] = System.currentTimeMillis();
            Thread.sleep(pollMillis() == 0 ? 10 : pollMillis() / 4);
        }
        long worst = 0;
        int seenUpTo = 0;
        while (seenUpTo < WRITES) {
            String[] seen = reader.expect("seen ").split(" ");
            int n = Integer.parseInt(seen[1]);
            long at = Long.parseLong(seen[2]);
            for (int i = seenUpTo + 1; i <= n; i++) {
                worst = Math.max(worst, at - committed[i]);
            }
            seenUpTo = Math.max(seenUpTo, n);
        }
        System.out.printf("%s: the worst of %d changes was seen %d ms after its commit%n", getClass().getSimpleName(),
                WRITES, worst);
        assertTrue(worst <= stalenessBound().toMillis(), "seen " + worst + " ms after the commit; the bound is "
                + stalenessBound().toMillis() + " ms");
    }

    /** @return what the database holds for the store, read with SQL */
    private Map<String, Object> stored() throws Exception {
        Map<String, Object> stored = new TreeMap<>();
        for (Row r : await(broker.sql("SELECT name, payload FROM sasync_items WHERE group_id = ?", Stores.groupId(id)))) {
            stored.put(r.get("name", String.class), Codecs.standard().decode(r.get("payload", byte[].class)));
        }
        return stored;
    }

    /** A child JVM, its commands and its answers. */
    private final class Child {
        private final int index;
        private final Process process;
        private final Writer commands;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        Child(int index) throws IOException {
            this.index = index;
            Path log = Files.createTempFile(Path.of("target"), "coherent-child-" + index + "-", ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx192m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    CoherentChild.class.getName()));
            List<String> connection = childConnection();
            command.addAll(connection.subList(0, 2));
            command.add(id);
            command.add(Long.toString(pollMillis()));
            command.addAll(connection.subList(2, connection.size()));
            process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        answers.add(line);
                    }
                } catch (IOException e) {
                    answers.add("gone: " + e);
                }
            }, "coherent-child-" + index);
            reader.setDaemon(true);
            reader.start();
            System.out.println("child " + index + " logs to " + log);
        }

        void send(String line) throws IOException {
            commands.write(line + "\n");
            commands.flush();
        }

        /** @return the next answer, which must start with {@code prefix}, within a minute */
        String expect(String prefix) throws InterruptedException {
            String answer = answers.poll(60, TimeUnit.SECONDS);
            if (answer == null) {
                fail("child " + index + " did not answer within 60 s (alive: " + process.isAlive() + ")");
            }
            if (!answer.startsWith(prefix)) {
                fail("child " + index + " answered '" + answer + "', not '" + prefix + "…'");
            }
            return answer;
        }

        void stop() {
            try {
                commands.close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
