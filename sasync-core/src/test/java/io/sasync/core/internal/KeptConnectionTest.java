package io.sasync.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a worker's kept connection is handed out unvalidated, and when it goes back to the pool. */
class KeptConnectionTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicBoolean poolWanted = new AtomicBoolean();
    private final KeptConnection kept = new KeptConnection(poolWanted::get, now::get);
    private final Deque<Connection> pool = new ArrayDeque<>();
    private final Connection first = mock(Connection.class);
    private final Connection second = mock(Connection.class);

    KeptConnectionTest() {
        pool.add(first);
        pool.add(second);
    }

    private KeptConnection.Lease lease(boolean trust) throws Exception {
        return kept.lease(pool::remove, trust);
    }

    @Test
    void aConnectionUsedMomentsAgoIsHandedOutAgainWithoutThePool() throws Exception {
        KeptConnection.Lease borrowed = lease(true);
        assertSame(first, borrowed.connection());
        assertFalse(borrowed.trusted(), "a connection from the pool was validated by it");
        borrowed.end(true);
        assertTrue(kept.isHeld());
        now.addAndGet(KeptConnection.TRUSTED_FOR.toNanos() - 1);
        KeptConnection.Lease again = lease(true);
        assertSame(first, again.connection());
        assertTrue(again.trusted());
        verify(first, never()).close();
    }

    @Test
    void aConnectionIdleLongerThanTheTrustGoesBackToThePoolWhichValidatesWhatItHandsOut() throws Exception {
        lease(true).end(true);
        now.addAndGet(KeptConnection.TRUSTED_FOR.toNanos());
        KeptConnection.Lease next = lease(true);
        verify(first).close();
        assertSame(second, next.connection());
        assertFalse(next.trusted());
    }

    @Test
    void aCallerThatDoesNotTrustGetsAValidatedConnection() throws Exception {
        lease(true).end(true);
        KeptConnection.Lease next = lease(false);
        verify(first).close();
        assertSame(second, next.connection());
        assertFalse(next.trusted());
    }

    @Test
    void aConnectionWhoseTransactionFailedGoesBackToThePool() throws Exception {
        lease(true).end(false);
        verify(first).close();
        assertFalse(kept.isHeld());
    }

    @Test
    void aConnectionSomeoneWaitsForGoesBackToThePool() throws Exception {
        KeptConnection.Lease borrowed = lease(true);
        poolWanted.set(true);
        borrowed.end(true);
        verify(first).close();
        assertFalse(kept.isHeld());
    }

    @Test
    void releasingGivesTheKeptConnectionBack() throws Exception {
        lease(true).end(true);
        kept.release();
        verify(first).close();
        assertFalse(kept.isHeld());
        kept.release(); // nothing kept: nothing to do
    }

    @Test
    void aLeaseOfThePoolAloneIsNeverKept() throws Exception {
        KeptConnection.Lease once = KeptConnection.Lease.once(first);
        assertFalse(once.trusted());
        once.end(true);
        verify(first).close();
    }
}
