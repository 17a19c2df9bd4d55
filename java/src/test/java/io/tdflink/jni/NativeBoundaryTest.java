package io.tdflink.jni;

import io.tdflink.common.TDengineException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors, panics and handles cross the boundary as docs/jni-conventions.md says. */
class NativeBoundaryTest {

    @Test
    void rustErrorArrivesWithItsCode() {
        TDengineException e = assertThrows(
                TDengineException.class, () -> NativeDiagnostics.raiseError(0x2603, "Table does not exist"));
        assertEquals(0x2603, e.getErrorCode());
        assertEquals("TDengine ERROR (0x2603): Table does not exist", e.getMessage());
    }

    @Test
    void rustPanicArrivesAsUnknownErrorAndTheJvmCarriesOn() {
        for (int i = 0; i < 3; i++) {
            TDengineException e =
                    assertThrows(TDengineException.class, () -> NativeDiagnostics.panic("index out of bounds"));
            assertEquals(0x2350, e.getErrorCode());
            assertTrue(e.getMessage().contains("native panic: index out of bounds"), e.getMessage());
        }
        assertThrows(TDengineException.class, () -> NativeDiagnostics.raiseError(0xa000, "still alive"));
    }

    @Test
    void handlesAreReleasedOnceAndDoubleCloseIsHarmless() {
        int before = NativeDiagnostics.liveHandles();
        NativeDiagnostics.Probe probe = new NativeDiagnostics.Probe("p1");
        long raw = probe.rawHandle();
        assertEquals("p1", probe.label());
        assertEquals(before + 1, NativeDiagnostics.liveHandles());

        probe.close();
        probe.close();
        assertEquals(before, NativeDiagnostics.liveHandles());

        TDengineException javaGuard = assertThrows(TDengineException.class, probe::label);
        assertEquals(0x2322, javaGuard.getErrorCode());
        TDengineException nativeGuard =
                assertThrows(TDengineException.class, () -> NativeDiagnostics.Probe.labelOfRawHandle(raw));
        assertEquals(0x2322, nativeGuard.getErrorCode(), "a stale handle is an error, never a crash");
        assertEquals(
                0x2322,
                assertThrows(TDengineException.class, () -> NativeDiagnostics.Probe.labelOfRawHandle(424242))
                        .getErrorCode());
    }

    @Test
    void manyHandlesFromManyThreads() throws Exception {
        int before = NativeDiagnostics.liveHandles();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    try (NativeDiagnostics.Probe p = new NativeDiagnostics.Probe("t" + id + "-" + i)) {
                        assertEquals("t" + id + "-" + i, p.label());
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(before, NativeDiagnostics.liveHandles());
    }
}
