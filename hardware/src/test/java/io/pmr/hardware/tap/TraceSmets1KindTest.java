package io.pmr.hardware.tap;

import io.pmr.hardware.EventKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The trace tap's SMETS1 timing records: each S1SP kind by name or by its measure id, on a line of any region (the
 * measure is not regional); a bare PM number or another provider's id is an unknown kind whose message names the
 * accepted ones.
 */
class TraceSmets1KindTest {

    @Test
    void everySmets1KindDecodesByNameAndByMeasureIdInEveryRegion() {
        assertEquals(List.of("S1SP-SIE/PM1.1", "S1SP-CAP/PM1.1", "S1SP-SIE/PM1.5"),
                KindDecoding.assertEveryKindDecodesByNameAndMeasureId(EventKind::smets1Timing));
    }

    @Test
    void ambiguousOrUnknownSmets1NamesAreUnknownKindsNamingTheAccepted() {
        KindDecoding.assertUnknownNaming(List.of("PM1.5", "S1SP-CAP/PM1.5", "S1SP-SIE/PM1.2", "S1SP/PM1.1"),
                "S1SP_SIE_SERVICE_REQUEST or S1SP-SIE/PM1.1", "S1SP_SIE_ALERT_RESPONSE or S1SP-SIE/PM1.5");
    }
}
