package io.pmr.collector.imports;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * power-outages: {@code measure,event_id,started_at,hubs,alerts_within_trt}. An event of more than
 * {@value #LARGE_EVENT_HUBS} hubs belongs to a power_outage measure (PM12.2), a smaller one to a within_trt measure
 * (PM12.1).
 */
final class PowerOutageParser implements KindParser<PowerOutageEvent> {
    static final long LARGE_EVENT_HUBS = 50;
    private final MeasureCheck measures;

    PowerOutageParser(MeasureCheck measures) {
        this.measures = measures;
    }

    @Override
    public ImportKind kind() {
        return ImportKind.POWER_OUTAGES;
    }

    @Override
    public String keyColumn() {
        return "measure+event_id";
    }

    @Override
    public PowerOutageEvent parse(RowFields row, ImportSource source) {
        MeasureDefinition measure = measures.measure(row, Set.of(MeasureKind.POWER_OUTAGE, MeasureKind.WITHIN_TRT),
                "power outage events need a power_outage measure (more than 50 hubs) or a within_trt one (50 or fewer)");
        String eventId = row.required("event_id");
        Instant started = row.time("started_at");
        long hubs = row.count("hubs");
        long within = row.count("alerts_within_trt");
        if (hubs == 0) {
            row.problem("hubs", "must be at least 1");
        }
        if (hubs > 0 && within > hubs) {
            row.problem("alerts_within_trt", within + " exceeds hubs " + hubs);
        }
        if (measure != null && hubs > LARGE_EVENT_HUBS && measure.kind() != MeasureKind.POWER_OUTAGE) {
            row.problem("measure", "an event of " + hubs + " hubs (more than 50) belongs to a power_outage measure"
                    + " (PM12.2); " + measure.id() + " is " + measure.kind().code());
        }
        if (measure != null && hubs > 0 && hubs <= LARGE_EVENT_HUBS && measure.kind() != MeasureKind.WITHIN_TRT) {
            row.problem("measure", "an event of " + hubs + " hubs (50 or fewer) belongs to a within_trt measure"
                    + " (PM12.1); " + measure.id() + " is " + measure.kind().code());
        }
        if (row.bad()) {
            return null;
        }
        return new PowerOutageEvent(measure.id(), eventId, started, hubs, within, source);
    }

    @Override
    public List<String> key(PowerOutageEvent e) {
        return List.of(e.measureId(), e.eventId());
    }

    @Override
    public List<String> values(PowerOutageEvent e) {
        return List.of(e.measureId(), e.eventId(), e.startedAt().toString(), Long.toString(e.hubs()),
                Long.toString(e.alertsWithinTrt()));
    }

    @Override
    public PowerOutageEvent decode(List<String> v, ImportSource source) {
        return new PowerOutageEvent(v.get(0), v.get(1), Instant.parse(v.get(2)), Long.parseLong(v.get(3)),
                Long.parseLong(v.get(4)), source);
    }
}
