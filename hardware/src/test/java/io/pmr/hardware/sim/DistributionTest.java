package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default month exercises what the product must get right: tails across the TRT, loss, failures. */
class DistributionTest {
    private static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    private static SimulatedRig rig;

    @BeforeAll
    static void generate() {
        rig = SimulatedRig.create(RigScenario.of(2020, 300, SEPTEMBER, RigScenario.defaultTrts()));
    }

    private static double withinPercent(TruthRow row) {
        return 100.0 * row.withinTrt() / row.events();
    }

    @Test
    void northRtt4LandsBetweenItsMinimumAndTargetAndTheOthersNearTheirTargets() {
        for (TruthRow row : rig.groundTruth().rows(SEPTEMBER)) {
            double percent = withinPercent(row);
            if (row.measureId().equals("CSPN/PM4.3")) {
                assertTrue(percent > 80.5 && percent < 83.5, row + " " + percent);
            } else {
                assertTrue(percent >= 96.5 && percent <= 99.9, row + " " + percent);
            }
        }
    }

    @Test
    void everyMeasureHasLostFailedAndLateEvents() {
        assertEquals(15, rig.groundTruth().rows(SEPTEMBER).size());
        for (TruthRow row : rig.groundTruth().rows(SEPTEMBER)) {
            assertTrue(row.lost() > 0 && row.failed() > 0 && row.lateEnds() > 0, row.toString());
            double lostPercent = 100.0 * row.lost() / row.events();
            assertTrue(lostPercent > 0.2 && lostPercent < 1.0, row + " lost " + lostPercent);
        }
    }

    @Test
    void eachRegionHasAboutAHundredThousandEventsAtTheConfiguredRates() {
        // starts from one day before September (30 days) until one hour after it: 745 hours, so per hub
        // 745/2 + 745/6 + 745/24 + 745/3 + 745/4 = 962 events, about 96,000 per region of 100 hubs
        double windowHours = 24 + 30 * 24 + 1;
        double expectedPerHub = windowHours / 2 + windowHours / 6 + windowHours / 24 + windowHours / 3 + windowHours / 4;
        for (Region region : Region.values()) {
            int events = rig.events(region).size();
            double expected = expectedPerHub * rig.scenario().hubsIn(region);
            assertTrue(Math.abs(events - expected) < 0.03 * expected, region + " " + events + " expected " + expected);
        }
    }

    @Test
    void latenciesAreWholeMicrosecondsOfAtLeastOneMillisecondApartFromTheTrtEdgeCases() {
        long edgeCases = 0;
        for (Region region : Region.values()) {
            RegionEvents events = rig.events(region);
            int sku2 = 0;
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1L, events.messageId(i));
                if (events.variant(i) == HubVariant.SKU2) {
                    sku2++;
                }
                if (events.lost(i)) {
                    continue;
                }
                long latencyNanos = events.endEpochNanos(i) - events.startEpochNanos(i);
                long trtNanos = rig.scenario().trtNanos(events.kind(i));
                if (Math.abs(latencyNanos - trtNanos) <= 1_000_000L && (latencyNanos - trtNanos) % 1_000_000L == 0) {
                    edgeCases++;
                    continue;
                }
                assertEquals(0, latencyNanos % 1_000, "whole microseconds");
                assertTrue(latencyNanos >= 1_000_000L, "at least 1 ms");
                assertTrue(latencyNanos <= 2 * trtNanos, "at most twice the TRT");
            }
            assertTrue(sku2 > 0.2 * events.size() && sku2 < 0.6 * events.size(), region + " sku2 " + sku2);
        }
        assertTrue(edgeCases >= 3L * 3 * 3 * EventKind.all().length, "edge cases " + edgeCases);
    }
}
