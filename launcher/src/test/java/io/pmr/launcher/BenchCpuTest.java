package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BenchCpu} gives each role the CPU its threads used inside the phase, and only that: two threads named as the
 * collector's validator and writer burn CPU before the phase and a measured amount inside it (each reads its own
 * thread CPU clock, in nanoseconds); each role's figure is the in-phase amount, not the thread's lifetime. CPU time,
 * never wall-clock time: the tolerance covers the latch hand-offs' own CPU.
 */
@Timeout(60)
class BenchCpuTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long BEFORE_PHASE_NANOS = 120_000_000L;
    private static final long TOLERANCE_NANOS = 3_000_000L;

    @Test
    void eachRoleIsGivenItsThreadsCpuInsideThePhaseOnly() throws Exception {
        CountDownLatch warmed = new CountDownLatch(2);
        CountDownLatch phaseStarted = new CountDownLatch(1);
        CountDownLatch burned = new CountDownLatch(2);
        CountDownLatch phaseStopped = new CountDownLatch(1);
        AtomicLong validateNanos = new AtomicLong();
        AtomicLong writeNanos = new AtomicLong();
        Thread validator = burner("pmr-ingest-validate-0", 40_000_000L, validateNanos,
                warmed, phaseStarted, burned, phaseStopped);
        Thread writer = burner("pmr-ingest-writer", 80_000_000L, writeNanos, warmed, phaseStarted, burned,
                phaseStopped);
        BenchCpu cpu = new BenchCpu(List.of("publisher", "collector mqtt", "collector validate", "collector write"),
                Map.of(), null);
        try {
            assertTrue(warmed.await(30, TimeUnit.SECONDS), "the threads burned their pre-phase CPU");
            cpu.start();
            phaseStarted.countDown();
            assertTrue(burned.await(30, TimeUnit.SECONDS), "the threads burned their in-phase CPU");
            cpu.stop(1);
        } finally {
            phaseStopped.countDown();
            validator.join();
            writer.join();
        }

        Map<String, Double> micros = cpu.perMessage();
        assertEquals(validateNanos.get() / 1e3, micros.get("collector validate"), TOLERANCE_NANOS / 1e3,
                "the validator's in-phase CPU, not its " + BEFORE_PHASE_NANOS / 1_000_000 + " ms before: " + micros);
        assertEquals(writeNanos.get() / 1e3, micros.get("collector write"), TOLERANCE_NANOS / 1e3,
                "the writer's in-phase CPU: " + micros);
        assertTrue(micros.get("total") >= micros.get("collector validate") + micros.get("collector write"),
                micros::toString);
    }

    /**
     * A started thread of {@code name} that burns {@link #BEFORE_PHASE_NANOS} of its CPU, waits for the phase, burns
     * {@code inPhaseNanos} more, records what it used from the phase's start in {@code usedInPhase}, and stays alive
     * until the phase has stopped (BenchCpu reads the CPU of threads alive at the stop).
     */
    private static Thread burner(String name, long inPhaseNanos, AtomicLong usedInPhase, CountDownLatch warmed,
            CountDownLatch phaseStarted, CountDownLatch burned, CountDownLatch phaseStopped) {
        Thread thread = new Thread(() -> {
            try {
                burn(BEFORE_PHASE_NANOS);
                warmed.countDown();
                phaseStarted.await();
                long from = THREADS.getCurrentThreadCpuTime();
                burn(inPhaseNanos);
                usedInPhase.set(THREADS.getCurrentThreadCpuTime() - from);
                burned.countDown();
                phaseStopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.start();
        return thread;
    }

    /** Spins until this thread has used {@code nanos} more CPU time. */
    private static void burn(long nanos) {
        long until = THREADS.getCurrentThreadCpuTime() + nanos;
        while (THREADS.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
    }
}
