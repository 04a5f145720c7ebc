/**
 * The measure engine: computes a month's figures, one per catalogue row, from the
 * catalogue and {@link io.pmr.collector.data.MeasureData} alone, exactly (integers and BigDecimal, levels HALF_UP to 2 decimals),
 * with finality, exclusions and composites. Stateless and thread-safe: the same data and evaluation time always give
 * the same report.
 */
package io.pmr.collector.measure;
