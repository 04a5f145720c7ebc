package io.pmr.collector.store;

import java.util.List;

/**
 * The stored daily rollups compared with a fresh aggregation of the minute rows ({@code pmr collector
 * rebuild-rollups}).
 *
 * @param minuteRows     interval rows aggregated
 * @param rollupRows     rollup rows stored
 * @param freshRows      rollup rows the fresh aggregation made
 * @param differingRows  keys whose stored row differs from the fresh one, is missing or is extra
 * @param differences    the first of them, each naming the row (agent, measure, scope, UK day) and what differs
 */
public record RollupCheck(long minuteRows, long rollupRows, long freshRows, long differingRows,
        List<String> differences) {
    public RollupCheck {
        differences = List.copyOf(differences);
    }

    /** True when every stored rollup equals the fresh aggregation, byte for byte, and none is missing or extra. */
    public boolean equal() {
        return differingRows == 0;
    }
}
