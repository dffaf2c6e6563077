package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.persistence.Stores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A crash loses only what was not acknowledged: a child JVM ({@link WriteBehindChild}) writes to
 * a dict on PostgreSQL and reports each write whose future completed; it is killed with SIGKILL
 * mid-stream, and a fresh dict with the same id finds every reported write.
 */
class PostgresWriteBehindKillTest {

    private static final int REPORTED_BEFORE_THE_KILL = 10_000;

    private PostgresSchema schema;
    private Process child;

    @BeforeEach
    void open() throws Exception {
        TestPostgres.assumeAvailable();
        schema = new PostgresSchema();
    }

    @AfterEach
    void close() throws Exception {
        try {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            if (schema != null) {
                schema.close();
            }
        }
    }

    @Test
    void everyWriteReportedBeforeAKill9IsInTheDatabase() throws Exception {
        String id = "killed-" + UUID.randomUUID();
        Path log = Path.of(Optional.ofNullable(System.getenv("SASYNC_TEST_DIR")).orElse("target"))
                .toAbsolutePath().resolve("write-behind-child-" + id + ".log");
        Files.createDirectories(log.getParent());
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), WriteBehindChild.class.getName(),
                TestPostgres.url(), TestPostgres.user(), schema.name(), id)
                .redirectError(log.toFile())
                .start();

        // Each report: the key of write n and n, the highest per key.
        Map<String, Long> reported = new HashMap<>();
        AtomicInteger reports = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(REPORTED_BEFORE_THE_KILL);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("ok ")) {
                        long n = Long.parseLong(line.substring(3));
                        synchronized (reported) {
                            reported.merge("k" + (n % WriteBehindChild.KEYS), n, Math::max);
                        }
                        reports.incrementAndGet();
                        enough.countDown();
                    }
                }
            } catch (IOException e) {
                // The child is gone: what was read is what it reported.
            }
        }, "child-reports");
        reader.setDaemon(true);
        reader.start();

        assertTrue(enough.await(120, TimeUnit.SECONDS), () -> "the child reported " + reports.get()
                + " writes; its log: " + tail(log));
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
        assertEquals(128 + 9, child.exitValue(), "killed by SIGKILL, not ended by itself");
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!reader.isAlive(), "every report sent before the kill was read");

        DefaultQueueFactory factory = new DefaultQueueFactory(Dialects.load());
        AccessBroker broker = new AccessBroker(factory, schema.config(TestPostgres.url()).build());
        Map<String, Object> stored;
        try {
            stored = await(Stores.dict(broker, id).copy());
        } finally {
            await(broker.shutdown());
        }
        synchronized (reported) {
            assertTrue(reports.get() >= REPORTED_BEFORE_THE_KILL);
            for (Map.Entry<String, Long> e : reported.entrySet()) {
                Long value = assertInstanceOf(Long.class, stored.get(e.getKey()), "reported write of " + e.getKey() + " is lost");
                assertTrue(value >= e.getValue(), e.getKey() + " holds write " + value
                        + ", older than write " + e.getValue() + " which was reported committed");
                assertEquals(e.getKey(), "k" + (value % WriteBehindChild.KEYS), "a write of that key");
            }
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() <= 4_000 ? text : text.substring(text.length() - 4_000);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
