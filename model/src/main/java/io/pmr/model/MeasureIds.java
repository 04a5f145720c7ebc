package io.pmr.model;

import java.util.List;

/**
 * Measure ids as the catalogue, agents and the rig write them: {@code <provider>/<number>}, e.g. {@code CSPN/PM4.3}
 * or {@code DSP/PM1.1}, and the vocabulary they are built from: the providers' codes (the three CSP regions and the
 * DSP), the numbers of the measures agents feed, and the hub variants that scope them. Stateless; thread-safe.
 */
public final class MeasureIds {
    /** Provider code of the CSP North region. */
    public static final String CSPN = "CSPN";
    /** Provider code of the CSP Central region. */
    public static final String CSPC = "CSPC";
    /** Provider code of the CSP South region. */
    public static final String CSPS = "CSPS";
    /** Provider code of the DSP (measures that are not regional). */
    public static final String DSP = "DSP";
    /** Provider code of the SMETS1 service provider SIE (S1SP SIE; measures that are not regional). */
    public static final String S1SP_SIE = "S1SP-SIE";
    /** Provider code of the SMETS1 service provider Capgemini (S1SP Capgemini; measures that are not regional). */
    public static final String S1SP_CAP = "S1SP-CAP";

    /** Provider code of the TSP, the SMKI certificate service (measures that are not regional). */
    public static final String TSP = "TSP";

    /**
     * First-time SMWAN connectivity at install (CSP); DSP Service Request Time (DSP); S1SP Countersigned Service
     * Request Time (S1SP SIE, S1SP Capgemini); batch device certificates (TSP).
     */
    public static final String PM1_1 = "PM1.1";
    /** First-time SMWAN connectivity within 30 days (CSPN) or 90 days (CSPC, CSPS); DSP Service Response Time. */
    public static final String PM1_2 = "PM1.2";
    /**
     * First-time SMWAN connectivity within 90 days (CSPN); SMWAN connectivity level (CSPC, CSPS); DSP Service Request
     * Scheduling Time.
     */
    public static final String PM1_3 = "PM1.3";
    /**
     * DCC Service Request Time (DSP); SMWAN connectivity level (CSPN); single certificate requests via the RA System
     * (TSP).
     */
    public static final String PM1_4 = "PM1.4";
    /** DSP Alert Response Time (DSP); S1SP SMETS1 Alert Response Time (S1SP SIE). */
    public static final String PM1_5 = "PM1.5";
    /** Service availability of the DCC Data Service (DSP), probed. */
    public static final String PM2_1 = "PM2.1";
    /** Service availability of the DCC User Interface (DSP), probed. */
    public static final String PM2_2 = "PM2.2";
    /** Service availability of DCC Service Management (DSP), probed. */
    public static final String PM2_3 = "PM2.3";
    /** Service availability of the Self Service Interface (DSP), probed. */
    public static final String PM2_4 = "PM2.4";
    /** Service availability of the Average Interface, DCC internal (DSP), probed. */
    public static final String PM2_5 = "PM2.5";
    /** Service availability of the Test services (DSP), probed. */
    public static final String PM2_7 = "PM2.7";
    /** Access Node availability (CSPN), probed. */
    public static final String PM6_3 = "PM6.3";
    /** Category 1 firmware payloads delivered (CSP, per hub). */
    public static final String PM2 = "PM2";
    /** Category 2 HAN Interface Commands delivered (CSP). */
    public static final String PM3_1 = "PM3.1";
    /** Category 3 Alerts delivered (CSP). */
    public static final String PM3_2 = "PM3.2";
    /** Round Trip Time 2 test HAN Interface Commands (CSP, TRT 22 h). */
    public static final String PM4_1 = "PM4.1";
    /** Round Trip Time 3 test HAN Interface Commands (CSP, TRT 2 h). */
    public static final String PM4_2 = "PM4.2";
    /** Round Trip Time 4 test HAN Interface Commands (CSP, TRT 25 s). */
    public static final String PM4_3 = "PM4.3";
    /** Availability of the DCC WAN Gateway Interface, probed (CSP). */
    public static final String PM6_2 = "PM6.2";
    /** Power outage alerts of outages of 50 hubs or fewer (CSP). */
    public static final String PM12_1 = "PM12.1";
    /** Power outage alerts of outages of more than 50 hubs (CSP). */
    public static final String PM12_2 = "PM12.2";
    /** Single certificate request via the system to system interface in core service hours (TSP, SMKI). */
    public static final String PM1_7 = "PM1.7";
    /** Processed certificate or binding made available to the PKI repository (TSP, SMKI). */
    public static final String PM1_8 = "PM1.8";
    /** Documents stored on the SMKI Repository delivered (DSP, SMKI). */
    public static final String PM13 = "PM13";

    /** The hub variants a measure is scoped by (an interval's {@code scope}), in wire order. */
    public static final List<String> HUB_VARIANTS = List.of("SKU1", "SKU2");

    private MeasureIds() {
    }

    /** {@code <provider>/<number>}, e.g. {@code of("CSPN", "PM4.3")} is {@code CSPN/PM4.3}. */
    public static String of(String provider, String number) {
        return provider + "/" + number;
    }

    /**
     * The provider part of an id, e.g. {@code CSPN} of {@code CSPN/PM4.3}.
     *
     * @throws IllegalArgumentException if the id is not {@code <provider>/<number>}
     */
    public static String provider(String measureId) {
        return measureId.substring(0, slash(measureId));
    }

    /**
     * The number part of an id, e.g. {@code PM4.3} of {@code CSPN/PM4.3}.
     *
     * @throws IllegalArgumentException if the id is not {@code <provider>/<number>}
     */
    public static String number(String measureId) {
        return measureId.substring(slash(measureId) + 1);
    }

    /** The id of the same provider's measure with another number, e.g. {@code CSPN/PM12.1} beside {@code CSPN/PM12.2}. */
    public static String sibling(String measureId, String number) {
        return of(provider(measureId), number);
    }

    private static int slash(String measureId) {
        int slash = measureId.indexOf('/');
        if (slash <= 0 || slash == measureId.length() - 1 || measureId.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("measure id '" + measureId + "' is not <provider>/<number>, e.g. CSPN/PM4.3");
        }
        return slash;
    }
}
