package io.pmr.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.model.MeasureTrts;
import io.pmr.model.TrtRule;
import io.pmr.proto.v1.AgentConfig;
import io.pmr.proto.v1.MeasureSource;
import java.io.StringReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigsTest {

    private static Catalogue catalogue(String rtt4Trt) {
        return Catalogue.parse("test", new StringReader(
                "CSPN/PM4.3,CSP North,SMETS2,RTT4,within_trt," + rtt4Trt + ",monthly,85.00,80.00,\n"
                        + "CSPN/PM6.2,CSP North,SMETS2,Availability,availability,,monthly,99.00,98.00,\n"
                        + "CSPN/PM4.1,CSP North,SMETS2,RTT2,within_trt,22h,monthly,85.00,80.00,\n"));
    }

    @Test
    void carriesEveryCatalogueTrtInMillisButNoAvailabilityMeasure() {
        AgentConfig config = new AgentConfigs(catalogue("25s")).configFor("agent-7");
        assertEquals("agent-7", config.getAgentId());
        assertEquals(2, config.getMeasuresCount());
        assertEquals(MeasureSource.newBuilder().setMeasureId("CSPN/PM4.3").setTrtMillis(25_000).build(),
                config.getMeasures(0));
        assertEquals(MeasureSource.newBuilder().setMeasureId("CSPN/PM4.1").setTrtMillis(79_200_000).build(),
                config.getMeasures(1));
        assertEquals(0, config.getPublishEveryMillis(), "the agent keeps its own");
        assertEquals(0, config.getResendAfterMillis(), "the agent keeps its own");
    }

    @Test
    void theVersionFollowsTheTrtsAndNothingElse() {
        long version = new AgentConfigs(catalogue("25s")).version();
        assertEquals(version, new AgentConfigs(catalogue("25s")).version(), "same TRTs, same version, every start");
        assertNotEquals(version, new AgentConfigs(catalogue("30s")).version());
        assertEquals(version, new AgentConfigs(catalogue("25s")).configFor("other").getConfigVersion());
    }

    /** The agent's offline default (the model's reader of the shipped file) is what the collector would send. */
    @Test
    void theShippedDefaultAgreesWithTheShippedCatalogue() {
        Map<String, Duration> fromCollector = new LinkedHashMap<>();
        Catalogue shipped = Catalogue.shipped();
        shipped.measures().forEach(m -> shipped.trt(m.id()).ifPresent(trt -> fromCollector.put(m.id(), trt)));
        assertFalse(fromCollector.isEmpty());
        assertEquals(fromCollector, MeasureTrts.shipped());
        Map<String, TrtRule> rules = new LinkedHashMap<>();
        for (MeasureSource source : new AgentConfigs(shipped).configFor("a").getMeasuresList()) {
            TrtRule rule = MeasureTrts.shippedRules().get(source.getMeasureId());
            rules.put(source.getMeasureId(), rule);
            assertEquals(rule.duration() == null ? 0 : rule.duration().toMillis(), source.getTrtMillis());
            assertEquals(rule.isFixed() ? "" : rule.text(), source.getTrtRule(), source.getMeasureId());
        }
        assertEquals("by 06:59 next day in 07:00-18:00", rules.get("TSP/PM1.1").text());
        assertEquals("15s in core hours", rules.get("TSP/PM1.7").text());
    }

    @Test
    void aTrtThatIsNotADurationTravelsAsItsTextWithItsDuration() {
        Catalogue rules = Catalogue.parse("test", new StringReader(
                "TSP/PM1.1,TSP,SMKI,Batch,within_trt,by 06:59 next day in 07:00-18:00,monthly,100.00,95.00,\n"
                        + "TSP/PM1.7,TSP,SMKI,S2S,within_trt,15s in core hours,monthly,100.00,99.00,\n"));
        AgentConfig config = new AgentConfigs(rules).configFor("agent-7");
        assertEquals(MeasureSource.newBuilder().setMeasureId("TSP/PM1.1").setTrtMillis(0)
                .setTrtRule("by 06:59 next day in 07:00-18:00").build(), config.getMeasures(0));
        assertEquals(MeasureSource.newBuilder().setMeasureId("TSP/PM1.7").setTrtMillis(15_000)
                .setTrtRule("15s in core hours").build(), config.getMeasures(1));
        Catalogue otherHours = Catalogue.parse("test", new StringReader(
                "TSP/PM1.1,TSP,SMKI,Batch,within_trt,by 06:59 next day in 07:00-17:00,monthly,100.00,95.00,\n"
                        + "TSP/PM1.7,TSP,SMKI,S2S,within_trt,15s in core hours,monthly,100.00,99.00,\n"));
        assertNotEquals(new AgentConfigs(rules).version(), new AgentConfigs(otherHours).version(),
                "a rule's hours are part of the version");
    }
}
