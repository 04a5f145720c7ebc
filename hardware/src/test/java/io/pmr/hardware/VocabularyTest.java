package io.pmr.hardware;

import io.pmr.model.MeasureIds;
import io.pmr.model.MeasureTrts;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rig's regions, hub variants and event kinds speak the model's vocabulary, so the catalogue knows their ids. */
class VocabularyTest {

    @Test
    void regionsAreTheModelsCspProviders() {
        assertEquals(List.of(MeasureIds.CSPN, MeasureIds.CSPC, MeasureIds.CSPS),
                Arrays.stream(Region.values()).map(Region::providerCode).toList());
    }

    @Test
    void hubVariantsAreTheModelsScopes() {
        assertEquals(MeasureIds.HUB_VARIANTS, Arrays.stream(HubVariant.values()).map(HubVariant::name).toList());
    }

    @Test
    void everyMeasureAKindFeedsIsInTheShippedCatalogueWithATrt() {
        for (EventKind kind : EventKind.every()) {
            for (Region region : Region.values()) {
                if (!kind.measuredIn(region) || kind.availabilityProbe() || kind.smwanLevel()) {
                    continue; // an availability measure has no TRT: the probe or check timeout is the agent's
                }
                String id = kind.measureId(region);
                assertTrue(MeasureTrts.shippedRules().containsKey(id), kind + " in " + region + ": " + id);
                if (kind.smki()) {
                    // the rig times SMKI events by the shipped rule's conditions: they must be the catalogue's
                    assertEquals(MeasureTrts.shippedRules().get(id), kind.defaultRule(), kind + ": " + id);
                }
            }
        }
        assertEquals("CSPN/PM4.3", EventKind.RTT4.measureId(Region.NORTH));
        assertEquals("DSP/PM1.1", EventKind.DSP_SERVICE_REQUEST.measureId(Region.SOUTH));
        assertEquals("CSPC/PM1.2", EventKind.SMWAN_CONNECTION_90D.measureId(Region.CENTRAL));
        assertEquals("CSPN/PM1.4", EventKind.SMWAN_CONNECTIVITY_CHECK.measureId(Region.NORTH));
        assertEquals("CSPS/PM1.3", EventKind.SMWAN_CONNECTIVITY_CHECK.measureId(Region.SOUTH));
        assertEquals("S1SP-CAP/PM1.1", EventKind.S1SP_CAP_SERVICE_REQUEST.measureId(Region.CENTRAL));
        assertEquals("TSP/PM1.1", EventKind.SMKI_BATCH_CERTIFICATE.measureId(Region.CENTRAL));
        assertEquals("DSP/PM13", EventKind.SMKI_REPOSITORY_DOCUMENT.measureId(Region.SOUTH));
    }
}
