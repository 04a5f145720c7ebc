package io.pmr.hardware;

import io.pmr.model.MeasureIds;
import io.pmr.model.Trt;
import io.pmr.model.TrtRule;

import static io.pmr.model.MeasureIds.*; // the measure numbers and provider codes this vocabulary names

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The kinds of timed event a HAN port reports, each feeding one performance measure per region
 * ({@link #measureId}, built from the model's {@link MeasureIds} vocabulary). An event has a start (command sent,
 * alert raised, payload started, hub installed) and
 * an end (response delivered, alert delivered, payload completed, hub first connected).
 *
 * <p>The five {@link #classic()} kinds are what ports, agents and the rig handle by default ({@link #all()},
 * {@link #defaultTrts()}). The others come with the whole simulation: {@link #perDevice()} kinds whose
 * measures count hubs or outages from one record per event, DSP service timings whose measure is not
 * {@link #regional()}, the {@link #availabilityProbe() availability probes}, and the {@link #smwanConnectivity() SMWAN connectivity} kinds
 * (a measure number that may differ by region). Their
 * default TRTs are placeholders where the report leaves the TRT blank. Ordinals of existing constants never
 * change; new constants are appended.
 */
public enum EventKind {
    /** Round Trip Time 2 test HAN Interface Command, TRT 22 hours (PM4.1). */
    RTT2(PM4_1, Duration.ofHours(22)),
    /** Round Trip Time 3 test HAN Interface Command, TRT 2 hours (PM4.2). */
    RTT3(PM4_2, Duration.ofHours(2)),
    /** Round Trip Time 4 test HAN Interface Command, TRT 25 seconds (PM4.3). */
    RTT4(PM4_3, Duration.ofSeconds(25)),
    /** Category 2 HAN Interface Command delivered to the DCC WAN Gateway Interface (PM3.1). */
    CAT2_HAN_COMMAND(PM3_1, Duration.ofSeconds(30)),
    /** Category 3 Alert delivered to the DCC WAN Gateway Interface (PM3.2). */
    CAT3_ALERT(PM3_2, Duration.ofSeconds(60)),
    /**
     * Category 1 firmware payload transferred to one hub (PM2), per device: start = transfer started, end =
     * payload completed (or failed). Every attempt of one payload carries the payload's group id. The measure
     * counts hubs, not attempts. Default TRT 24 h is a placeholder (the report leaves it blank).
     */
    CAT1_FIRMWARE_PAYLOAD(PM2, Duration.ofHours(24), true),
    /**
     * Communications Hub power-loss alert of a power outage event, per device: start = power lost (alert
     * raised), end = alert delivered. The group id is the outage. Reported under PM12.2; the collector
     * routes outages of 50 hubs or fewer to PM12.1. Default TRT 60 s is a placeholder (the report leaves it
     * blank).
     */
    POWER_LOSS_ALERT(PM12_2, Duration.ofSeconds(60), true),
    /** DSP Service Request Time (DSP/PM1.1, not regional). Default TRT 30 s is a placeholder. */
    DSP_SERVICE_REQUEST(PM1_1, Duration.ofSeconds(30), false, DSP),
    /** DSP Service Response Time (DSP/PM1.2, not regional). Default TRT 30 s is a placeholder. */
    DSP_SERVICE_RESPONSE(PM1_2, Duration.ofSeconds(30), false, DSP),
    /** DSP Service Request Scheduling Time (DSP/PM1.3, not regional). Default TRT 30 s is a placeholder. */
    DSP_SCHEDULING(PM1_3, Duration.ofSeconds(30), false, DSP),
    /** DCC Service Request Time (DSP/PM1.4, not regional). Default TRT 30 s is a placeholder. */
    DCC_SERVICE_REQUEST(PM1_4, Duration.ofSeconds(30), false, DSP),
    /** DSP Alert Response Time (DSP/PM1.5, not regional). Default TRT 60 s is a placeholder. */
    DSP_ALERT_RESPONSE(PM1_5, Duration.ofSeconds(60), false, DSP),
    /**
     * First-time SMWAN connectivity of a newly installed hub within 30 days, per device: start = install, end =
     * first SMWAN connection (none when it never connects). Measured in NORTH only ({@code CSPN/PM1.2}); the
     * other regions have no such measure ({@link #measureId} is null there).
     */
    SMWAN_CONNECTION_30D(Duration.ofDays(30), PM1_2, null, null),
    /**
     * First-time SMWAN connectivity of a newly installed hub within 90 days, per device: the same install and
     * connection as {@link #SMWAN_CONNECTION_30D} (a port reports one install once per measure it feeds), under
     * {@code CSPN/PM1.3} in NORTH and {@code CSPC/PM1.2}, {@code CSPS/PM1.2} in the others.
     */
    SMWAN_CONNECTION_90D(Duration.ofDays(90), PM1_3, PM1_2, PM1_2),
    /**
     * An availability probe of the DCC WAN Gateway Interface ({@code CSPx/PM6.2}, per region): start = probe sent,
     * end = answered (success) or an error (failure); none when the probe is lost. A probe is <em>up</em> when it
     * is answered successfully within the probe timeout (this kind's TRT: 2 s by default, a placeholder the agent
     * takes from its settings; the catalogue keeps the availability measure's TRT blank). The agent turns probe
     * verdicts into down windows ({@link #availabilityProbe()}); the measure counts seconds, not events.
     */
    AVAILABILITY_PROBE(null, PM6_2, (Region) null),
    /**
     * First-time SMWAN connectivity of a newly installed hub at install, per device: the same install and
     * connection as {@link #SMWAN_CONNECTION_30D} and {@link #SMWAN_CONNECTION_90D}, under {@code CSPx/PM1.1} in
     * every region. Default TRT 1 h is a placeholder (the report leaves it blank): connected before the installer
     * leaves.
     */
    SMWAN_CONNECTION_AT_INSTALL(Duration.ofHours(1), PM1_1, PM1_1, PM1_1),
    /**
     * An availability probe of the DCC Data Service ({@code DSP/PM2.1}), as {@link #AVAILABILITY_PROBE}. The DSP is
     * one service, probed from one vantage point: the NORTH port ({@link #measuredIn} is false elsewhere), so its
     * down windows are one agent's view and never a union of three.
     */
    DSP_DATA_SERVICE_PROBE(DSP, PM2_1, Region.NORTH),
    /** An availability probe of the DCC User Interface ({@code DSP/PM2.2}), from NORTH as {@link #DSP_DATA_SERVICE_PROBE}. */
    DSP_USER_INTERFACE_PROBE(DSP, PM2_2, Region.NORTH),
    /** An availability probe of DCC Service Management ({@code DSP/PM2.3}), from NORTH as {@link #DSP_DATA_SERVICE_PROBE}. */
    DSP_SERVICE_MANAGEMENT_PROBE(DSP, PM2_3, Region.NORTH),
    /**
     * An availability probe of the Self Service Interface ({@code DSP/PM2.4}, the contributor of CPM6), from NORTH as
     * {@link #DSP_DATA_SERVICE_PROBE}.
     */
    DSP_SELF_SERVICE_PROBE(DSP, PM2_4, Region.NORTH),
    /**
     * An availability probe of the Average Interface, DCC internal availability ({@code DSP/PM2.5}), from NORTH as
     * {@link #DSP_DATA_SERVICE_PROBE}.
     */
    DSP_AVERAGE_INTERFACE_PROBE(DSP, PM2_5, Region.NORTH),
    /** An availability probe of the Test services ({@code DSP/PM2.7}), from NORTH as {@link #DSP_DATA_SERVICE_PROBE}. */
    DSP_TEST_SERVICES_PROBE(DSP, PM2_7, Region.NORTH),
    /**
     * An availability probe of the CSP North Access Nodes ({@code CSPN/PM6.3}), as {@link #AVAILABILITY_PROBE}, in
     * NORTH only (the other regions have no such measure).
     */
    ACCESS_NODE_PROBE(null, PM6_3, Region.NORTH),
    /**
     * S1SP SIE Countersigned Service Request Time ({@code S1SP-SIE/PM1.1}, not regional, a contributor of CPM1): start =
     * a SMETS1 service request received at the S1SP interface, end = the countersigned request handed on (or a
     * failure). Default TRT 30 s is a placeholder (the report leaves it blank).
     */
    S1SP_SIE_SERVICE_REQUEST(PM1_1, Duration.ofSeconds(30), false, S1SP_SIE),
    /**
     * S1SP Capgemini Countersigned Service Request Time ({@code S1SP-CAP/PM1.1}, not regional, a contributor of CPM1),
     * as {@link #S1SP_SIE_SERVICE_REQUEST}. Default TRT 30 s is a placeholder.
     */
    S1SP_CAP_SERVICE_REQUEST(PM1_1, Duration.ofSeconds(30), false, S1SP_CAP),
    /**
     * S1SP SIE SMETS1 Alert Response Time ({@code S1SP-SIE/PM1.5}, not regional, a contributor of CPM3): start = a
     * SMETS1 alert received from the device at the S1SP, end = the alert delivered at the DCC interface. Default TRT
     * 60 s is a placeholder (the report leaves it blank).
     */
    S1SP_SIE_ALERT_RESPONSE(PM1_5, Duration.ofSeconds(60), false, S1SP_SIE),
    /**
     * The daily SMWAN connectivity check of one installed hub, per device, for the SMWAN connectivity level
     * ({@code CSPN/PM1.4}, {@code CSPC/PM1.3}, {@code CSPS/PM1.3}; pmr's rule: {@link io.pmr.model.SmwanLevelRule}):
     * start = the check sent at 12:00 UK time, end = the hub answered (success: it has SMWAN connectivity) or an
     * error; none when the hub does not answer. A start whose group id is not 0 is a hub-day on the exclusion list
     * (the hub is out of scope that UK day). Default TRT 60 s, the check timeout, is a placeholder: the catalogue
     * keeps the availability measure's TRT blank. The measure counts hub-days, not events.
     */
    SMWAN_CONNECTIVITY_CHECK(Duration.ofSeconds(60), PM1_4, PM1_3, PM1_3),
    /**
     * A batch request for device certificates at the SMKI interface ({@code TSP/PM1.1}, not regional): start = batch
     * received, end = certificates available. Its TRT is not a duration: {@code by 06:59 next day in 07:00-18:00}, a
     * UK wall-clock deadline, counting only batches received 07:00-18:00 UK time ({@link #defaultRule()}).
     */
    SMKI_BATCH_CERTIFICATE(TSP, PM1_1, "by 06:59 next day in 07:00-18:00"),
    /** A single certificate request via the RA System ({@code TSP/PM1.4}, not regional), TRT 30 s. */
    SMKI_RA_CERTIFICATE(TSP, PM1_4, "30s"),
    /**
     * A single certificate request via the system to system interface ({@code TSP/PM1.7}, not regional): 15 s,
     * counting only requests received in core service hours ({@code 15s in core hours}).
     */
    SMKI_S2S_CERTIFICATE(TSP, PM1_7, "15s in core hours"),
    /** A processed certificate or binding made available to the PKI repository ({@code TSP/PM1.8}), TRT 10 s. */
    SMKI_REPOSITORY_PUBLISH(TSP, PM1_8, "10s"),
    /**
     * A document retrieval from the SMKI Repository ({@code DSP/PM13}, not regional). Default TRT 30 s is a
     * placeholder (the report leaves it blank).
     */
    SMKI_REPOSITORY_DOCUMENT(DSP, PM13, "30s");

    private static final EventKind[] VALUES = values();
    private static final EventKind[] CLASSIC = {RTT2, RTT3, RTT4, CAT2_HAN_COMMAND, CAT3_ALERT};

    private static final Map<EventKind, Duration> DEFAULT_TRTS;

    static {
        EnumMap<EventKind, Duration> classic = new EnumMap<>(EventKind.class);
        for (EventKind kind : CLASSIC) {
            classic.put(kind, kind.defaultTrt);
        }
        DEFAULT_TRTS = Collections.unmodifiableMap(classic);
    }

    private final Duration defaultTrt;
    private final boolean perDevice;
    /** The measure this kind's events feed in each region. */
    private final KindMeasure measure;
    /** Whether events of this kind are availability probes (see {@link #availabilityProbe()}). */
    private final boolean probe;
    /** The shipped catalogue's rule: {@code TrtRule.of(defaultTrt)} but for the SMKI kinds' own. */
    private final TrtRule defaultRule;

    EventKind(String pmNumber, Duration defaultTrt) {
        this(pmNumber, defaultTrt, false);
    }

    EventKind(String pmNumber, Duration defaultTrt, boolean perDevice) {
        this(pmNumber, defaultTrt, perDevice, null);
    }

    EventKind(String pmNumber, Duration defaultTrt, boolean perDevice, String provider) {
        this(defaultTrt, perDevice, KindMeasure.everywhere(provider, pmNumber), false, TrtRule.of(defaultTrt));
    }

    /**
     * An availability probe kind: {@code provider} null for a CSP measure of the port's region, {@code onlyIn} null
     * when every region probes it. Its default TRT is the probe timeout placeholder, 2 s.
     */
    EventKind(String provider, String pmNumber, Region onlyIn) {
        this(Duration.ofSeconds(2), false, onlyIn == null ? KindMeasure.everywhere(provider, pmNumber)
                : KindMeasure.onlyIn(provider, pmNumber, onlyIn), true, TrtRule.of(Duration.ofSeconds(2)));
    }

    /**
     * An SMKI request/response kind (not regional) with the shipped catalogue's TRT text: a duration, or a wall-clock
     * deadline and an hours condition. Its {@link #defaultTrt()} is the rule's duration, or for a wall-clock deadline
     * the nominal 1 day (never a verdict: the deadline is per event).
     */
    EventKind(String provider, String pmNumber, String ruleText) {
        this(Trt.parseRule(ruleText), KindMeasure.everywhere(provider, pmNumber));
    }

    private EventKind(TrtRule rule, KindMeasure measure) {
        this(rule.duration() != null ? rule.duration() : Duration.ofDays(1), false, measure, false, rule);
    }

    /** A per-device kind whose measure number differs by region (null: no measure in that region). */
    EventKind(Duration defaultTrt, String north, String central, String south) {
        this(defaultTrt, true, KindMeasure.byRegion(north, central, south), false, TrtRule.of(defaultTrt));
    }

    private EventKind(Duration defaultTrt, boolean perDevice, KindMeasure measure, boolean probe, TrtRule defaultRule) {
        this.defaultTrt = defaultTrt;
        this.perDevice = perDevice;
        this.measure = measure;
        this.probe = probe;
        this.defaultRule = defaultRule;
    }

    /**
     * Whether this is an SMKI request/response kind (certificate requests, repository publications and retrievals:
     * {@code TSP/PM1.1}, {@code PM1.4}, {@code PM1.7}, {@code PM1.8}, {@code DSP/PM13}), whose TRT may be a wall-clock
     * deadline or carry an hours condition ({@link #defaultRule()}).
     */
    public boolean smki() {
        return ordinal() >= SMKI_BATCH_CERTIFICATE.ordinal() && ordinal() <= SMKI_REPOSITORY_DOCUMENT.ordinal();
    }

    /**
     * The TRT rule of the shipped catalogue for this kind: {@code TrtRule.of(defaultTrt())}, except for the SMKI kinds
     * that have a wall-clock deadline or an hours condition ({@code TSP/PM1.1}, {@code TSP/PM1.7}). The simulated rig
     * applies these conditions (a catalogue may change only a rule's duration there).
     */
    public TrtRule defaultRule() {
        return defaultRule;
    }

    /**
     * Whether this kind is the daily SMWAN connectivity check of the connectivity level ({@link #SMWAN_CONNECTIVITY_CHECK}):
     * per device, one event per hub per UK day, counted in hub-days; its TRT is the check timeout (like an availability
     * probe's, the agent's own when the catalogue leaves it blank).
     */
    public boolean smwanLevel() {
        return this == SMWAN_CONNECTIVITY_CHECK;
    }

    /**
     * Whether this kind is a SMETS1 service provider timing ({@code S1SP-SIE/PM1.1}, {@code S1SP-CAP/PM1.1},
     * {@code S1SP-SIE/PM1.5}): a service timing that is not regional, seen at an S1SP interface.
     */
    public boolean smets1Timing() {
        return this == S1SP_SIE_SERVICE_REQUEST || this == S1SP_CAP_SERVICE_REQUEST || this == S1SP_SIE_ALERT_RESPONSE;
    }

    /**
     * Whether this kind has a measure in the region: every kind but, outside NORTH, the SMWAN 30-day one and the
     * probes measured from NORTH only (the DSP interfaces, the CSPN Access Nodes).
     */
    public boolean measuredIn(Region region) {
        return measure.measuredIn(region);
    }

    /**
     * Whether this kind is a first-time SMWAN connectivity kind (at install, within 30 days, within 90 days):
     * start = hub installed, end = first SMWAN connection; one event per install per measure.
     */
    public boolean smwanConnectivity() {
        return this == SMWAN_CONNECTION_30D || this == SMWAN_CONNECTION_90D || this == SMWAN_CONNECTION_AT_INSTALL;
    }

    /**
     * Whether the measure id depends on the region (a CSP's {@code CSPN/PM4.3}); false for a service's
     * measure that is the same whichever port sees the event ({@code DSP/PM1.1}).
     */
    public boolean regional() {
        return measure.regional();
    }

    /**
     * Whether a measure of this kind needs one record per event (device id, outcome, group), not only the
     * interval counts: a port reports such events with {@link HanListener#onDeviceStart}.
     */
    public boolean perDevice() {
        return perDevice;
    }

    /**
     * Whether events of this kind are availability probes: their verdicts become down windows of an
     * {@code availability} measure, not a share of events within TRT: {@link #AVAILABILITY_PROBE} ({@code CSPx/PM6.2}),
     * the DSP interface probes ({@code DSP/PM2.1} to {@code PM2.5}, {@code PM2.7}) and {@link #ACCESS_NODE_PROBE}
     * ({@code CSPN/PM6.3}).
     */
    public boolean availabilityProbe() {
        return probe;
    }

    /**
     * Whether this is one of the five kinds a HAN port reported before the whole simulation (RTT2/3/4, CAT2,
     * CAT3): {@link #defaultTrts()} lists exactly these.
     */
    public boolean classic() {
        return ordinal() <= CAT3_ALERT.ordinal();
    }

    /**
     * The TRT used when no catalogue says otherwise: the report's 22 h, 2 h and 25 s for the round-trip
     * tests; 30 s and 60 s for Category 2 commands and Category 3 alerts are placeholders (the report leaves
     * them blank) that a user sets in the catalogue.
     */
    public Duration defaultTrt() {
        return defaultTrt;
    }

    /**
     * The {@link #defaultTrt()} of the five {@link #classic()} kinds (RTT2, RTT3, RTT4, CAT2, CAT3): what an
     * agent measures and a rig generates unless asked for more; unmodifiable.
     */
    public static Map<EventKind, Duration> defaultTrts() {
        return DEFAULT_TRTS;
    }

    /** The provider measure number, e.g. {@code PM4.3} (in NORTH for a kind whose number differs by region). */
    public String pmNumber() {
        return measure.pmNumber();
    }

    /**
     * The catalogue id of this kind's measure in a region, e.g. {@code CSPN/PM4.3}; for a kind that is not
     * {@link #regional()} the same in every region, e.g. {@code DSP/PM1.1}; for a kind whose number differs by
     * region its number there (SMWAN connectivity), or null when it has no measure in the region (see
     * {@link #measuredIn}).
     */
    public String measureId(Region region) {
        return measure.measureId(region);
    }

    /**
     * The five {@link #classic()} kinds (RTT2, RTT3, RTT4, CAT2, CAT3), in ordinal order, without a defensive
     * copy: what every caller written before the whole simulation iterates (a HAN port's kinds, the catalogue
     * TRTs, the trace tap's names). {@code all()[kind.ordinal()] == kind} for each of them. Do not modify.
     * For every kind, the per-device ones included, use {@link #every()}.
     */
    public static EventKind[] all() {
        return CLASSIC;
    }

    /** Every kind, per-device ones included, without the defensive copy of {@link #values()}. Do not modify. */
    public static EventKind[] every() {
        return VALUES;
    }
}
