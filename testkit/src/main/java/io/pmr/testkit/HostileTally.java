package io.pmr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Figures of one hostile-input test: cases tried, cases the decoder refused (by reason), crashes (anything the decoder
 * threw that its contract does not allow) and the largest allocation measured for one hostile case. {@link #write()}
 * puts them in {@code target/hostile-input/<test>.csv} (one {@code decoder,metric,key,value} row each) for
 * docs/reliability.md. Thread-safe; tallies live for the test JVM.
 */
public final class HostileTally {
    private static final Map<String, HostileTally> BY_TEST = new ConcurrentHashMap<>();

    private final String test;
    private final Map<String, Decoder> decoders = new ConcurrentHashMap<>();

    private HostileTally(String test) {
        this.test = test;
    }

    /** The tally of a test class (one per name). */
    public static HostileTally of(String test) {
        return BY_TEST.computeIfAbsent(test, HostileTally::new);
    }

    /** The figures of one decoder within this test. */
    public Decoder decoder(String name) {
        return decoders.computeIfAbsent(name, Decoder::new);
    }

    /** One decoder's figures. */
    public static final class Decoder {
        private final String name;
        private long tried;
        private long accepted;
        private long crashes;
        private long largestAllocationBytes = -1;
        private final Map<String, Long> rejected = new TreeMap<>();

        private Decoder(String name) {
            this.name = name;
        }

        public synchronized void accepted() {
            tried++;
            accepted++;
        }

        /** A refusal; {@code reason} is reduced to a stable key (digits and quoted text dropped). */
        public synchronized void rejected(String reason) {
            tried++;
            rejected.merge(reasonKey(reason), 1L, Long::sum);
        }

        /** Records an unexpected throwable and rethrows it wrapped, so the property fails on it. */
        public synchronized AssertionError crash(Throwable cause) {
            tried++;
            crashes++;
            return new AssertionError(name + " crashed: " + cause, cause);
        }

        public synchronized void allocation(long bytes) {
            largestAllocationBytes = Math.max(largestAllocationBytes, bytes);
        }

        public synchronized long tried() {
            return tried;
        }

        public synchronized long rejectedTotal() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }

        public synchronized long crashes() {
            return crashes;
        }

        public synchronized Map<String, Long> rejectedByReason() {
            return new TreeMap<>(rejected);
        }

        private synchronized void appendTo(StringBuilder out) {
            row(out, "tried", "", tried);
            row(out, "accepted", "", accepted);
            row(out, "rejected", "", rejectedTotal());
            row(out, "crashes", "", crashes);
            if (largestAllocationBytes >= 0) {
                row(out, "largest_allocation_bytes", "", largestAllocationBytes);
            }
            rejected.forEach((reason, count) -> row(out, "rejected_by_reason", reason, count));
        }

        private void row(StringBuilder out, String metric, String key, long value) {
            out.append(name).append(',').append(metric).append(',').append('"').append(key.replace("\"", "'"))
                    .append('"').append(',').append(value).append('\n');
        }
    }

    /** A reason without its variable parts, e.g. {@code zero run of # at index # runs past the counts array of #}. */
    public static String reasonKey(String reason) {
        if (reason == null) {
            return "null";
        }
        String key = reason.replaceAll("'[^']*'", "'…'").replaceAll("0x[0-9a-fA-F]+", "#").replaceAll("(?<![A-Za-z])(?<![A-Za-z]-)-?[0-9]+", "#")
                .replaceAll("[\\p{Cntrl}]", "?");
        return key.length() > 90 ? key.substring(0, 90) + "…" : key;
    }

    /** Writes {@code target/hostile-input/<test>.csv} (relative to the module, where surefire runs). */
    public void write() {
        StringBuilder out = new StringBuilder("decoder,metric,key,value\n");
        decoders.keySet().stream().sorted().forEach(name -> decoders.get(name).appendTo(out));
        try {
            Path dir = Path.of("target", "hostile-input");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(test + ".csv"), out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
