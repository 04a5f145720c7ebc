package io.pmr.hardware.sim;

/**
 * How the latencies of one kind of event in one region are drawn, all relative to the TRT: a share of
 * lost responses (no end ever); otherwise a mixture of a lognormal body and a uniform tail; then a
 * share of the ends report a failure.
 *
 * @param medianTrtFraction median of the lognormal body, as a fraction of the TRT
 * @param sigma             standard deviation of the body's logarithm
 * @param tailShare         probability that a delivered end's latency comes from the tail
 * @param tailMinTrtFraction lower bound of the uniform tail, as a fraction of the TRT
 * @param tailMaxTrtFraction upper bound of the uniform tail and of every latency, as a fraction of the TRT
 * @param lostShare         probability that the event never ends
 * @param failedShare       probability that a delivered end reports {@code success=false}
 */
record LatencyModel(double medianTrtFraction, double sigma, double tailShare,
                    double tailMinTrtFraction, double tailMaxTrtFraction,
                    double lostShare, double failedShare) {

    LatencyModel {
        requireIn("medianTrtFraction", medianTrtFraction, 1e-6, 1.0);
        requireIn("sigma", sigma, 0.0, 3.0);
        requireIn("tailShare", tailShare, 0.0, 1.0);
        requireIn("tailMinTrtFraction", tailMinTrtFraction, 0.0, 10.0);
        requireIn("tailMaxTrtFraction", tailMaxTrtFraction, tailMinTrtFraction, 10.0);
        requireIn("lostShare", lostShare, 0.0, 1.0);
        requireIn("failedShare", failedShare, 0.0, 1.0);
    }

    /** The default shape with a region- and kind-specific tail and loss. */
    static LatencyModel of(double tailShare, double lostShare) {
        return new LatencyModel(0.1, 0.7, tailShare, 0.8, 2.0, lostShare, 0.002);
    }

    /**
     * Expected share within the TRT, ignoring the (negligible) part of the lognormal body above it:
     * for tuning and for tests' sanity bounds.
     */
    double expectedWithinShare() {
        double tailWithin = tailMinTrtFraction >= 1.0 ? 0.0
                : (Math.min(1.0, tailMaxTrtFraction) - tailMinTrtFraction) / (tailMaxTrtFraction - tailMinTrtFraction);
        return (1 - lostShare) * (1 - failedShare) * ((1 - tailShare) + tailShare * tailWithin);
    }

    private static void requireIn(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
