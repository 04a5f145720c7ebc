package io.pmr.hardware;

/**
 * The kinds of timed event a HAN port reports, each feeding one performance measure per region.
 * An event has a start (command sent, alert raised) and an end (response delivered, alert delivered).
 */
public enum EventKind {
    /** Round Trip Time 2 test HAN Interface Command, TRT 22 hours (PM4.1). */
    RTT2("PM4.1"),
    /** Round Trip Time 3 test HAN Interface Command, TRT 2 hours (PM4.2). */
    RTT3("PM4.2"),
    /** Round Trip Time 4 test HAN Interface Command, TRT 25 seconds (PM4.3). */
    RTT4("PM4.3"),
    /** Category 2 HAN Interface Command delivered to the DCC WAN Gateway Interface (PM3.1). */
    CAT2_HAN_COMMAND("PM3.1"),
    /** Category 3 Alert delivered to the DCC WAN Gateway Interface (PM3.2). */
    CAT3_ALERT("PM3.2");

    private static final EventKind[] VALUES = values();

    private final String pmNumber;

    EventKind(String pmNumber) {
        this.pmNumber = pmNumber;
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
