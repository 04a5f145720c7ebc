package io.pmr.launcher;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, after a warm-up, until the JIT compilers have been idle for a while, so that a measured phase of
 * {@code pmr bench ingest} is the steady state of a long-running process and not the compiler catching up: on 2
 * cores C2's queue lags the warm-up by seconds, and its compilations ran through the measured phase (about a third
 * of the process's CPU there in a {@code perf} profile), charged to whichever side ran last. Both sides wait the same
 * way. The JIT's "total compilation time" counter (milliseconds the compiler threads spent compiling) is polled; a
 * JVM that does not report it is not waited for. Called on one thread.
 */
final class BenchJit {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private BenchJit() {
    }

    /**
     * The JIT's total compilation time so far, in milliseconds (all compiler threads; a compile is counted when it
     * ends), or 0 when the JVM does not report it.
     */
    static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit == null || !jit.isCompilationTimeMonitoringSupported() ? 0 : jit.getTotalCompilationTime();
    }

    /**
     * Returns once the compilation time has not grown for {@code quietMillis}, or after {@code maxMillis}; the result
     * is how long it waited, in milliseconds, or -1 when the JVM reports no compilation time.
     */
    static long awaitQuiet(long quietMillis, long maxMillis) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return -1;
        }
        long startNanos = System.nanoTime();
        long lastChangeNanos = startNanos;
        long lastCompileMillis = jit.getTotalCompilationTime();
        while (true) {
            long nowNanos = System.nanoTime();
            if (nowNanos - lastChangeNanos >= TimeUnit.MILLISECONDS.toNanos(quietMillis)
                    || nowNanos - startNanos >= TimeUnit.MILLISECONDS.toNanos(maxMillis)) {
                return TimeUnit.NANOSECONDS.toMillis(nowNanos - startNanos);
            }
            LockSupport.parkNanos(POLL_NANOS);
            long compileMillis = jit.getTotalCompilationTime();
            if (compileMillis != lastCompileMillis) {
                lastCompileMillis = compileMillis;
                lastChangeNanos = System.nanoTime();
            }
        }
    }
}
