package io.pmr.hardware.rig;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.proto.v1.RigEventKind;
import io.pmr.proto.v1.RigHubVariant;

/** Mapping between the SPI's enums and the rig protocol's, and the protocol's limits. */
final class RigFrames {
    /** Largest frame either side accepts by default; a journal frame is well under 100 bytes. */
    static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

    /** By EventKind ordinal, every kind (per-device ones included); the proto names each RIG_EVENT_KIND_ + its SPI name. */
    private static final RigEventKind[] KINDS = new RigEventKind[EventKind.every().length];
    /** By RigEventKind number: the SPI kind, or null. */
    private static final EventKind[] BY_WIRE;

    static {
        int maxWire = 0;
        for (EventKind kind : EventKind.every()) {
            try {
                KINDS[kind.ordinal()] = RigEventKind.valueOf("RIG_EVENT_KIND_" + kind.name());
            } catch (IllegalArgumentException e) {
                // a kind newer than rig.proto: frames of it cannot travel until the schema names it
                KINDS[kind.ordinal()] = RigEventKind.RIG_EVENT_KIND_UNSPECIFIED;
            }
            maxWire = Math.max(maxWire, KINDS[kind.ordinal()].getNumber());
        }
        BY_WIRE = new EventKind[maxWire + 1];
        for (EventKind kind : EventKind.every()) {
            RigEventKind wire = KINDS[kind.ordinal()];
            if (wire != RigEventKind.RIG_EVENT_KIND_UNSPECIFIED) {
                BY_WIRE[wire.getNumber()] = kind;
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
        int number = kind.getNumber();
        return number < BY_WIRE.length ? BY_WIRE[number] : null;
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
