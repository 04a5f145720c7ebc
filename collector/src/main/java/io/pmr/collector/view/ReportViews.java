package io.pmr.collector.view;

import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.data.AgentDay;
import io.pmr.collector.data.DailyCount;
import io.pmr.collector.data.MeasureData;
import io.pmr.collector.data.ReportPeriod;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The stored data behind a report's plots, read once: per measure its merged latency histogram (nanoseconds;
 * composites pool their contributors') and its daily counts over the report's month, and per agent its daily
 * completeness. Quarterly measures are plotted over the month too. Immutable once built (the histograms are copies
 * owned by this object: do not modify what {@link #latencyHistogram} returns).
 *
 * @param dataFingerprint the store's data fingerprint when the views were read, or null when unknown
 */
public final class ReportViews {
    private final Map<String, Histogram> histograms;
    private final Map<String, List<DailyCount>> daily;
    private final Map<String, List<AgentDay>> agentDays;
    private final String dataFingerprint;
    private final Map<String, String> hlogs;

    /** Views built from parts (tests, or a caller that has them already). */
    public ReportViews(Map<String, Histogram> histograms, Map<String, List<DailyCount>> daily,
            List<AgentDay> agentDays, String dataFingerprint) {
        this(histograms, daily, agentDays, dataFingerprint, Map.of());
    }

    private ReportViews(Map<String, Histogram> histograms, Map<String, List<DailyCount>> daily,
            List<AgentDay> agentDays, String dataFingerprint, Map<String, String> hlogs) {
        this.hlogs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hlogs));
        this.histograms = Map.copyOf(histograms);
        this.daily = Map.copyOf(daily);
        Map<String, List<AgentDay>> byAgent = new TreeMap<>();
        for (AgentDay day : agentDays) {
            byAgent.computeIfAbsent(day.agentId(), k -> new ArrayList<>()).add(day);
        }
        byAgent.replaceAll((agent, days) -> List.copyOf(days));
        this.agentDays = byAgent;
        this.dataFingerprint = dataFingerprint;
    }

    /** No stored data: tables only, plots say there is nothing to draw. */
    public static ReportViews none() {
        return new ReportViews(Map.of(), Map.of(), List.of(), null);
    }

    /**
     * Reads the views of a report's month from the data it was computed from: histograms of the measures with a
     * TRT and of composites (pooling contributors), daily counts of every measure agents reported, completeness of
     * every agent that declared a measure, and each measure's {@code .hlog} text. Each stored histogram is decoded
     * once: a measure's month is read a UK day at a time, each day logged, the days summed.
     */
    public static ReportViews load(MonthlyReport report, MeasureData data, String dataFingerprint) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(data, "data");
        ReportPeriod period = ReportPeriod.of(report.period());
        long from = period.startEpochMillis();
        long to = period.endEpochMillis();
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        Map<String, List<DailyCount>> daily = new LinkedHashMap<>();
        Map<String, String> hlogs = new LinkedHashMap<>();
        for (MeasureFigure figure : report.measures()) {
            if (HlogExport.logged(figure)) {
                Histogram histogram = new Histogram(3);
                histogram.setAutoResize(true);
                hlogs.put(figure.id(), HlogExport.log(figure.id(), report.period(), data, histogram::add));
                if (histogram.getTotalCount() > 0) {
                    histograms.put(figure.id(), histogram);
                }
                List<DailyCount> counts = data.dailyCounts(figure.id(), from, to);
                if (counts.stream().anyMatch(c -> c.events() > 0)) {
                    daily.put(figure.id(), counts);
                }
            }
        }
        for (MeasureFigure figure : report.measures()) {
            if (figure.kind() == MeasureKind.COMPOSITE) {
                pool(figure, histograms, daily);
            }
        }
        return new ReportViews(histograms, daily, data.agentDays(from, to), dataFingerprint, hlogs);
    }

    /** A composite's histogram and daily counts: the sums of its contributors'. */
    private static void pool(MeasureFigure composite, Map<String, Histogram> histograms,
            Map<String, List<DailyCount>> daily) {
        Histogram pooled = null;
        List<DailyCount> pooledDays = null;
        for (String contributor : composite.contributors()) {
            Histogram one = histograms.get(contributor);
            if (one != null) {
                if (pooled == null) {
                    pooled = new Histogram(3);
                    pooled.setAutoResize(true);
                }
                pooled.add(one);
            }
            List<DailyCount> days = daily.get(contributor);
            if (days != null) {
                pooledDays = pooledDays == null ? days : sum(pooledDays, days);
            }
        }
        if (pooled != null) {
            histograms.put(composite.id(), pooled);
        }
        if (pooledDays != null) {
            daily.put(composite.id(), pooledDays);
        }
    }

    private static List<DailyCount> sum(List<DailyCount> a, List<DailyCount> b) {
        List<DailyCount> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(new DailyCount(a.get(i).day(), a.get(i).events() + b.get(i).events(),
                    a.get(i).withinTrt() + b.get(i).withinTrt()));
        }
        return out;
    }

    /** The measure's merged latency histogram in nanoseconds, or null when it has none. */
    public Histogram latencyHistogram(String measureId) {
        return histograms.get(measureId);
    }

    /** The measure's counts per UK day of the month, or an empty list. */
    public List<DailyCount> dailyCounts(String measureId) {
        return daily.getOrDefault(measureId, List.of());
    }

    /** Per agent (sorted), its days in order. */
    public Map<String, List<AgentDay>> agentDays() {
        return agentDays;
    }

    /** Per logged measure (see {@link HlogExport}), in report order, the text of its {@code .hlog}. */
    public Map<String, String> hlogs() {
        return hlogs;
    }

    /** The store's data fingerprint the views were read at, or null. */
    public String dataFingerprint() {
        return dataFingerprint;
    }
}
