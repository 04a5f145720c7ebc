package io.pmr.launcher;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The checks {@link ScaleOutTest} makes on report.json text: they fail on what they are meant to catch. */
class ReportJsonOracleTest {
    private static final GroundTruthFile TRUTH = new GroundTruthFile("2020-09", 7, 30, List.of(
            new GroundTruthFile.Entry("CSPN/PM4.3", 98, 100, 0, 0, 0),
            new GroundTruthFile.Entry("CSPC/PM4.3", 10, 10, 0, 0, 0),
            new GroundTruthFile.Entry("CSPN/PM12.2", 40, 50, 0, 0, 0, new BigDecimal("80.00"), new BigDecimal("95.5"))));

    private static String report(long northDenominator, String perEvent) {
        return """
                {
                  "period": "2020-09",
                  "computedAt": "2026-12-05T10:00:00Z",
                  "measures": [
                    {"id": "CSPN/PM4.3", "numerator": 98, "denominator": %d, "level": "98.00"},
                    {"id": "CSPC/PM4.3", "numerator": 10, "denominator": 10, "level": "100.00"},
                    {"id": "CSPN/PM12.2", "numerator": 40, "denominator": 50, "level": "95.50",
                     "powerOutage": {"perEventLevel": "%s", "historicalLevel": "95.50"}}
                  ],
                  "version": {"number": 1, "computedAt": "2026-12-05T10:00:01Z", "reason": "first computation"}
                }
                """.formatted(northDenominator, perEvent);
    }

    @Test
    void exactFiguresMatchAndLevelsCompareByValue() {
        FaultTally tally = ReportJsonOracle.tally(TRUTH, report(100, "80.0"));
        assertEquals(List.of(), tally.mismatches());
        assertEquals(0, tally.lost());
        assertEquals(0, tally.countedTwice());
        assertEquals(3, tally.measuresCompared());
    }

    @Test
    void anEventCountedTwiceOrLostIsTalliedAndNamed() {
        FaultTally twice = ReportJsonOracle.tally(TRUTH, report(101, "80.00"));
        assertEquals(1, twice.countedTwice());
        assertEquals(List.of("CSPN/PM4.3: report.json 98/101, truth 98/100"), twice.mismatches());

        FaultTally lost = ReportJsonOracle.tally(TRUTH, report(97, "80.00"));
        assertEquals(3, lost.lost());
    }

    @Test
    void aMissingMeasureLosesItsEventsAndAWrongPerEventLevelIsAMismatch() {
        String withoutCentral = report(100, "79.99").replaceAll("(?m)^.*CSPC/PM4.3.*\\n", "");
        FaultTally tally = ReportJsonOracle.tally(TRUTH, withoutCentral);
        assertEquals(10, tally.lost());
        assertEquals(List.of("CSPC/PM4.3: in the ground truth but not in report.json",
                "CSPN/PM12.2: report.json level 79.99, truth 80.00"), tally.mismatches());
    }

    @Test
    void onlyComputedAtMayDifferBetweenTwoReports() {
        String first = report(100, "80.00");
        String later = first.replace("10:00:00Z", "11:30:00Z").replace("10:00:01Z", "11:30:02Z");
        assertNull(ReportJsonOracle.firstDifference(ReportJsonOracle.withoutComputedAt(first),
                ReportJsonOracle.withoutComputedAt(later)));

        String otherFigure = ReportJsonOracle.withoutComputedAt(report(101, "80.00"));
        assertEquals("line 5: expected [    {\"id\": \"CSPN/PM4.3\", \"numerator\": 98, \"denominator\": 100, \"level\":"
                + " \"98.00\"},] but was [    {\"id\": \"CSPN/PM4.3\", \"numerator\": 98, \"denominator\": 101,"
                + " \"level\": \"98.00\"},]", ReportJsonOracle.firstDifference(ReportJsonOracle.withoutComputedAt(
                first), otherFigure));
    }

    @Test
    void textThatIsNotJsonIsRefusedSayingSo() {
        assertThrows(java.io.UncheckedIOException.class, () -> ReportJsonOracle.tally(TRUTH, "pmr: no such db"));
    }
}
