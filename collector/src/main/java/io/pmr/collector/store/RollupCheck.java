package io.pmr.collector.store;

import java.util.List;

/**
 * The stored daily rollups and all-agent daily totals compared with a fresh aggregation of the minute rows
 * ({@code pmr collector rebuild-rollups}).
 *
 * @param minuteRows      interval rows aggregated
 * @param rollupRows      rollup rows stored
 * @param freshRows       rollup rows the fresh aggregation made
 * @param totalRows       daily total rows stored
 * @param freshTotalRows  daily total rows the fresh aggregation made
 * @param differingRows   rollup and total keys whose stored row differs from the fresh one, is missing or is extra
 * @param differences     the first of them, each naming the row (a rollup's agent, measure, scope and UK day, or a
 *                        total's measure, scope and UK day) and what differs
 */
public record RollupCheck(long minuteRows, long rollupRows, long freshRows, long totalRows, long freshTotalRows,
        long differingRows, List<String> differences) {
    public RollupCheck {
        differences = List.copyOf(differences);
    }

    /**
     * True when every stored rollup and total equals the fresh aggregation, byte for byte, and none is missing or
     * extra.
     */
    public boolean equal() {
        return differingRows == 0;
    }
}
