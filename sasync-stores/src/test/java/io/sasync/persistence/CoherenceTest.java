package io.sasync.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoherenceTest {

    @Test
    void defaults() {
        assertFalse(Coherence.off().enabled());
        Coherence on = Coherence.acrossProcesses();
        assertTrue(on.enabled());
        assertFalse(on.pollingOnly());
        assertEquals(Coherence.DEFAULT_POLL_INTERVAL, on.pollInterval());
        assertEquals(Duration.ofSeconds(1), on.pollInterval());
    }

    @Test
    void settingsAreCheckedAndCopied() {
        Coherence polling = Coherence.acrossProcesses().withPollInterval(Duration.ofMillis(250)).withPollingOnly();
        assertTrue(polling.pollingOnly());
        assertEquals(Duration.ofMillis(250), polling.pollInterval());
        assertEquals(Coherence.DEFAULT_POLL_INTERVAL, Coherence.acrossProcesses().pollInterval());
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> Coherence.acrossProcesses().withPollInterval(Duration.ofMillis(9)));
        assertTrue(tooShort.getMessage().contains("10 ms"), tooShort.getMessage());
        assertThrows(IllegalStateException.class, () -> Coherence.off().withPollingOnly());
        assertEquals(polling, Coherence.acrossProcesses().withPollingOnly().withPollInterval(Duration.ofMillis(250)));
    }
}
