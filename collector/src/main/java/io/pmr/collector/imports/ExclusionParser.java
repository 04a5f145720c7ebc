package io.pmr.collector.imports;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/**
 * exclusions: {@code measure,scope,device_or_window,reason}; device_or_window is a device id, or {@code start/end}
 * (two ISO-8601 times); scope a hub variant such as {@code SKU1} or {@code *}.
 */
final class ExclusionParser implements KindParser<Exclusion> {
    private final MeasureCheck measures;

    ExclusionParser(MeasureCheck measures) {
        this.measures = measures;
    }

    @Override
    public ImportKind kind() {
        return ImportKind.EXCLUSIONS;
    }

    @Override
    public String keyColumn() {
        return "measure+scope+device_or_window+reason";
    }

    @Override
    public Exclusion parse(RowFields row, ImportSource source) {
        MeasureDefinition measure = measures.measure(row, EnumSet.allOf(MeasureKind.class), "");
        String scope = row.required("scope");
        String target = row.required("device_or_window");
        String device = null;
        Instant start = null;
        Instant end = null;
        if (target != null) {
            int slash = target.indexOf('/');
            if (slash < 0) {
                device = target;
            } else {
                start = row.parseTime("device_or_window", target.substring(0, slash).strip());
                end = row.parseTime("device_or_window", target.substring(slash + 1).strip());
                if (start != null && end != null && !end.isAfter(start)) {
                    row.problem("device_or_window", "window end " + end + " is not after start " + start);
                }
            }
        }
        String reason = row.required("reason");
        if (row.bad()) {
            return null;
        }
        return new Exclusion(measure.id(), scope, device, start, end, reason, source);
    }

    @Override
    public List<String> key(Exclusion e) {
        return values(e);
    }

    @Override
    public List<String> values(Exclusion e) {
        String target = e.isWindow() ? e.windowStart() + "/" + e.windowEnd() : e.deviceId();
        return List.of(e.measureId(), e.scope(), target, e.reason());
    }

    @Override
    public Exclusion decode(List<String> v, ImportSource source) {
        String target = v.get(2);
        int slash = target.indexOf('/');
        if (slash < 0) {
            return new Exclusion(v.get(0), v.get(1), target, null, null, v.get(3), source);
        }
        return new Exclusion(v.get(0), v.get(1), null, Instant.parse(target.substring(0, slash)),
                Instant.parse(target.substring(slash + 1)), v.get(3), source);
    }
}
