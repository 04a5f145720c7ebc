package io.pmr.launcher;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where the CPU of one measured phase of {@code pmr bench ingest} went, per message and by role: the broker, the
 * publisher, the receiving side (the loopback's subscriber, or the collector split into its MQTT client, validation
 * and writer), and the JVM's own threads (GC, JIT: the process's CPU that no Java thread accounts for). Thread CPU
 * time, so the split holds on a loaded machine where the rates swing: on a machine whose cores are all busy, the
 * ratio of two rates is about the inverse ratio of their totals. Roles are found by thread name (Paho names its
 * threads {@code "MQTT Rec: CLIENTID"} and so on; the collector's are {@code pmr-ingest-*}); Java threads that match
 * no role are the embedded broker's (Moquette runs in this JVM). Threads that end inside the phase are not seen: take
 * {@link #start} after the clients connect and {@link #stop} before they close. Not thread-safe.
 */
final class BenchCpu {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<String> roles;
    private final Map<String, String> roleByClientId;
    /** CPU nanoseconds of the broker's process (Mosquitto), or null when it runs in this JVM. */
    private final LongSupplier brokerProcessNanos;
    private Map<Long, ThreadCpu> startByThread = new HashMap<>();
    private long startProcessNanos;
    private long startBrokerNanos;
    private Map<String, Double> lastPerMessage = Map.of();

    /**
     * @param roles              the roles in print order (after "broker"): each client's, and "collector validate"
     *                           and "collector write" when the collector runs
     * @param roleByClientId     role of each MQTT client id of the phase
     * @param brokerProcessNanos the broker process's CPU time in nanoseconds, or null for the embedded broker
     */
    BenchCpu(List<String> roles, Map<String, String> roleByClientId, LongSupplier brokerProcessNanos) {
        this.roles = List.copyOf(roles);
        this.roleByClientId = Map.copyOf(roleByClientId);
        this.brokerProcessNanos = brokerProcessNanos;
    }

    void start() {
        startByThread = cpuByThread();
        startProcessNanos = processNanos();
        startBrokerNanos = brokerProcessNanos == null ? 0 : brokerProcessNanos.getAsLong();
    }

    /** Ends the phase of {@code messages} messages begun by {@link #start}: see {@link #perMessage}. */
    void stop(int messages) {
        Map<String, Long> nanosByRole = new LinkedHashMap<>();
        nanosByRole.put("broker", 0L);
        for (String role : roles) {
            nanosByRole.put(role, 0L);
        }
        long javaNanos = 0;
        for (Map.Entry<Long, ThreadCpu> thread : cpuByThread().entrySet()) {
            ThreadCpu before = startByThread.get(thread.getKey());
            long used = thread.getValue().nanos() - (before == null ? 0 : before.nanos());
            javaNanos += used;
            nanosByRole.merge(roleOf(thread.getValue().name()), used, Long::sum);
        }
        long processNanos = processNanos() - startProcessNanos;
        if (brokerProcessNanos != null) {
            nanosByRole.merge("broker", brokerProcessNanos.getAsLong() - startBrokerNanos, Long::sum);
        }
        nanosByRole.put("JVM (GC, JIT)", Math.max(0, processNanos - javaNanos));
        Map<String, Double> perMessage = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, Long> role : nanosByRole.entrySet()) {
            perMessage.put(role.getKey(), role.getValue() / 1e3 / messages);
            total += role.getValue();
        }
        perMessage.put("total", total / 1e3 / messages);
        lastPerMessage = perMessage;
    }

    /** CPU per message of each role in the last phase, in microseconds, in print order; "total" last. */
    Map<String, Double> perMessage() {
        return lastPerMessage;
    }

    /** {@code cpu per message, PHASE: role X us, ...}: one line, machine-readable ({@link Locale#ROOT}). */
    static String line(String phase, Map<String, Double> microsByRole) {
        StringBuilder line = new StringBuilder("cpu per message, ").append(phase).append(':');
        String separator = " ";
        for (Map.Entry<String, Double> role : microsByRole.entrySet()) {
            line.append(separator).append(role.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", role.getValue())).append(" us");
            separator = ", ";
        }
        return line.toString();
    }

    private String roleOf(String threadName) {
        if (threadName.startsWith("MQTT ")) {
            int colon = threadName.indexOf(": ");
            String role = colon < 0 ? null : roleByClientId.get(threadName.substring(colon + 2));
            if (role != null) {
                return role;
            }
        }
        if (threadName.equals("main")) {
            return "publisher"; // the bench's main thread hands each PUBLISH to the publisher's client
        }
        if (threadName.equals(BenchFloor.WRITER_THREAD)) {
            return "floor write";
        }
        if (threadName.startsWith("pmr-ingest-validate-")) {
            return "collector validate";
        }
        if (threadName.startsWith("pmr-ingest-")) {
            return "collector write"; // the batcher (a queue hand-off) and the one writer
        }
        return "broker";
    }

    private record ThreadCpu(String name, long nanos) {
    }

    private Map<Long, ThreadCpu> cpuByThread() {
        Map<Long, ThreadCpu> cpu = new HashMap<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), nanos));
            }
        }
        return cpu;
    }

    private static long processNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
