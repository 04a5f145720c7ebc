/**
 * Closing intervals: {@link io.pmr.agent.close.BatchBuilder} turns final interval cells into one
 * {@code IntervalReportBatch} with a watermark per measure, and {@link io.pmr.agent.close.IntervalLog} appends the
 * sent histograms to an HdrHistogram interval log for lab engineers.
 *
 * <p>Threading: on the agent's driver thread.
 */
package io.pmr.agent.close;
