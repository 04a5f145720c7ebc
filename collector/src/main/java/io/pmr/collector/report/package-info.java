/**
 * The report as data and text: {@link io.pmr.collector.report.MonthlyReport} and its figures, and their
 * {@code report.json} (docs/report-json.md), CSV and console renderings. Values are immutable; writers are stateless
 * and use {@code Locale.ROOT}.
 */
package io.pmr.collector.report;
