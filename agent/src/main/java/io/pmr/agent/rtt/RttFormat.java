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

    /**
     * The live line: running totals, latencies in milliseconds. Once every command is sent and some are still
     * pending it says so first: {@code waiting for N responses, stop in 25.0s}.
     */
    static String liveLine(Snapshot s) {
        StringBuilder line = new StringBuilder(200);
        line.append(String.format(Locale.ROOT, "t=%.1fs ", s.elapsedNanos() / 1e9));
        if (s.sendingDone() && s.pending() > 0) {
            line.append(String.format(Locale.ROOT, "waiting for %d responses, stop in %.1fs: ", s.pending(),
                    s.stopInNanos() / 1e9));
        }
        line.append(String.format(Locale.ROOT,
                "sent=%d count=%d lost=%d pending=%d p50=%.3fms p90=%.3fms p99=%.3fms p99.9=%.3fms max=%.3fms",
                s.sent(), s.answered(), s.lost(), s.pending(), s.p50Nanos() / 1e6,
                s.p90Nanos() / 1e6, s.p99Nanos() / 1e6, s.p999Nanos() / 1e6, s.maxNanos() / 1e6));
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
        StringBuilder text = new StringBuilder(512);
        for (int i = 0; i < s.trts().size(); i++) {
            text.append(String.format(Locale.ROOT, "within %s: %d/%d = %s%n", duration(s.trts().get(i)),
                    s.withinCounts().get(i), s.settled(), percent(s.withinShares().get(i))));
        }
        text.append(String.format(Locale.ROOT, "sent: %d, answered: %d, failed: %d, lost: %d, unanswered at stop: %d,"
                        + " late: %d, rejected: %d%n", s.sent(), s.answered(), s.failed(), s.lost(), s.unansweredAtStop(),
                s.late(), s.rejected()));
        if (s.unansweredAtStop() > 0) {
            text.append(String.format(Locale.ROOT, "(%d commands were still within their %s when the session stopped:"
                    + " no verdict, not in the within shares; a longer --grace waits for them)%n", s.unansweredAtStop(),
                    duration(s.trts().get(s.trts().size() - 1))));
        }
        return text.toString();
    }
}
