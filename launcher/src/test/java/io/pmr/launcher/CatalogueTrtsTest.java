package io.pmr.launcher;

import io.pmr.agent.AgentSettings;
import io.pmr.agent.CatalogueTrts;
import io.pmr.agent.KindTrts;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.model.MeasureTrts;
import io.pmr.model.Trt;
import io.pmr.model.TrtRule;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agents, the rig and the collector take one TRT per kind from the catalogue the user edited. */
class CatalogueTrtsTest {

    @Test
    void theShippedCatalogueGivesEveryKindOfTheWholeSimulationATrt() {
        Map<EventKind, Duration> trts = CatalogueTrts.whole(Catalogue.shipped()::trt);
        for (EventKind kind : EventKind.every()) {
            assertTrue(trts.containsKey(kind), kind + " has a TRT");
        }
        assertEquals(Duration.ofHours(24), trts.get(EventKind.CAT1_FIRMWARE_PAYLOAD));
        // availability measures have no TRT in the catalogue: the probe timeout is the kind's own
        assertEquals(EventKind.AVAILABILITY_PROBE.defaultTrt(), trts.get(EventKind.AVAILABILITY_PROBE));
        assertEquals(5, CatalogueTrts.of(Catalogue.shipped()::trt).size());
    }

    @Test
    void aBlankTrtOfAMeasuredKindFailsInsteadOfFallingBackToADefaultTheCollectorWouldRefuse() throws Exception {
        String shipped;
        try (var in = Catalogue.class.getClassLoader().getResourceAsStream(Catalogue.SHIPPED_RESOURCE)) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String blanked = shipped.replace("CSPN/PM2,CSP North,SMETS2,Percentage of Category 1 Firmware Payloads completed "
                + "within the relevant TRT,within_trt,24h,", "CSPN/PM2,CSP North,SMETS2,Percentage of Category 1 Firmware "
                + "Payloads completed within the relevant TRT,within_trt,,");
        assertTrue(!blanked.equals(shipped), "the test blanks CSPN/PM2's trt");
        Catalogue catalogue = Catalogue.parse("test", new StringReader(blanked));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CatalogueTrts.whole(catalogue::trt));
        assertEquals("catalogue measure CSPN/PM2 has no trt: set it in the catalogue's trt column", e.getMessage());
        assertEquals(5, CatalogueTrts.of(catalogue::trt).size(), "the classic kinds do not need it");
    }

    @Test
    void theAgentsOfflineDefaultGivesTheSameTrtsAsTheCollectorsShippedCatalogue() {
        assertEquals(CatalogueTrts.whole(Catalogue.shipped()::trt), CatalogueTrts.whole(MeasureTrts.shipped()));
        assertEquals(CatalogueTrts.of(Catalogue.shipped()::trt), CatalogueTrts.of(MeasureTrts.shipped()));
    }

    /** TSP/PM1.1 and PM1.7 are not plain durations: their rules go to the agents whole, their durations to the rig. */
    @Test
    void theSmkiRulesThatAreNotDurationsComeAsRulesAndTheirDurationsFollowThem() {
        Map<EventKind, TrtRule> rules = CatalogueTrts.rules(Catalogue.shipped()::trtRule);
        assertEquals(Map.of(EventKind.SMKI_BATCH_CERTIFICATE, Trt.parseRule("by 06:59 next day in 07:00-18:00"),
                EventKind.SMKI_S2S_CERTIFICATE, Trt.parseRule("15s in core hours")), rules);
        assertEquals(rules, CatalogueTrts.rules(MeasureTrts.shippedRules()), "the agent's offline default agrees");
        Catalogue longer = Catalogue.parse("test", new StringReader(
                "TSP/PM1.7,TSP,SMKI,S2S,within_trt,20s in core hours,monthly,100.00,99.00,\n"
                        + "TSP/PM1.1,TSP,SMKI,Batch,within_trt,by 06:59 next day,monthly,100.00,95.00,\n"));
        Map<EventKind, TrtRule> userRules = CatalogueTrts.rules(longer::trtRule);
        Map<EventKind, Duration> trts = CatalogueTrts.withRuleDurations(CatalogueTrts.whole(Catalogue.shipped()::trt),
                userRules);
        assertEquals(Duration.ofSeconds(20), trts.get(EventKind.SMKI_S2S_CERTIFICATE), "the rig times it by the rule");
        assertEquals(EventKind.SMKI_BATCH_CERTIFICATE.defaultTrt(), trts.get(EventKind.SMKI_BATCH_CERTIFICATE),
                "a wall-clock deadline keeps the nominal duration");
        Catalogue blank = Catalogue.parse("test", new StringReader(
                "TSP/PM1.7,TSP,SMKI,S2S,within_trt,,monthly,100.00,99.00,\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CatalogueTrts.rules(blank::trtRule));
        assertEquals("catalogue measure TSP/PM1.1 has no trt: set it in the catalogue's trt column", e.getMessage());
    }

    /**
     * One call reads what an agent measures with: the durations with the rules of the same catalogue (forgetting the
     * rules had the collector refuse the agent's status), each rule kind's duration following its rule.
     */
    @Test
    void oneCatalogueGivesTheTrtsAndTheRulesTogether() {
        KindTrts whole = CatalogueTrts.measured(Catalogue.shipped()::trtRule, true);
        assertEquals(CatalogueTrts.rules(Catalogue.shipped()::trtRule), whole.rules());
        assertEquals(CatalogueTrts.withRuleDurations(CatalogueTrts.whole(Catalogue.shipped()::trt), whole.rules()),
                whole.trts());
        assertEquals(whole, CatalogueTrts.measured(MeasureTrts.shippedRules(), true), "the agent's offline default");
        KindTrts classic = CatalogueTrts.measured(Catalogue.shipped()::trtRule, false);
        assertEquals(new KindTrts(CatalogueTrts.of(Catalogue.shipped()::trt), Map.of()), classic);

        Catalogue longer = Catalogue.parse("test", new StringReader(
                "TSP/PM1.7,TSP,SMKI,S2S,within_trt,20s in core hours,monthly,100.00,99.00,\n"
                        + "TSP/PM1.1,TSP,SMKI,Batch,within_trt,by 06:59 next day,monthly,100.00,95.00,\n"
                        + "CSPN/PM2,CSP North,SMETS2,Firmware,within_trt,24h,monthly,99.00,97.00,\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CatalogueTrts.measured(longer::trtRule, true));
        assertTrue(e.getMessage().startsWith("catalogue measure "), "a measure the rig feeds has no trt: "
                + e.getMessage());
        AgentSettings settings = AgentSettings.builder().agentId("gw").region(Region.NORTH)
                .brokerUrl("tcp://127.0.0.1:1").dataDir(java.nio.file.Path.of("data")).kindTrts(whole).build();
        assertEquals(whole, new KindTrts(settings.trts(), settings.rules()), "the settings carry both");
        assertEquals(Duration.ofSeconds(15), settings.trts().get(EventKind.SMKI_S2S_CERTIFICATE));
    }
}
