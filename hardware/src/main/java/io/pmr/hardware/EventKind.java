package io.pmr.hardware;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The kinds of timed event a HAN port reports, each feeding one performance measure per region.
 * An event has a start (command sent, alert raised) and an end (response delivered, alert delivered).
 */
public enum EventKind {
    /** Round Trip Time 2 test HAN Interface Command, TRT 22 hours (PM4.1). */
    RTT2("PM4.1", Duration.ofHours(22)),
    /** Round Trip Time 3 test HAN Interface Command, TRT 2 hours (PM4.2). */
    RTT3("PM4.2", Duration.ofHours(2)),
    /** Round Trip Time 4 test HAN Interface Command, TRT 25 seconds (PM4.3). */
    RTT4("PM4.3", Duration.ofSeconds(25)),
    /** Category 2 HAN Interface Command delivered to the DCC WAN Gateway Interface (PM3.1). */
    CAT2_HAN_COMMAND("PM3.1", Duration.ofSeconds(30)),
    /** Category 3 Alert delivered to the DCC WAN Gateway Interface (PM3.2). */
    CAT3_ALERT("PM3.2", Duration.ofSeconds(60));

    private static final EventKind[] VALUES = values();

    private static final Map<EventKind, Duration> DEFAULT_TRTS;

    static {
        EnumMap<EventKind, Duration> trts = new EnumMap<>(EventKind.class);
        for (EventKind kind : VALUES) {
            trts.put(kind, kind.defaultTrt);
        }
        DEFAULT_TRTS = Collections.unmodifiableMap(trts);
    }

    private final String pmNumber;
    private final Duration defaultTrt;

    EventKind(String pmNumber, Duration defaultTrt) {
        this.pmNumber = pmNumber;
        this.defaultTrt = defaultTrt;
    }

    /**
     * The TRT used when no catalogue says otherwise: the report's 22 h, 2 h and 25 s for the round-trip
     * tests; 30 s and 60 s for Category 2 commands and Category 3 alerts are placeholders (the report leaves
     * them blank) that a user sets in the catalogue.
     */
    public Duration defaultTrt() {
        return defaultTrt;
    }

    /** Every kind's {@link #defaultTrt()}; unmodifiable. */
    public static Map<EventKind, Duration> defaultTrts() {
        return DEFAULT_TRTS;
    }

    /** The provider measure number, e.g. {@code PM4.3}. */
    public String pmNumber() {
        return pmNumber;
    }

    /** The catalogue id of this kind's measure in a region, e.g. {@code CSPN/PM4.3}. */
    public String measureId(Region region) {
        return region.providerCode() + "/" + pmNumber;
    }

    /** All kinds, without the defensive copy of {@link #values()}. Do not modify. */
    public static EventKind[] all() {
        return VALUES;
    }
}
