package io.pmr.collector.measure;

import io.pmr.collector.data.MeasureData;
import io.pmr.collector.data.ReportPeriod;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.catalogue.MeasureMethod;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MissingRange;
import io.pmr.collector.report.MonthlyReport;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes a month's report: one figure per catalogue row, in catalogue order, each with a level or a status of
 * {@code no_events} / {@code data_exempted}, its source and provenance, finality, the figure before exclusions and
 * the previous period's level. A quarterly measure covers its quarter (calendar quarters, or offset ones from the
 * catalogue's {@code quarters} column) up to the end of the report month: quarter to date, provisional until the
 * quarter's last month; its previous level is the previous whole quarter's. Arithmetic is
 * exact (integers, BigDecimal), levels HALF_UP to 2 decimals, statuses from the rounded level.
 *
 * <p>Stateless and thread-safe; the same data and evaluation time always give the same report.
 *
 * <p>Finality: a figure is final when the period has ended at the evaluation time, a quarter is reported in its last
 * month, every expected source ({@link ExpectedSources}) has a watermark at or after the period's end and the sources
 * cover the whole period ({@link Completeness}; a measure with agent data but no expected source is never final); a
 * composite when all its contributors are. Each figure says why it is provisional; what agents have still to report
 * is listed in {@link MonthlyReport#missing()}. The previous level carries whether that figure was final.
 */
public final class MeasureEngine {
    private static final Logger LOG = LoggerFactory.getLogger(MeasureEngine.class);
    private final Catalogue catalogue;
    private final IntFunction<Duration> incidentTargetResolution;

    /**
     * @param incidentTargetResolution target resolution time of an incident category (1..5); null for a category
     *                                 without one (its incidents then never count as within target)
     */
    public MeasureEngine(Catalogue catalogue, IntFunction<Duration> incidentTargetResolution) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.incidentTargetResolution = Objects.requireNonNull(incidentTargetResolution, "incidentTargetResolution");
    }

    /** An engine taking incident target resolution times from the catalogue. */
    public MeasureEngine(Catalogue catalogue) {
        this(catalogue, catalogue::incidentTargetResolution);
    }

    /**
     * The report of a month judged as if every period had ended (finality from watermarks only, as before imports
     * existed), with {@code computedAtEpochMillis} 0: the output is a function of the stored data alone. Kept for
     * callers that have no clock; prefer {@link #compute(YearMonth, MeasureData, long)}.
     */
    public MonthlyReport compute(YearMonth month, MeasureData data) {
        return compute(month, data, Long.MAX_VALUE, 0L);
    }

    /**
     * The report of a month.
     *
     * @param nowEpochMillis the evaluation time: a period not ended by then is provisional
     */
    public MonthlyReport compute(YearMonth month, MeasureData data, long nowEpochMillis) {
        return compute(month, data, nowEpochMillis, nowEpochMillis);
    }

    private MonthlyReport compute(YearMonth month, MeasureData data, long nowEpochMillis, long computedAt) {
        Inputs inputs = new Inputs(data, nowEpochMillis, incidentTargetResolution, catalogue);
        List<MissingRange> missing = new ArrayList<>();
        Map<String, MeasureFigure> current = figures(month, false, inputs, missing);
        Map<String, MeasureFigure> previous = figures(month, true, inputs, new ArrayList<>());
        List<MeasureFigure> figures = new ArrayList<>();
        for (MeasureDefinition measure : catalogue.measures()) {
            MeasureFigure figure = current.get(measure.id());
            MeasureFigure before = previous.get(measure.id());
            figures.add(figure.withPrevious(before.level(), before.isFinal()));
        }
        missing.sort(Comparator.comparing(MissingRange::measureId).thenComparing(MissingRange::agentId));
        LOG.debug("computed {} figures for {} at {}, {} missing ranges", figures.size(), month, nowEpochMillis,
                missing.size());
        return new MonthlyReport(month, computedAt, catalogue.source(), figures, missing, null,
                IncidentRegisterFigures.compute(month, inputs.imported),
                CommentaryFigures.attach(figures, inputs.imported),
                IntegrityReading.notes(data, ReportPeriod.of(month).startEpochMillis()));
    }

    private Map<String, MeasureFigure> figures(YearMonth month, boolean previous, Inputs inputs,
            List<MissingRange> missing) {
        Map<String, MeasureFigure> figures = new HashMap<>();
        for (MeasureDefinition measure : catalogue.measures()) {
            if (measure.kind() == MeasureKind.COMPOSITE) {
                continue;
            }
            FigureDraft draft = compute(measure, period(measure, month, previous), inputs);
            UnappliedExclusions.note(draft, inputs);
            for (MissingRange range : draft.missing) {
                // PM12.1 reports the ranges of the PM12.2 sources it is counted from: list each range once
                if (!missing.contains(range)) {
                    missing.add(range);
                }
            }
            figures.put(measure.id(), draft.build(inputs));
        }
        for (MeasureDefinition measure : catalogue.measures()) {
            if (measure.kind() == MeasureKind.COMPOSITE) {
                FigureDraft draft = CompositeFigures.compute(measure, period(measure, month, previous),
                        catalogue.contributorsOf(measure.id()), figures);
                UnappliedExclusions.note(draft, inputs);
                figures.put(measure.id(), draft.build(inputs));
            }
        }
        return figures;
    }

    private static MeasurePeriod period(MeasureDefinition measure, YearMonth month, boolean previous) {
        MeasurePeriod period = measure.isQuarterly() ? MeasurePeriod.quarter(month, measure.quartersStart())
                : MeasurePeriod.month(month);
        return previous ? period.previous() : period;
    }

    private static FigureDraft compute(MeasureDefinition measure, MeasurePeriod period, Inputs inputs) {
        return switch (measure.kind()) {
            case WITHIN_TRT -> WithinTrtFigures.compute(measure, period, inputs);
            case POWER_OUTAGE -> PowerOutageFigures.compute(measure, period, inputs);
            case AVAILABILITY -> measure.method() == MeasureMethod.HUBS
                    ? SmwanLevelFigures.compute(measure, period, inputs)
                    : AvailabilityFigures.compute(measure, period, inputs);
            case INCIDENTS -> IncidentFigures.compute(measure, period, inputs);
            case COUNT -> SuppliedFigures.count(measure, period, inputs);
            case RATIO -> SuppliedFigures.ratio(measure, period, inputs);
            case COMPOSITE -> throw new IllegalArgumentException("composites pool other figures: " + measure.id());
        };
    }
}
