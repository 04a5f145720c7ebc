package io.pmr.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.model.MeasureTrts;
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
        for (MeasureSource source : new AgentConfigs(shipped).configFor("a").getMeasuresList()) {
            assertEquals(MeasureTrts.shipped().get(source.getMeasureId()).toMillis(), source.getTrtMillis());
        }
    }
}
