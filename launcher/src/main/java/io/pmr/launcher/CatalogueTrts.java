package io.pmr.launcher;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The TRT of each event kind, read from the catalogue, so the rig's truth, the agents' verdicts and the
 * collector's validation all use the one value the user edited.
 */
final class CatalogueTrts {
    private CatalogueTrts() {
    }

    /**
     * @throws IllegalArgumentException if a measure the rig feeds has no TRT, or if the regions disagree
     *                                  on a kind's TRT (the simulated rig applies one TRT per kind)
     */
    static Map<EventKind, Duration> of(Catalogue catalogue) {
        Map<EventKind, Duration> trts = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.all()) {
            for (Region region : Region.values()) {
                String id = kind.measureId(region);
                Duration trt = catalogue.trt(id).orElseThrow(() -> new IllegalArgumentException(
                        "catalogue measure " + id + " has no trt: set it in the catalogue's trt column"));
                Duration previous = trts.putIfAbsent(kind, trt);
                if (previous != null && !previous.equals(trt)) {
                    throw new IllegalArgumentException("catalogue trt of " + id + " is " + trt + " but another region's "
                            + kind + " measure has " + previous + ": the simulated rig needs one trt per kind");
                }
            }
        }
        return trts;
    }
}
