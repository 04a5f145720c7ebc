package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RigScenarioTest {
    private static final YearMonth SEPTEMBER_2020 = YearMonth.of(2020, 9);

    private static String rejection(long seed, int hubs, YearMonth period, Map<EventKind, Duration> trts) {
        return assertThrows(IllegalArgumentException.class, () -> RigScenario.of(seed, hubs, period, trts)).getMessage();
    }

    @Test
    void rejectsTooFewHubsNamingTheField() {
        String message = rejection(1, 2, SEPTEMBER_2020, RigScenario.defaultTrts());
        assertTrue(message.startsWith("hubs "), message);
        assertTrue(message.contains("2"), message);
    }

    @Test
    void rejectsMissingPeriodNamingTheField() {
        assertTrue(rejection(1, 3, null, RigScenario.defaultTrts()).startsWith("period "));
        assertTrue(rejection(1, 3, YearMonth.of(1960, 1), RigScenario.defaultTrts()).startsWith("period "));
    }

    @Test
    void rejectsMissingOrNonPositiveTrtsNamingTheFieldAndKind() {
        assertTrue(rejection(1, 3, SEPTEMBER_2020, null).startsWith("trts "));

        Map<EventKind, Duration> missing = new EnumMap<>(RigScenario.defaultTrts());
        missing.remove(EventKind.CAT3_ALERT);
        String message = rejection(1, 3, SEPTEMBER_2020, missing);
        assertTrue(message.startsWith("trts ") && message.contains("CAT3_ALERT"), message);

        Map<EventKind, Duration> zero = new EnumMap<>(RigScenario.defaultTrts());
        zero.put(EventKind.RTT4, Duration.ZERO);
        message = rejection(1, 3, SEPTEMBER_2020, zero);
        assertTrue(message.startsWith("trts[RTT4]"), message);

        Map<EventKind, Duration> negative = new EnumMap<>(RigScenario.defaultTrts());
        negative.put(EventKind.RTT2, Duration.ofSeconds(-5));
        message = rejection(1, 3, SEPTEMBER_2020, negative);
        assertTrue(message.startsWith("trts[RTT2]"), message);
    }

    @Test
    void defaultTrtsAreThoseOfTheReport() {
        Map<EventKind, Duration> trts = RigScenario.defaultTrts();
        assertEquals(Duration.ofHours(22), trts.get(EventKind.RTT2));
        assertEquals(Duration.ofHours(2), trts.get(EventKind.RTT3));
        assertEquals(Duration.ofSeconds(25), trts.get(EventKind.RTT4));
        assertEquals(Duration.ofSeconds(30), trts.get(EventKind.CAT2_HAN_COMMAND));
        assertEquals(Duration.ofSeconds(60), trts.get(EventKind.CAT3_ALERT));
        assertEquals(EventKind.all().length, trts.size());
    }

    @Test
    void copiesTheTrtsSoLaterChangesToTheCallersMapDoNotLeakIn() {
        Map<EventKind, Duration> trts = new HashMap<>(RigScenario.defaultTrts());
        RigScenario scenario = RigScenario.of(1, 3, SEPTEMBER_2020, trts);
        trts.put(EventKind.RTT4, Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(25), scenario.trts().get(EventKind.RTT4));
        assertThrows(UnsupportedOperationException.class, () -> scenario.trts().put(EventKind.RTT4, Duration.ofSeconds(1)));
    }

    @Test
    void splitsHubsEvenlyWithTheRemainderToNorthFirst() {
        assertSplit(300, 100, 100, 100);
        assertSplit(301, 101, 100, 100);
        assertSplit(302, 101, 101, 100);
        assertSplit(3, 1, 1, 1);
    }

    private static void assertSplit(int hubs, int north, int central, int south) {
        RigScenario scenario = RigScenario.of(1, hubs, SEPTEMBER_2020, RigScenario.defaultTrts());
        assertEquals(north, scenario.hubsIn(Region.NORTH), "north of " + hubs);
        assertEquals(central, scenario.hubsIn(Region.CENTRAL), "central of " + hubs);
        assertEquals(south, scenario.hubsIn(Region.SOUTH), "south of " + hubs);
    }
}
