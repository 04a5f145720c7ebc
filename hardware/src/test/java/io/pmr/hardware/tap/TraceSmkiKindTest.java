package io.pmr.hardware.tap;

import io.pmr.hardware.EventKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The trace tap's SMKI records: every SMKI kind by name or by its measure id (not regional: one id everywhere). */
class TraceSmkiKindTest {

    @Test
    void everySmkiKindDecodesByNameAndByMeasureIdInEveryRegion() {
        assertEquals(List.of("TSP/PM1.1", "TSP/PM1.4", "TSP/PM1.7", "TSP/PM1.8", "DSP/PM13"),
                KindDecoding.assertEveryKindDecodesByNameAndMeasureId(EventKind::smki));
    }

    @Test
    void aBarePmNumberOfAnSmkiKindIsUnknownNamingTheAccepted() {
        KindDecoding.assertUnknownNaming(List.of("PM1.7", "PM13", "TSP/PM1.9"), "SMKI_S2S_CERTIFICATE or TSP/PM1.7");
    }
}
