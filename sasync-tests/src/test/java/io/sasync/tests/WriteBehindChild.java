package io.sasync.tests;

import io.sasync.DatabaseConfig;
import io.sasync.core.AccessBroker;
import io.sasync.store.PersistentDict;
import io.sasync.persistence.Stores;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link PostgresWriteBehindKillTest}: puts to a dict without end, at most
 * 2,000 writes waiting at a time, and prints {@code ok <n>} on standard output for each write
 * {@code n} (key {@code "k" + n % 500}, value {@code n}) once its future has completed, and not
 * before. It never outlives its parent: it halts when its standard input closes, and when no
 * write completes for a minute.
 *
 * <p>Arguments: the PostgreSQL URL, the user, the schema, the dict's id.
 */
public final class WriteBehindChild {

    static final int KEYS = 500;

    private WriteBehindChild() {
    }

    /**
     * @param args the PostgreSQL URL, the user, the schema, the dict's id
     * @throws InterruptedException never in practice
     */
    public static void main(String[] args) throws InterruptedException {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // The parent writes nothing; this ends when its end of the pipe closes.
                }
            } catch (IOException e) {
                // The parent is gone as well.
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        DatabaseConfig config = DatabaseConfig.builder(args[0]).user(args[1])
                .driverProperty("currentSchema", args[2]).maxConnections(2).build();
        PersistentDict<String, Object> dict = Stores.dict(new AccessBroker(config), args[3]);
        Semaphore window = new Semaphore(2_000);
        PrintStream out = System.out;
        for (long i = 0; ; i++) {
            if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
                System.err.println("no write completed for 60 s");
                Runtime.getRuntime().halt(4);
            }
            long n = i;
            dict.put("k" + (n % KEYS), n).whenComplete((v, e) -> {
                window.release();
                if (e != null) {
                    e.printStackTrace();
                    return;
                }
                synchronized (out) {
                    out.println("ok " + n);
                    out.flush();
                }
            });
        }
    }
}
