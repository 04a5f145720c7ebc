/**
 * The report's human views: one self-contained HTML page (inline CSS and SVG plots, no script), HdrHistogram
 * {@code .hlog} exports and the page's CSVs, from a {@link io.pmr.collector.report.MonthlyReport} and the
 * {@link io.pmr.collector.data.MeasureData} behind its plots. Stateless; every string reaching the page is escaped.
 */
package io.pmr.collector.view;
