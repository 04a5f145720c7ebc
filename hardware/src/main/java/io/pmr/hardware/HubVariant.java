package io.pmr.hardware;

/** Communications Hub variant; the agent records each measure per variant (its scope). */
public enum HubVariant {
    /** Cellular hub. */
    SKU1,
    /** Cellular-and-mesh hub. */
    SKU2
}
