package io.pmr.collector.measure;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;

/** Shared setup of the engine tests: the shipped catalogue, test resolution targets, a clock long after 2020. */
final class EngineFixture {
    static final Catalogue CATALOGUE = Catalogue.shipped();
    /** Target resolution times used by the tests: category c -> 4c hours (1: 4 h, 2: 8 h, ... 5: 20 h). */
    static final MeasureEngine ENGINE = new MeasureEngine(CATALOGUE, category -> Duration.ofHours(4L * category));
    static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    /** September 2020 in London (BST): 2020-08-31T23:00Z to 2020-09-30T23:00Z. */
    static final Instant SEP_START = Instant.parse("2020-08-31T23:00:00Z");
    static final Instant OCT_START = Instant.parse("2020-09-30T23:00:00Z");
    static final long LATER = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private EngineFixture() {
    }

    static Instant at(String utc) {
        return Instant.parse(utc);
    }

    static MonthlyReport report(InMemoryMeasureData data, YearMonth month) {
        return ENGINE.compute(month, data, LATER);
    }

    static MeasureFigure figure(MonthlyReport report, String id) {
        return report.measures().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not in the report"));
    }
}
