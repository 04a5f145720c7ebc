package io.pmr.agent.record;

import io.pmr.model.TrtRule;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasuresTest {
    private static final long MINUTE = 60_000_000_000L;

    private final Measures measures = new Measures(Region.NORTH,
            Map.of(EventKind.RTT4, Duration.ofSeconds(25), EventKind.RTT2, Duration.ofHours(22)));

    @Test
    void aScheduledTrtAppliesFromItsInstantAndEarlierStartsKeepTheirs() {
        List<Measures.Change> changes = measures.scheduleFixed(Map.of("CSPN/PM4.3", Duration.ofSeconds(3),
                "CSPN/PM4.1", Duration.ofHours(22), "CSPC/PM4.3", Duration.ofSeconds(1)), 10 * MINUTE);
        assertEquals(List.of(new Measures.Change("CSPN/PM4.3", TrtRule.of(Duration.ofSeconds(25)), TrtRule.of(Duration.ofSeconds(3)))), changes,
                "only a measured id whose TRT differs changes");
        assertEquals(25_000_000_000L, measures.trtNanos(EventKind.RTT4, 10 * MINUTE - 1));
        assertEquals(3_000_000_000L, measures.trtNanos(EventKind.RTT4, 10 * MINUTE));
        assertEquals(3_000, measures.trtMillis(EventKind.RTT4), "the latest");
        assertEquals(22 * 3_600_000L, measures.trtMillis(EventKind.RTT2, 0));
        assertFalse(measures.measured(EventKind.RTT3), "a config never adds a measure");
        assertEquals(0, measures.trtNanos(EventKind.RTT3, 11 * MINUTE));
    }

    @Test
    void sameTrtsChangeNothingAndTheScheduleOnlyMovesForward() {
        assertTrue(measures.scheduleFixed(Map.of("CSPN/PM4.3", Duration.ofSeconds(25)), 5 * MINUTE).isEmpty());
        measures.scheduleFixed(Map.of("CSPN/PM4.3", Duration.ofSeconds(3)), 10 * MINUTE);
        // an earlier instant is taken as the latest change's and merges into it
        measures.scheduleFixed(Map.of("CSPN/PM4.3", Duration.ofSeconds(4)), 2 * MINUTE);
        assertEquals(25_000_000_000L, measures.trtNanos(EventKind.RTT4, 10 * MINUTE - 1));
        assertEquals(4_000_000_000L, measures.trtNanos(EventKind.RTT4, 10 * MINUTE));
        measures.scheduleFixed(Map.of("CSPN/PM4.3", Duration.ofSeconds(5)), 20 * MINUTE);
        assertEquals(4_000_000_000L, measures.trtNanos(EventKind.RTT4, 20 * MINUTE - 1));
        assertEquals(5_000_000_000L, measures.trtNanos(EventKind.RTT4, 20 * MINUTE));
        assertEquals(25_000_000_000L, measures.trtNanos(EventKind.RTT4, Long.MIN_VALUE));
    }

    @Test
    void refusesATrtThatIsNotPositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> measures.scheduleFixed(Map.of("CSPN/PM4.3", Duration.ZERO), MINUTE));
        assertEquals("TRT of CSPN/PM4.3 is PT0S: not positive", e.getMessage());
        assertEquals(25_000, measures.trtMillis(EventKind.RTT4), "unchanged");
    }

    @Test
    void aRuleThatIsNotADurationIsKeptWholeAndItsDurationIsTheTrt() {
        TrtRule batch = io.pmr.model.Trt.parseRule("by 06:59 next day in 07:00-18:00");
        TrtRule core = io.pmr.model.Trt.parseRule("15s in core hours");
        Measures smki = new Measures(Region.CENTRAL, Map.of(EventKind.SMKI_RA_CERTIFICATE, Duration.ofSeconds(30)),
                Map.of(EventKind.SMKI_BATCH_CERTIFICATE, batch));
        assertTrue(smki.measured(EventKind.SMKI_BATCH_CERTIFICATE), "measured from its rule alone");
        assertEquals("TSP/PM1.1", smki.measureId(EventKind.SMKI_BATCH_CERTIFICATE));
        assertEquals(batch, smki.rule(EventKind.SMKI_BATCH_CERTIFICATE, 0));
        assertEquals(0, smki.trtMillis(EventKind.SMKI_BATCH_CERTIFICATE), "a wall-clock deadline has no duration");
        assertEquals(null, smki.rule(EventKind.SMKI_RA_CERTIFICATE, 0), "a plain duration has no rule");
        List<Measures.Change> changes = smki.schedule(Map.of("TSP/PM1.4", core, "TSP/PM1.1", batch), 10 * MINUTE);
        assertEquals(List.of(new Measures.Change("TSP/PM1.4", TrtRule.of(Duration.ofSeconds(30)), core)), changes);
        assertEquals(null, smki.rule(EventKind.SMKI_RA_CERTIFICATE, 10 * MINUTE - 1), "earlier starts keep theirs");
        assertEquals(core, smki.rule(EventKind.SMKI_RA_CERTIFICATE, 10 * MINUTE));
        assertEquals(15_000, smki.trtMillis(EventKind.SMKI_RA_CERTIFICATE, 10 * MINUTE));
        smki.schedule(Map.of("TSP/PM1.4", TrtRule.of(Duration.ofSeconds(20))), 20 * MINUTE);
        assertEquals(null, smki.rule(EventKind.SMKI_RA_CERTIFICATE, 20 * MINUTE), "back to a plain duration");
        assertEquals(20_000, smki.trtMillis(EventKind.SMKI_RA_CERTIFICATE));
        // The record path's one read: the plain TRT, or -1 where a rule is in force, as rule() and trtNanos() say.
        assertEquals(30_000_000_000L, smki.plainTrtNanos(EventKind.SMKI_RA_CERTIFICATE, 10 * MINUTE - 1));
        assertEquals(-1, smki.plainTrtNanos(EventKind.SMKI_RA_CERTIFICATE, 10 * MINUTE));
        assertEquals(-1, smki.plainTrtNanos(EventKind.SMKI_RA_CERTIFICATE, 20 * MINUTE - 1));
        assertEquals(20_000_000_000L, smki.plainTrtNanos(EventKind.SMKI_RA_CERTIFICATE, 20 * MINUTE));
        assertEquals(-1, smki.plainTrtNanos(EventKind.SMKI_BATCH_CERTIFICATE, Long.MIN_VALUE));
        assertEquals(0, smki.plainTrtNanos(EventKind.RTT4, 0), "not measured");
    }
}
