package io.pmr.launcher;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.hardware.sim.GroundTruth;
import io.pmr.hardware.sim.TruthRow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rig's ground truth for the report period, as {@code ground-truth.json}: per measure the true
 * number of events (denominator) and of events within TRT (numerator). Composite rows are the sums of
 * their contributors' true counts, contributions read from the catalogue.
 *
 * <p>Shape: {@code {"period": "2020-09", "seed": 7, "hubs": 300, "measures": [{"id": "CSPN/PM4.3",
 * "numerator": 1234, "denominator": 1240, "lost": 3, "failed": 2, "late_ends": 9}, ...]}}.
 */
record GroundTruthFile(String period, long seed, int hubs, List<Entry> measures) {

    /** One measure's truth; a composite's is the sum of its contributors'. */
    record Entry(String id, long numerator, long denominator, long lost, long failed, long lateEnds) {
        static Entry of(TruthRow row) {
            return new Entry(row.measureId(), row.withinTrt(), row.events(), row.lost(), row.failed(), row.lateEnds());
        }

        Entry renamed(String newId) {
            return new Entry(newId, numerator, denominator, lost, failed, lateEnds);
        }

        Entry plus(Entry other) {
            return new Entry(id, numerator + other.numerator, denominator + other.denominator, lost + other.lost,
                    failed + other.failed, lateEnds + other.lateEnds);
        }
    }

    static GroundTruthFile of(GroundTruth truth, Catalogue catalogue, DemoOptions options) {
        Map<String, TruthRow> byId = new LinkedHashMap<>();
        for (TruthRow row : truth.rows(options.period())) {
            byId.put(row.measureId(), row);
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (MeasureDefinition measure : catalogue.measures()) {
            if (measure.kind() == MeasureKind.COMPOSITE) {
                Entry sum = null;
                for (MeasureDefinition contributor : catalogue.contributorsOf(measure.id())) {
                    TruthRow row = byId.get(contributor.id());
                    if (row != null) {
                        Entry part = Entry.of(row);
                        sum = sum == null ? part.renamed(measure.id()) : sum.plus(part);
                    }
                }
                if (sum != null) {
                    entries.add(sum);
                }
            } else if (byId.containsKey(measure.id())) {
                entries.add(Entry.of(byId.get(measure.id())));
                used.add(measure.id());
            }
        }
        if (!used.containsAll(byId.keySet())) {
            Set<String> unknown = new TreeSet<>(byId.keySet());
            unknown.removeAll(used);
            throw new IllegalStateException("the rig feeds measures the catalogue does not have: " + unknown);
        }
        return new GroundTruthFile(options.period().toString(), options.seed(), options.hubs(), List.copyOf(entries));
    }

    void write(Path path) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("period", period);
        root.put("seed", seed);
        root.put("hubs", hubs);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry entry : measures) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", entry.id());
            m.put("numerator", entry.numerator());
            m.put("denominator", entry.denominator());
            m.put("lost", entry.lost());
            m.put("failed", entry.failed());
            m.put("late_ends", entry.lateEnds());
            list.add(m);
        }
        root.put("measures", list);
        try {
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .writer(new DefaultPrettyPrinter())
                    .writeValue(path.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
