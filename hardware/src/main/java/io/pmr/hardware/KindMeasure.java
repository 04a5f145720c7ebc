package io.pmr.hardware;

import io.pmr.model.MeasureIds;

/**
 * Which measure an {@link EventKind}'s events feed in each region: a CSP's measure of the port's region
 * ({@code CSPN/PM4.3}), a service's measure that is the same whichever port sees the event ({@code DSP/PM1.1}), or a
 * measure whose number differs by region or that some regions do not have (SMWAN connectivity, the probes measured
 * from NORTH only). Immutable (the array is never handed out).
 *
 * @param provider   the provider of a measure that is not regional (e.g. {@code DSP}); null for the region's CSP
 * @param pmNumber   the measure number, e.g. {@code PM4.3} (NORTH's for a kind whose number differs by region)
 * @param pmByRegion per region ordinal, the number there (null: no measure in that region); null when every region
 *                   has {@code pmNumber}
 */
record KindMeasure(String provider, String pmNumber, String[] pmByRegion) {

    /** The measure {@code pmNumber} of the provider (null: the port's region's CSP) in every region. */
    static KindMeasure everywhere(String provider, String pmNumber) {
        return new KindMeasure(provider, pmNumber, null);
    }

    /** The measure {@code pmNumber} of the provider (null: that region's CSP), measured in one region only. */
    static KindMeasure onlyIn(String provider, String pmNumber, Region region) {
        String[] byRegion = new String[Region.values().length];
        byRegion[region.ordinal()] = pmNumber;
        return new KindMeasure(provider, pmNumber, byRegion);
    }

    /** A CSP measure whose number differs by region (null: no measure in that region). */
    static KindMeasure byRegion(String north, String central, String south) {
        return new KindMeasure(null, north, new String[] {north, central, south});
    }

    /** See {@link EventKind#measuredIn}. */
    boolean measuredIn(Region region) {
        return pmByRegion == null || pmByRegion[region.ordinal()] != null;
    }

    /** See {@link EventKind#regional}. */
    boolean regional() {
        return provider == null;
    }

    /** See {@link EventKind#measureId}. */
    String measureId(Region region) {
        String provider = this.provider == null ? region.providerCode() : this.provider;
        if (pmByRegion != null) {
            String pm = pmByRegion[region.ordinal()];
            return pm == null ? null : MeasureIds.of(provider, pm);
        }
        return MeasureIds.of(provider, pmNumber);
    }
}
