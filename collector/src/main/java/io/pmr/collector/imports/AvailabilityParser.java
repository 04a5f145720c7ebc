package io.pmr.collector.imports;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** availability: {@code measure,kind,start,end}, kind {@code outage} or {@code maintenance}. */
final class AvailabilityParser implements KindParser<AvailabilityWindow> {
    private final MeasureCheck measures;

    AvailabilityParser(MeasureCheck measures) {
        this.measures = measures;
    }

    @Override
    public ImportKind kind() {
        return ImportKind.AVAILABILITY;
    }

    @Override
    public String keyColumn() {
        return "measure+kind+start+end";
    }

    @Override
    public AvailabilityWindow parse(RowFields row, ImportSource source) {
        MeasureDefinition measure = measures.measure(row, Set.of(MeasureKind.AVAILABILITY),
                "availability windows need an availability measure");
        AvailabilityWindow.Kind kind = null;
        String kindText = row.required("kind");
        if (kindText != null) {
            switch (kindText) {
                case "outage" -> kind = AvailabilityWindow.Kind.OUTAGE;
                case "maintenance" -> kind = AvailabilityWindow.Kind.MAINTENANCE;
                default -> row.problem("kind", "'" + kindText + "' is neither outage nor maintenance");
            }
        }
        Instant start = row.time("start");
        Instant end = row.time("end");
        if (start != null && end != null && !end.isAfter(start)) {
            row.problem("end", "end " + end + " is not after start " + start);
        }
        if (row.bad()) {
            return null;
        }
        return new AvailabilityWindow(measure.id(), kind, start, end, source);
    }

    @Override
    public List<String> key(AvailabilityWindow w) {
        return values(w);
    }

    @Override
    public List<String> values(AvailabilityWindow w) {
        return List.of(w.measureId(), w.kind().name().toLowerCase(Locale.ROOT), w.start().toString(),
                w.end().toString());
    }

    @Override
    public AvailabilityWindow decode(List<String> v, ImportSource source) {
        return new AvailabilityWindow(v.get(0), AvailabilityWindow.Kind.valueOf(v.get(1).toUpperCase(Locale.ROOT)),
                Instant.parse(v.get(2)), Instant.parse(v.get(3)), source);
    }
}
