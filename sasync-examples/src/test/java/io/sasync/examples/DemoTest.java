package io.sasync.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo of the README keeps running and keeps showing what it promises. */
class DemoTest {

    @Test
    @Timeout(60)
    void theTourRuns() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Demo.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Ada Lovelace"), out);
        int urgent = out.indexOf("ran:       urgent fix");
        int cleanup = out.indexOf("ran:       cleanup");
        assertTrue(urgent > 0 && cleanup > urgent, "priority order is shown: " + out);
        assertTrue(out.indexOf("ran:       save A") < out.indexOf("ran:       save B"), "FIFO among equals: " + out);
        assertTrue(out.contains("SQL state 23505"), out);
        assertTrue(out.contains("Donald Knuth saved? false"), out);
        assertTrue(out.contains("Barbara Liskov was born in 1939"), out);
    }
}
