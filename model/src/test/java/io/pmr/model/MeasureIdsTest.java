package io.pmr.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MeasureIdsTest {

    @Test
    void buildsAndSplitsIds() {
        assertEquals("CSPN/PM4.3", MeasureIds.of(MeasureIds.CSPN, MeasureIds.PM4_3));
        assertEquals("DSP/PM1.1", MeasureIds.of(MeasureIds.DSP, MeasureIds.PM1_1));
        assertEquals("CSPS", MeasureIds.provider("CSPS/PM12.2"));
        assertEquals("PM12.2", MeasureIds.number("CSPS/PM12.2"));
        assertEquals("CSPS/PM12.1", MeasureIds.sibling("CSPS/PM12.2", MeasureIds.PM12_1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CSPN", "/PM4.3", "CSPN/", "CSPN/PM4/3", ""})
    void refusesAnIdNotProviderSlashNumber(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeasureIds.number(id));
        assertEquals("measure id '" + id + "' is not <provider>/<number>, e.g. CSPN/PM4.3", e.getMessage());
    }
}
