package io.sasync.tests;

import io.sasync.DatabaseConfig;
import io.sasync.Row;
import io.sasync.core.AccessBroker;
import io.sasync.persistence.Codecs;
import io.sasync.persistence.Coherence;
import io.sasync.persistence.Stores;
import io.sasync.store.PersistentDict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM of {@link MultiProcessCoherenceScenario}: one broker and coherent dicts over one
 * store. It reads commands, one a line, from standard input and answers on standard output; it
 * halts when its standard input closes (its parent is gone) and after five minutes in any case.
 *
 * <ul>
 *   <li>{@code mix <millis> <seed>}: for that long, random puts and removes of keys
 *       {@code k0}…{@code k19} and compare-and-set increments of {@code counter} through a
 *       preloaded dict, and reads through a second dict, not preloaded; answers
 *       {@code mixed <increments>} once its writes are committed.</li>
 *   <li>{@code check}: waits (20 s at most) until both dicts, the preloaded map and the async reads
 *       of every key, equal what the database holds, read with SQL; answers
 *       {@code consistent <entries>} or {@code inconsistent <what differs>}.</li>
 *   <li>{@code watch}: answers {@code seen <n> <epoch millis>} whenever the preloaded map's
 *       {@code t} becomes a new number {@code n}, until the next command.</li>
 * </ul>
 *
 * <p>Arguments: the JDBC URL, the user, the dict's id, the poll interval in milliseconds
 * ({@code 0} for notifications where the database has them), then driver properties as
 * {@code name=value}.
 */
public final class CoherentChild {

    static final int KEYS = 20;
    private static final Duration CHECK = Duration.ofSeconds(20);

    private final AccessBroker broker;
    private final String id;
    private final PersistentDict<String, Object> dict;
    private final PersistentDict<String, Object> cached;
    private final Map<String, Object> map;
    private volatile boolean watching;

    private CoherentChild(AccessBroker broker, String id, Coherence coherence) {
        this.broker = broker;
        this.id = id;
        this.dict = Stores.dict(broker, id, coherence);
        this.cached = Stores.dict(broker, id, coherence);
        this.map = dict.preload().join();
    }

    /**
     * @param args the URL, the user, the dict's id, the poll interval in milliseconds, driver properties
     * @throws Exception when the database fails the child
     */
    public static void main(String[] args) throws Exception {
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(4);
        }, "child-deadline");
        deadline.setDaemon(true);
        deadline.start();

        DatabaseConfig.Builder config = DatabaseConfig.builder(args[0]).user(args[1]).maxConnections(3);
        for (int i = 4; i < args.length; i++) {
            String[] property = args[i].split("=", 2);
            config.driverProperty(property[0], property[1]);
        }
        long pollMillis = Long.parseLong(args[3]);
        Coherence coherence = pollMillis == 0 ? Coherence.acrossProcesses()
                : Coherence.acrossProcesses().withPollingOnly().withPollInterval(Duration.ofMillis(pollMillis));
        CoherentChild child = new CoherentChild(new AccessBroker(config.build()), args[2], coherence);
        System.out.println("ready");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                child.watching = false;
                String[] command = line.split(" ");
                switch (command[0]) {
                    case "mix" -> child.mix(Long.parseLong(command[1]), Long.parseLong(command[2]));
                    case "check" -> child.check();
                    case "watch" -> child.watch();
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                }
            }
        } catch (IOException e) {
            // The parent is gone.
        }
        Runtime.getRuntime().halt(0);
    }

    private static void answer(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    private void mix(long millis, long seed) {
        Random random = new Random(seed);
        long increments = 0;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            int op = random.nextInt(100);
            String key = "k" + random.nextInt(KEYS);
            if (op < 40) {
                dict.put(key, random.nextInt(1000));
            } else if (op < 55) {
                map.remove(key);
            } else if (op < 80) {
                Integer n = (Integer) dict.get("counter").join();
                if (dict.replace("counter", n, n + 1).join()) {
                    increments++;
                }
            } else {
                cached.get(key).join();
            }
        }
        dict.flush().join();
        answer("mixed " + increments);
    }

    private void check() throws InterruptedException {
        long end = System.nanoTime() + CHECK.toNanos();
        String difference;
        do {
            difference = difference();
            if (difference == null) {
                answer("consistent " + new TreeMap<>(map));
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < end);
        answer("inconsistent " + difference);
    }

    /** @return what differs from the database, or {@code null} when nothing does */
    private String difference() {
        Map<String, Object> stored = new TreeMap<>();
        List<Row> rows = broker.sql("SELECT name, payload FROM sasync_items WHERE group_id = ?", Stores.groupId(id)).join();
        for (Row r : rows) {
            stored.put(r.get("name", String.class), Codecs.standard().decode(r.get("payload", byte[].class)));
        }
        if (!stored.equals(new TreeMap<>(map))) {
            return "preloaded map " + new TreeMap<>(map) + " but database " + stored;
        }
        Set<String> keys = new HashSet<>(stored.keySet());
        for (int i = 0; i < KEYS; i++) {
            keys.add("k" + i);
        }
        for (String key : keys) {
            Object mine = dict.get(key).join();
            Object theirs = cached.get(key).join();
            if (!Objects.equals(mine, stored.get(key)) || !Objects.equals(theirs, stored.get(key))) {
                return key + ": reads " + mine + " and " + theirs + " but database " + stored.get(key);
            }
        }
        return null;
    }

    private void watch() {
        watching = true;
        Thread watcher = new Thread(() -> {
            Object last = map.get("t");
            while (watching) {
                Object now = map.get("t");
                if (now != null && !now.equals(last)) {
                    answer("seen " + now + " " + System.currentTimeMillis());
                    last = now;
                }
                LockSupport.parkNanos(200_000);
            }
        }, "child-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
