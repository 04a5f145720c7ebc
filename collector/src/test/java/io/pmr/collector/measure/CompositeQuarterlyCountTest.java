package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.FigureSource;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeQuarterlyCountTest {
    private static final java.time.Instant Q3_END = EngineFixture.OCT_START;

    @Test
    void compositeLevelIsTheMeanOfLevelsWithThePooledEventsBesideIt() {
        // CPM3's contributors CSPN/PM3.2 995,000 of 1,000,000 (99.50%) and CSPC/PM3.2 50 of 100 (50.00%). As the
        // report computes it, the mean of the two levels: (99.50 + 50.00) / 2 = 74.75, below the 96.00 minimum.
        // The pooled events 995,050 / 1,000,100 = 99.49505% -> 99.50 are the second reading, and the figure's
        // numerator and denominator. The other three contributors have no source: not reported, left out, named.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("gw-north", "CSPN/PM3.2", Q3_END)
                .interval("CSPN/PM3.2", "SKU1", at("2020-09-01T00:00:00Z"), 1_000_000, 995_000)
                .declared("gw-central", "CSPC/PM3.2", Q3_END)
                .interval("CSPC/PM3.2", "SKU1", at("2020-09-01T00:00:00Z"), 100, 50);
        MonthlyReport report = report(data, SEPTEMBER);
        MeasureFigure cpm3 = figure(report, "CPM3");
        assertEquals(new BigDecimal("74.75"), cpm3.level());
        assertEquals(MeasureStatus.BELOW_MINIMUM, cpm3.status());
        assertEquals(995_050, cpm3.numerator());
        assertEquals(1_000_100, cpm3.denominator());
        FigureDetail.Composite detail = (FigureDetail.Composite) cpm3.detail();
        assertEquals("mean_of_levels", detail.method());
        assertEquals(new BigDecimal("74.75"), detail.meanOfLevels());
        assertEquals(new BigDecimal("99.50"), detail.pooledLevel());
        assertEquals(List.of("DSP/PM1.5", "S1SP-SIE/PM1.5", "CSPS/PM3.2"), detail.notReported());
        assertEquals(List.of("CSPN/PM3.2", "CSPC/PM3.2"), cpm3.contributors());
        assertTrue(cpm3.notes().contains("not reported, left out: DSP/PM1.5, S1SP-SIE/PM1.5, CSPS/PM3.2"),
                cpm3.notes().toString());
        assertEquals(List.of("gw-central", "gw-north"), cpm3.agents());
        assertTrue(cpm3.isFinal());
        MeasureFigure cpm1 = figure(report, "CPM1");
        assertEquals(MeasureStatus.NOT_REPORTED, cpm1.status());
        assertEquals(FigureSource.NONE, cpm1.source());
    }

    @Test
    void pooledMethodMakesThePooledEventsTheLevelAndKeepsTheMeanBeside() {
        // The same data with CPM3's method set to pooled in the catalogue: 99.50, at the 99.00 target.
        Catalogue pooled = catalogueWithMethod("CPM3,DCC,Code,", ",,,pooled");
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("gw-north", "CSPN/PM3.2", Q3_END)
                .interval("CSPN/PM3.2", "SKU1", at("2020-09-01T00:00:00Z"), 1_000_000, 995_000)
                .declared("gw-central", "CSPC/PM3.2", Q3_END)
                .interval("CSPC/PM3.2", "SKU1", at("2020-09-01T00:00:00Z"), 100, 50);
        MeasureFigure cpm3 = figure(new MeasureEngine(pooled).compute(SEPTEMBER, data, EngineFixture.LATER), "CPM3");
        assertEquals(new BigDecimal("99.50"), cpm3.level());
        assertEquals(MeasureStatus.AT_OR_ABOVE_TARGET, cpm3.status());
        FigureDetail.Composite detail = (FigureDetail.Composite) cpm3.detail();
        assertEquals("pooled", detail.method());
        assertEquals(new BigDecimal("74.75"), detail.meanOfLevels());
    }

    /** The shipped catalogue with {@code suffix} appended to the line starting {@code prefix}. */
    static Catalogue catalogueWithMethod(String prefix, String suffix) {
        try (java.io.InputStream in = Catalogue.class.getResourceAsStream("/" + Catalogue.SHIPPED_RESOURCE)) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            StringBuilder edited = new StringBuilder();
            for (String line : text.split("\n", -1)) {
                edited.append(line.startsWith(prefix) ? line.stripTrailing() + suffix : line).append('\n');
            }
            return Catalogue.parse("edited", new java.io.StringReader(edited.toString()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void quarterlyMeasuresCoverTheQuarterAndAreFinalOnlyInItsLastMonth() {
        // CSPN/PM1.3 (quarterly within_trt, target 99.00): July 995/1,000, August 1,990/2,000, September
        // 2,985/3,000 -> Q3 5,970 / 6,000 = 99.50. Previous quarter (Q2): June 90/100 = 90.00.
        // DSP/PM7 (quarterly ratio, target 100.00, minimum 90.00) supplied per month: 90/100, 95/100, 99/100 ->
        // 284 / 300 = 94.666...% -> 94.67, below target. In the August report only July and August count:
        // 185 / 200 = 92.50, provisional. S1SP-SIE/PM7 supplied for the quarter itself: 50 / 50 = 100.00.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", "CSPN/PM1.3", Q3_END)
                .interval("CSPN/PM1.3", "SKU1", at("2020-06-15T00:00:00Z"), 100, 90)
                .interval("CSPN/PM1.3", "SKU1", at("2020-07-15T00:00:00Z"), 1_000, 995)
                .interval("CSPN/PM1.3", "SKU2", at("2020-08-15T00:00:00Z"), 2_000, 1_990)
                .interval("CSPN/PM1.3", "SKU1", at("2020-09-15T00:00:00Z"), 3_000, 2_985)
                .supplied("DSP/PM7", "2020-07", 90, 100L)
                .supplied("DSP/PM7", "2020-08", 95, 100L)
                .supplied("DSP/PM7", "2020-09", 99, 100L)
                .supplied("S1SP-SIE/PM7", "2020-Q3", 50, 50L);
        MonthlyReport september = report(data, SEPTEMBER);
        MeasureFigure measured = figure(september, "CSPN/PM1.3");
        assertEquals("2020-Q3", measured.period());
        assertEquals(5_970, measured.numerator());
        assertEquals(6_000, measured.denominator());
        assertEquals(new BigDecimal("99.50"), measured.level());
        assertEquals(new BigDecimal("90.00"), measured.previousLevel());
        assertTrue(measured.isFinal());
        MeasureFigure ratio = figure(september, "DSP/PM7");
        assertEquals(new BigDecimal("94.67"), ratio.level());
        assertEquals(MeasureStatus.BELOW_TARGET, ratio.status());
        assertEquals(3, ratio.files().size());
        assertTrue(ratio.isFinal());
        assertEquals(new BigDecimal("100.00"), figure(september, "S1SP-SIE/PM7").level());

        MonthlyReport august = report(data, YearMonth.of(2020, 8));
        MeasureFigure augustRatio = figure(august, "DSP/PM7");
        assertEquals("2020-Q3", augustRatio.period());
        assertEquals(new BigDecimal("92.50"), augustRatio.level());
        assertFalse(augustRatio.isFinal(), "a quarter is provisional before its last month");
        assertFalse(figure(august, "CSPN/PM1.3").isFinal());
        assertEquals("2020-08", figure(august, "DSP/PM1.1").period());
    }

    @Test
    void countsAreLowerIsBetterWithThePreviousMonthsCount() {
        // DSP/PM3 (count, target 0, minimum 5): July 0 -> at or above target (0 <= 0); August 3 -> below target
        // (3 > 0, 3 <= 5); September 6 -> below minimum (6 > 5), previous level 3.00.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .supplied("DSP/PM3", "2020-07", 0, null)
                .supplied("DSP/PM3", "2020-08", 3, null)
                .supplied("DSP/PM3", "2020-09", 6, null);
        MeasureFigure september = figure(report(data, SEPTEMBER), "DSP/PM3");
        assertEquals(new BigDecimal("6.00"), september.level());
        assertEquals(MeasureStatus.BELOW_MINIMUM, september.status());
        assertEquals(new BigDecimal("3.00"), september.previousLevel());
        assertEquals(MeasureStatus.BELOW_TARGET, figure(report(data, YearMonth.of(2020, 8)), "DSP/PM3").status());
        MeasureFigure july = figure(report(data, YearMonth.of(2020, 7)), "DSP/PM3");
        assertEquals(MeasureStatus.AT_OR_ABOVE_TARGET, july.status());
        assertNull(july.previousLevel(), "nothing supplied for June");
    }

    @Test
    void previousMonthsLevelOfAWithinTrtMeasure() {
        // DSP/PM1.1: August 10/10 = 100.00, September 9/10 = 90.00 (below the 96.00 minimum).
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("dsp", "DSP/PM1.1", Q3_END)
                .interval("DSP/PM1.1", "*", at("2020-08-15T00:00:00Z"), 10, 10)
                .interval("DSP/PM1.1", "*", at("2020-09-15T00:00:00Z"), 10, 9);
        MeasureFigure figure = figure(report(data, SEPTEMBER), "DSP/PM1.1");
        assertEquals(new BigDecimal("90.00"), figure.level());
        assertEquals(new BigDecimal("100.00"), figure.previousLevel());
        assertEquals(MeasureStatus.BELOW_MINIMUM, figure.status());
    }
}
