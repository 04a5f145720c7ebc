package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The per-unit table gives, for every counts-array index a 3-digit histogram can have and every known unit, what the
 * writer computed per bucket before it: {@code SparseBuckets.bucketOf(value * nanosPerUnit)}, failing the same way
 * where that failed (a negative product, a bucket beyond 2^63-1). Asked in a scattered order, so chunks fill in any
 * order.
 */
class UnitBucketsTest {
    private static final int INDEXES = 64 * 1024;

    @Test
    void everyIndexOfEveryUnitMapsAsBucketOfTheProduct() {
        UnitBuckets table = new UnitBuckets();
        for (int unit = 1; unit <= 3; unit++) {
            long factor = LatencyNanos.nanosPerUnit(unit);
            for (int step = 0; step < INDEXES; step++) {
                int index = (int) ((step * 40_503L) % INDEXES); // 40,503 is odd: every index once, scattered
                long nanos = CompressedHistogramReader.highestEquivalentValue(index) * factor;
                String where = "unit " + unit + ", index " + index;
                if (nanos < 0) {
                    int unitNumber = unit;
                    assertThrows(IllegalArgumentException.class, () -> table.bucket(unitNumber, index), where);
                    continue;
                }
                long expected;
                try {
                    expected = SparseBuckets.bucketOf(nanos);
                } catch (ArithmeticException e) {
                    int unitNumber = unit;
                    assertThrows(ArithmeticException.class, () -> table.bucket(unitNumber, index), where);
                    continue;
                }
                assertEquals(expected, table.bucket(unit, index), where);
            }
        }
    }
}
