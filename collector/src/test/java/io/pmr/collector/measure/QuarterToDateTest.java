package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.ENGINE;
import static io.pmr.collector.measure.EngineFixture.LATER;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/**
 * Quarterly measures reported in the first or middle month of their quarter count their quarter up to the end of the
 * report month (quarter to date), never an event started after it; offset quarters follow the catalogue's
 * {@code quarters} column.
 */
class QuarterToDateTest {
    private static final String PM13 = "CSPN/PM1.3";
    private static final YearMonth OCTOBER = YearMonth.of(2020, 10);
    private static final YearMonth NOVEMBER = YearMonth.of(2020, 11);
    private static final YearMonth DECEMBER = YearMonth.of(2020, 12);

    /**
     * CSPN/PM1.3 (90 d, calendar quarters) installs around Q4 2020, London time: October runs from 2020-09-30T23:00Z
     * (BST) to 2020-11-01T00:00Z (GMT, after the clock change), November to 2020-12-01T00:00Z, December to
     * 2021-01-01T00:00Z. Q3: one install within (100.00). October: 3 installs, 2 within (one the first minute of the
     * month in BST, one the last minute before the clock-change month ends). The first instants of November and
     * December each bring one install timed out: they must not count in October's figure.
     */
    private static InMemoryMeasureData q4Installs() {
        return new InMemoryMeasureData()
                .declared("rig-north", PM13, at("2021-04-01T00:00:00Z"))
                .record(DeviceRecordFiguresTest.install(PM13, "q3", "2020-08-10T00:00:00Z", "WITHIN_TRT"))
                .record(DeviceRecordFiguresTest.install(PM13, "sep-last", "2020-09-30T22:59:59Z", "TIMED_OUT"))
                .record(DeviceRecordFiguresTest.install(PM13, "oct-first", "2020-09-30T23:00:00Z", "WITHIN_TRT"))
                .record(DeviceRecordFiguresTest.install(PM13, "oct-mid", "2020-10-15T00:00:00Z", "TIMED_OUT"))
                .record(DeviceRecordFiguresTest.install(PM13, "oct-last", "2020-10-31T23:59:59Z", "WITHIN_TRT"))
                .record(DeviceRecordFiguresTest.install(PM13, "nov-first", "2020-11-01T00:00:00Z", "TIMED_OUT"))
                .record(DeviceRecordFiguresTest.install(PM13, "nov-mid", "2020-11-20T00:00:00Z", "WITHIN_TRT"))
                .record(DeviceRecordFiguresTest.install(PM13, "dec-first", "2020-12-01T00:00:00Z", "TIMED_OUT"))
                .record(DeviceRecordFiguresTest.install(PM13, "jan-first", "2021-01-01T00:00:00Z", "TIMED_OUT"));
    }

    @Test
    void aQuarterReportedInItsFirstOrMiddleMonthCountsOnlyUpToTheEndOfThatMonth() {
        InMemoryMeasureData data = q4Installs();
        MeasureFigure october = figure(ENGINE.compute(OCTOBER, data, LATER), PM13);
        assertEquals("2020-Q4", october.period());
        assertEquals(2, october.numerator(), "oct-first and oct-last");
        assertEquals(3, october.denominator(), "not nov-first nor dec-first");
        assertEquals(at("2020-09-30T23:00:00Z").toEpochMilli(), october.coveredFromEpochMillis());
        assertEquals(at("2020-11-01T00:00:00Z").toEpochMilli(), october.coveredToEpochMillis());
        assertFalse(october.isFinal(), "a quarter to date is provisional before the quarter's last month");
        assertTrue(october.whyProvisional().stream().anyMatch(why -> why.contains("quarter to date")),
                october.whyProvisional().toString());
        assertEquals(new BigDecimal("50.00"), october.previousLevel(), "the previous quarter, Q3, whole: q3, sep-last");
        assertEquals(Boolean.TRUE, october.previousFinal());

        MeasureFigure november = figure(ENGINE.compute(NOVEMBER, data, LATER), PM13);
        assertEquals(3, november.numerator());
        assertEquals(5, november.denominator(), "October's 3 and November's 2; not dec-first");
        assertEquals(at("2020-12-01T00:00:00Z").toEpochMilli(), november.coveredToEpochMillis());
        assertFalse(november.isFinal());

        MeasureFigure december = figure(ENGINE.compute(DECEMBER, data, LATER), PM13);
        assertEquals(3, december.numerator());
        assertEquals(6, december.denominator(), "the whole quarter; not jan-first");
        assertTrue(december.isFinal(), december.whyProvisional().toString());
        assertTrue(december.whyProvisional().isEmpty());
    }

    @Test
    void offsetQuartersFollowTheCatalogue() throws IOException {
        // CSPN/PM1.3 on quarters starting in February: Feb-Apr, May-Jul, Aug-Oct, Nov-Jan. Reported in September
        // 2020, it counts 1 Aug to 30 Sep (quarter to date, labelled 2020-08/2020-10); its previous level is
        // May-Jul. Reported in January 2021, the quarter Nov 2020 - Jan 2021 is whole and final.
        MeasureEngine engine = new MeasureEngine(catalogueWithQuarters(PM13, 2), category -> Duration.ofHours(4));
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", PM13, at("2021-04-01T00:00:00Z"))
                .record(DeviceRecordFiguresTest.install(PM13, "jul", "2020-07-10T00:00:00Z", "TIMED_OUT"))
                .record(DeviceRecordFiguresTest.install(PM13, "aug", "2020-08-10T00:00:00Z", "WITHIN_TRT"))
                .record(DeviceRecordFiguresTest.install(PM13, "sep", "2020-09-10T00:00:00Z", "WITHIN_TRT"))
                .record(DeviceRecordFiguresTest.install(PM13, "oct", "2020-10-10T00:00:00Z", "TIMED_OUT"))
                .record(DeviceRecordFiguresTest.install(PM13, "nov", "2020-11-10T00:00:00Z", "WITHIN_TRT"))
                .record(DeviceRecordFiguresTest.install(PM13, "jan", "2021-01-10T00:00:00Z", "TIMED_OUT"));
        MeasureFigure september = figure(engine.compute(YearMonth.of(2020, 9), data, LATER), PM13);
        assertEquals("2020-08/2020-10", september.period());
        assertEquals(2, september.numerator());
        assertEquals(2, september.denominator(), "August and September; October not yet");
        assertFalse(september.isFinal());
        assertEquals(new BigDecimal("0.00"), september.previousLevel(), "May-Jul: the July install timed out");

        MeasureFigure january = figure(engine.compute(YearMonth.of(2021, 1), data, LATER), PM13);
        assertEquals("2020-11/2021-01", january.period());
        assertEquals(1, january.numerator());
        assertEquals(2, january.denominator());
        assertTrue(january.isFinal(), january.whyProvisional().toString());
        assertEquals(new BigDecimal("66.67"), january.previousLevel(), "Aug-Oct: 2 of 3");

        MonthlyReport october = engine.compute(YearMonth.of(2020, 10), data, LATER);
        assertEquals(2, figure(october, PM13).numerator());
        assertEquals(3, figure(october, PM13).denominator());
        assertTrue(figure(october, PM13).isFinal(), "October ends the Aug-Oct quarter");
        assertNull(figure(october, "CSPC/PM1.2").previousLevel());
    }

    static Catalogue catalogueWithQuarters(String measureId, int quarters) throws IOException {
        String text;
        try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(Catalogue.SHIPPED_RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder edited = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith(measureId + ",")) {
                line = line.substring(0, line.lastIndexOf(',') + 1) + quarters;
            }
            edited.append(line).append('\n');
        }
        return Catalogue.parse("test:quarters=" + quarters, new StringReader(edited.toString()));
    }

}
