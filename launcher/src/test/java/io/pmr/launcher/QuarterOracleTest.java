package io.pmr.launcher;

import io.pmr.collector.data.ReportPeriod;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.store.SqliteStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracle at the months' edges for quarterly measures: the whole chain, on the smallest rig that still has every
 * kind (3 hubs, {@value #DEVICE_HUBS} device hubs per region: a handful of installs per region, plus the rig's edge
 * installs at the period's first instant and at the next month's first instant), must equal the rig's ground truth
 * exactly in the first (October) and middle (November) month of a quarter, where a quarterly figure is its quarter to
 * date, and in both clock-change months (October 2020, March 2021), for several seeds.
 */
class QuarterOracleTest {
    private static final int HUBS = 3;
    private static final int DEVICE_HUBS = io.pmr.hardware.sim.RigScenario.MIN_DEVICE_HUBS;
    private static final List<String> QUARTERLY_MEASURED = List.of("CSPN/PM1.3", "CSPC/PM1.2", "CSPS/PM1.2");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "period {0}, seed {1}")
    @CsvSource({"2020-10, 3", "2020-10, 99", "2020-11, 3", "2021-03, 99"})
    void quarterlyFiguresEqualTheTruthOfTheirQuarterToDate(String month, long seed) {
        YearMonth period = YearMonth.parse(month);
        DemoRun.Result result = DemoRun.run(DemoOptions.defaults(period, HUBS, seed, dir).withDeviceHubs(DEVICE_HUBS));

        assertTrue(result.oracle().matches(), () -> "mismatches: " + result.oracle().mismatches());
        Map<String, GroundTruthFile.Entry> truth = result.truth().measures().stream()
                .collect(Collectors.toMap(GroundTruthFile.Entry::id, Function.identity()));
        Map<String, MeasureFigure> figures = result.report().measures().stream()
                .collect(Collectors.toMap(MeasureFigure::id, Function.identity()));
        ReportPeriod reportPeriod = ReportPeriod.of(period);
        boolean lastMonthOfQuarter = period.getMonthValue() % 3 == 0;
        for (String id : QUARTERLY_MEASURED) {
            assertTrue(truth.containsKey(id) && truth.get(id).denominator() > 0, id + " is compared with the truth");
            MeasureFigure figure = figures.get(id);
            assertEquals(period.getYear() + "-Q" + ((period.getMonthValue() - 1) / 3 + 1), figure.period());
            assertEquals(reportPeriod.endEpochMillis(), figure.coveredToEpochMillis(),
                    id + " counts up to the end of the report month");
            if (!lastMonthOfQuarter) {
                assertFalse(figure.isFinal(), id + ": a quarter to date is provisional");
            }
        }
        // the rig did install hubs after the report month (its edge case at the next month's first instant): the
        // figures above excluded them
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            for (String id : QUARTERLY_MEASURED) {
                assertFalse(store.deviceRecords(id, reportPeriod.endEpochMillis(), Long.MAX_VALUE).isEmpty(),
                        id + " has installs after " + period + " in the store");
            }
        }
    }
}
