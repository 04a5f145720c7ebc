package io.pmr.agent;

import io.pmr.model.Trt;
import io.pmr.model.TrtRule;
import io.pmr.proto.v1.AgentConfig;
import io.pmr.proto.v1.MeasureSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the agent makes of the bytes on its config topic: one good config taken once; anything bad ignored whole. */
class ConfigUpdatesTest {
    private final ConfigUpdates updates = new ConfigUpdates("agent-1", null);

    private static byte[] config(String agentId, long version, long trtMillis) {
        return AgentConfig.newBuilder().setAgentId(agentId).setConfigVersion(version)
                .addMeasures(MeasureSource.newBuilder().setMeasureId("CSPN/PM4.3").setTrtMillis(trtMillis))
                .build().toByteArray();
    }

    @Test
    void aGoodConfigIsTakenOnceAndItsRetainedCopyNotAgain() {
        updates.configArrived(config("agent-1", 7, 3_000));
        ConfigUpdates.Update update = updates.take();
        assertEquals(7, update.version());
        assertEquals(Map.of("CSPN/PM4.3", TrtRule.of(Duration.ofSeconds(3))), update.rulesByMeasureId());
        assertNull(updates.take(), "taken once");
        updates.configArrived(config("agent-1", 7, 3_000));
        assertNull(updates.take(), "the retained copy at a reconnect");
        assertEquals(0, updates.ignored());
        assertEquals(2, updates.received());
    }

    @Test
    void theLatestWinsEvenWhenItIsTheOneInForceAgain() {
        updates.configArrived(config("agent-1", 7, 3_000));
        updates.take();
        updates.configArrived(config("agent-1", 8, 4_000));
        updates.configArrived(config("agent-1", 9, 5_000));
        assertEquals(9, updates.take().version(), "only the latest waits");
        updates.configArrived(config("agent-1", 10, 6_000));
        updates.configArrived(config("agent-1", 9, 5_000)); // the collector went back to the one in force
        assertNull(updates.take());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE / 1_000_000L + 1})
    void aTrtOutsideOneMillisecondToTheLongestNanosecondsIsIgnoredWhole(long trtMillis) {
        updates.configArrived(config("agent-1", 7, trtMillis));
        assertNull(updates.take());
        assertEquals(1, updates.ignored());
    }

    @Test
    void anotherAgentsConfigIsIgnored() {
        updates.configArrived(config("agent-2", 7, 3_000));
        assertNull(updates.take());
        assertEquals(1, updates.ignored());
    }

    @Test
    void randomBytesNeverThrowAndNeverMakeAConfigForAnotherAgent() {
        Random random = new Random(13);
        for (int i = 0; i < 2_000; i++) {
            byte[] payload = new byte[random.nextInt(64)];
            random.nextBytes(payload);
            updates.configArrived(payload);
        }
        updates.configArrived(new byte[0]); // parses as an empty config: agent id "" is not ours
        assertNull(updates.take());
        assertEquals(2_001, updates.received());
        assertEquals(2_001, updates.ignored());
    }

    private static byte[] ruleConfig(String rule, long trtMillis) {
        return AgentConfig.newBuilder().setAgentId("agent-1").setConfigVersion(11)
                .addMeasures(MeasureSource.newBuilder().setMeasureId("CSPN/PM4.3").setTrtMillis(25_000))
                .addMeasures(MeasureSource.newBuilder().setMeasureId("TSP/PM1.7").setTrtMillis(trtMillis)
                        .setTrtRule(rule))
                .build().toByteArray();
    }

    @Test
    void aTrtRuleIsReadByTheOneParserWithItsDuration() {
        updates.configArrived(ruleConfig("15s in core hours", 15_000));
        assertEquals(Map.of("CSPN/PM4.3", TrtRule.of(Duration.ofSeconds(25)),
                "TSP/PM1.7", Trt.parseRule("15s in core hours")), updates.take().rulesByMeasureId());
        updates.configArrived(AgentConfig.newBuilder().setAgentId("agent-1").setConfigVersion(12)
                .addMeasures(MeasureSource.newBuilder().setMeasureId("TSP/PM1.1")
                        .setTrtRule("by 06:59 next day in 07:00-18:00"))
                .build().toByteArray());
        assertEquals(Map.of("TSP/PM1.1", Trt.parseRule("by 06:59 next day in 07:00-18:00")),
                updates.take().rulesByMeasureId(), "a wall-clock deadline carries trt_millis 0");
        assertEquals(0, updates.ignored());
    }

    @ParameterizedTest
    @CsvSource({"15s in core hourz,15000", "15s in core hours,14999", "by 06:59 next day,1", "by 25:00 next day,0"})
    void aBadTrtRuleIgnoresTheWholeConfig(String rule, long trtMillis) {
        updates.configArrived(ruleConfig(rule, trtMillis));
        assertNull(updates.take(), "the TRTs in force stay, the good measure's included");
        assertEquals(1, updates.ignored());
    }
}
