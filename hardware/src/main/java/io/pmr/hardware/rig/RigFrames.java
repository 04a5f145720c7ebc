package io.pmr.hardware.rig;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.proto.v1.RigEventKind;
import io.pmr.proto.v1.RigHubVariant;

/** Mapping between the SPI's enums and the rig protocol's, and the protocol's limits. */
final class RigFrames {
    /** Largest frame either side accepts by default; a journal frame is well under 100 bytes. */
    static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

    /** By EventKind ordinal; the proto names each kind RIG_EVENT_KIND_ + its SPI name. */
    private static final RigEventKind[] KINDS = new RigEventKind[EventKind.all().length];

    static {
        for (EventKind kind : EventKind.all()) {
            try {
                KINDS[kind.ordinal()] = RigEventKind.valueOf("RIG_EVENT_KIND_" + kind.name());
            } catch (IllegalArgumentException e) {
                // a kind newer than rig.proto: frames of it cannot travel until the schema names it
                KINDS[kind.ordinal()] = RigEventKind.RIG_EVENT_KIND_UNSPECIFIED;
            }
        }
    }

    private RigFrames() {
    }

    /** The wire kind; {@code RIG_EVENT_KIND_UNSPECIFIED} for a kind the schema does not name yet. */
    static RigEventKind kind(EventKind kind) {
        return KINDS[kind.ordinal()];
    }

    /** The SPI kind, or null for an unknown or unspecified value (the caller rejects the frame). */
    static EventKind kind(RigEventKind kind) {
        if (kind == RigEventKind.RIG_EVENT_KIND_UNSPECIFIED || kind == RigEventKind.UNRECOGNIZED) {
            return null;
        }
        for (EventKind candidate : EventKind.all()) {
            if (KINDS[candidate.ordinal()] == kind) {
                return candidate;
            }
        }
        return null;
    }

    static RigHubVariant variant(HubVariant variant) {
        return variant == HubVariant.SKU1 ? RigHubVariant.RIG_HUB_VARIANT_SKU1 : RigHubVariant.RIG_HUB_VARIANT_SKU2;
    }

    /** The SPI variant, or null for an unknown or unspecified value. */
    static HubVariant variant(RigHubVariant variant) {
        return switch (variant) {
            case RIG_HUB_VARIANT_SKU1 -> HubVariant.SKU1;
            case RIG_HUB_VARIANT_SKU2 -> HubVariant.SKU2;
            default -> null;
        };
    }
}
