package io.pmr.agent.rtt;

import java.time.Duration;
import java.util.Locale;

/** Machine-readable (Locale.ROOT) text for the live line and the summary. */
final class RttFormat {
    private RttFormat() {
    }

    /** A TRT as the shortest exact unit: {@code 25s}, {@code 2h}, {@code 1500ms}. */
    static String duration(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos + "ns";
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100.0 * share);
    }

    static String liveLine(Snapshot s) {
        StringBuilder line = new StringBuilder(160);
        line.append(String.format(Locale.ROOT,
                "t=%.1fs sent=%d count=%d lost=%d pending=%d p50=%.3fms p90=%.3fms p99=%.3fms p99.9=%.3fms max=%.3fms",
                s.elapsedNanos() / 1e9, s.sent(), s.answered(), s.lost(), s.pending(), s.p50Micros() / 1e3,
                s.p90Micros() / 1e3, s.p99Micros() / 1e3, s.p999Micros() / 1e3, s.maxMicros() / 1e3));
        for (int i = 0; i < s.trts().size(); i++) {
            line.append(i == 0 ? " within" : "").append(' ').append(duration(s.trts().get(i))).append('=')
                    .append(percent(s.withinShares().get(i)));
        }
        if (s.failed() > 0 || s.late() > 0 || s.rejected() > 0) {
            line.append(String.format(Locale.ROOT, " failed=%d late=%d rejected=%d", s.failed(), s.late(), s.rejected()));
        }
        return line.toString();
    }

    static String summaryTail(Snapshot s) {
        StringBuilder text = new StringBuilder(256);
        for (int i = 0; i < s.trts().size(); i++) {
            text.append(String.format(Locale.ROOT, "within %s: %d/%d = %s%n", duration(s.trts().get(i)),
                    s.withinCounts().get(i), s.settled(), percent(s.withinShares().get(i))));
        }
        text.append(String.format(Locale.ROOT, "sent: %d, answered: %d, failed: %d, lost: %d, pending: %d, late: %d, rejected: %d%n",
                s.sent(), s.answered(), s.failed(), s.lost(), s.pending(), s.late(), s.rejected()));
        return text.toString();
    }
}
