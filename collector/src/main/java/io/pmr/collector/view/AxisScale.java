package io.pmr.collector.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis scales and labels of the report's plots, so people can read them: linear ticks on a 1-2-5 sequence
 * ({@code 0, 20, 40}; {@code 90%, 95%, 100%}), logarithmic time ticks on durations people use ({@code 1 s},
 * {@code 30 s}, {@code 5 min}, {@code 2 h}, {@code 1 d}) and durations written as people write them ({@code 2.8 s},
 * {@code 46 min}, {@code 2.1 h}, never {@code 2.78e+03}). Stateless; every text is Locale.ROOT.
 */
final class AxisScale {
    private static final long NS = 1L;
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long MIN = 60 * S;
    private static final long H = 60 * MIN;
    private static final long D = 24 * H;

    /** The durations a log time axis may tick at, ascending: 1-2-5 below a second, then clock-friendly steps. */
    static final long[] TIME_TICKS_NANOS = {
        NS, 2 * NS, 5 * NS, 10 * NS, 20 * NS, 50 * NS, 100 * NS, 200 * NS, 500 * NS,
        US, 2 * US, 5 * US, 10 * US, 20 * US, 50 * US, 100 * US, 200 * US, 500 * US,
        MS, 2 * MS, 5 * MS, 10 * MS, 20 * MS, 50 * MS, 100 * MS, 200 * MS, 500 * MS,
        S, 2 * S, 5 * S, 10 * S, 30 * S, MIN, 2 * MIN, 5 * MIN, 10 * MIN, 30 * MIN,
        H, 2 * H, 6 * H, 12 * H, D, 2 * D, 7 * D, 14 * D, 30 * D, 60 * D, 180 * D, 365 * D,
    };

    private AxisScale() {
    }

    /** A linear axis: its ends (both on a tick) and its ticks, ascending. */
    record Linear(double low, double high, double step, List<Double> ticks) {
    }

    /**
     * The 1-2-5 step (1, 2, 5, 10, 20, 50 ... times a power of ten) that splits {@code range} into at most
     * {@code maxSteps} steps. A zero or negative range gets step 1.
     */
    static double niceStep(double range, int maxSteps) {
        if (!(range > 0)) {
            return 1;
        }
        double raw = range / maxSteps;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * magnitude >= raw * (1 - 1e-9)) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /**
     * A linear axis from at most {@code min} to at least {@code max}, both ends on a 1-2-5 step, at most
     * {@code maxSteps} steps; the low end is never below {@code floor}.
     */
    static Linear linear(double min, double max, int maxSteps, double floor) {
        double step = niceStep(max - min, maxSteps);
        double low = Math.max(floor, Math.floor(min / step + 1e-9) * step);
        double high = Math.ceil(max / step - 1e-9) * step;
        if (high <= low) {
            high = low + step;
        }
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; low + i * step <= high + step * 1e-9; i++) {
            ticks.add(round(low + i * step, step));
        }
        return new Linear(low, high, step, List.copyOf(ticks));
    }

    /** A number on a linear tick: no trailing zeros, as many decimals as the step has ({@code 95}, {@code 99.5}). */
    static String tick(double value, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", round(value, step));
    }

    private static double round(double value, double step) {
        double scale = Math.pow(10, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
        return Math.round(value * scale) / scale;
    }

    /** Coarser ladders for long axes: decades below a second, then the clock's own units. */
    private static final long[] TIME_TICKS_COARSE_NANOS = {
        NS, 10 * NS, 100 * NS, US, 10 * US, 100 * US, MS, 10 * MS, 100 * MS,
        S, 10 * S, MIN, 10 * MIN, H, 6 * H, D, 7 * D, 30 * D, 365 * D,
    };
    private static final long[] TIME_TICKS_COARSEST_NANOS = {NS, US, MS, S, MIN, H, D, 30 * D, 365 * D};

    /** A log time axis: its ends (both ticks) and its ticks, ascending, in nanoseconds. */
    record TimeAxis(long lowNanos, long highNanos, List<Long> ticksNanos) {
    }

    /**
     * The log time axis over {@code minNanos .. maxNanos}: the finest ladder (every tick of
     * {@link #TIME_TICKS_NANOS}, then decades and clock units, then one tick per unit) that ticks it at most
     * {@code maxTicks} times, the axis' ends on that ladder's ticks at or beyond the data. Ends and ticks come from one
     * ladder, so no two labels crowd each other.
     */
    static TimeAxis timeAxis(long minNanos, long maxNanos, int maxTicks) {
        long[][] ladders = {TIME_TICKS_NANOS, TIME_TICKS_COARSE_NANOS, TIME_TICKS_COARSEST_NANOS};
        TimeAxis axis = null;
        for (long[] ladder : ladders) {
            long low = floor(ladder, Math.max(1, minNanos));
            long high = ceiling(ladder, Math.max(maxNanos, low + 1));
            List<Long> ticks = new ArrayList<>();
            for (long tick : ladder) {
                if (tick >= low && tick <= high) {
                    ticks.add(tick);
                }
            }
            axis = new TimeAxis(low, high, List.copyOf(ticks));
            if (ticks.size() <= maxTicks) {
                return axis;
            }
        }
        return axis;
    }

    private static long floor(long[] ladder, long nanos) {
        long floor = ladder[0];
        for (long tick : ladder) {
            if (tick <= nanos) {
                floor = tick;
            }
        }
        return floor;
    }

    private static long ceiling(long[] ladder, long nanos) {
        for (long tick : ladder) {
            if (tick >= nanos) {
                return tick;
            }
        }
        return ladder[ladder.length - 1];
    }

    /** A linear count axis from 0: like {@link #linear}, with whole steps only (no tick at half an event). */
    static Linear counts(long max, int maxSteps) {
        return linear(0, Math.max(max, maxSteps), maxSteps, 0);
    }

    /**
     * A duration in nanoseconds as people write it: the largest unit (ns, µs, ms, s, min, h, d) in which it is at
     * least 1; under 10 with one decimal ({@code 2.8 s}, {@code 2 h}), else whole ({@code 46 min}, {@code 125 ms}).
     * A value that rounds up to the next unit is written in it ({@code 59.99 s} is {@code 1 min}).
     */
    static String duration(double nanos) {
        if (!(nanos >= 1)) {
            return nanos > 0 ? "<1 ns" : "0 s";
        }
        String[] names = {"ns", "\u00b5s", "ms", "s", "min", "h", "d"};
        long[] sizes = {NS, US, MS, S, MIN, H, D};
        int unit = 0;
        while (unit < sizes.length - 1 && nanos >= sizes[unit + 1]) {
            unit++;
        }
        String text = amount(nanos / sizes[unit]);
        // 999.7 ms rounds to "1000 ms": write it in the next unit
        if (unit < sizes.length - 1 && Double.parseDouble(text) * sizes[unit] >= sizes[unit + 1]) {
            unit++;
            text = amount(nanos / sizes[unit]);
        }
        return text + " " + names[unit];
    }

    private static String amount(double value) {
        if (value >= 9.95) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
