package io.pmr.hardware;

import io.pmr.model.MeasureIds;

/**
 * A CSP region of the smart-metering WAN. Each region's measures carry its provider code as prefix
 * (for example {@code CSPN/PM4.3}); the codes are the model's ({@link MeasureIds}).
 */
public enum Region {
    NORTH(MeasureIds.CSPN),
    CENTRAL(MeasureIds.CSPC),
    SOUTH(MeasureIds.CSPS);

    private final String providerCode;

    Region(String providerCode) {
        this.providerCode = providerCode;
    }

    /** The provider code used as measure id prefix, e.g. {@code CSPN}. */
    public String providerCode() {
        return providerCode;
    }

    /**
     * Parses a region name case-insensitively ({@code north}, {@code NORTH}) or its provider code.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Region parse(String value) {
        for (Region region : values()) {
            if (region.name().equalsIgnoreCase(value) || region.providerCode.equalsIgnoreCase(value)) {
                return region;
            }
        }
        throw new IllegalArgumentException("unknown region '" + value + "': expected one of north, central, south");
    }
}
