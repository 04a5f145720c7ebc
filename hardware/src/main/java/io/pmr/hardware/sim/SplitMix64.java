package io.pmr.hardware.sim;

/**
 * A small, fully specified pseudo-random generator (Steele, Lea and Flood's SplitMix64), so that a
 * scenario yields the same numbers bit for bit on every JVM. Transcendental functions go through
 * {@link StrictMath} for the same reason: {@link Math} may use platform intrinsics.
 *
 * <p>Threading: not thread-safe; one instance per generated stream.
 */
final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** A seed for an independent stream, derived from a base seed and a path of labels. */
    static long derive(long seed, long... labels) {
        long mixed = mix(seed);
        for (long label : labels) {
            mixed = mix(mixed + GOLDEN_GAMMA * (label + 1));
        }
        return mixed;
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in (0, 1]: safe as the argument of a logarithm. */
    double nextOpenDouble() {
        return ((nextLong() >>> 11) + 1) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound). */
    long nextLong(long bound) {
        return (long) (nextDouble() * bound);
    }

    /** Standard normal, by the Box-Muller transform (one value per call, for simplicity). */
    double nextGaussian() {
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(nextOpenDouble()));
        return radius * StrictMath.cos(2.0 * StrictMath.PI * nextDouble());
    }

    /** Exponentially distributed with the given mean. */
    double nextExponential(double mean) {
        return -mean * StrictMath.log(nextOpenDouble());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
