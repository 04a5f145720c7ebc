package io.pmr.collector.catalogue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The measure catalogue: every measure of the monthly report with its kind, TRT, target, minimum and the composite
 * it contributes to. It is configuration a user edits (CSV, see {@code catalogue/measures.csv}), not code. Loading
 * is all or nothing: a broken line fails the load with a message naming the file, the line and what is wrong.
 * Immutable and thread-safe.
 */
public final class Catalogue {
    /** Classpath location of the catalogue shipped with the product. */
    public static final String SHIPPED_RESOURCE = "catalogue/measures.csv";

    private final String source;
    private final List<MeasureDefinition> measures;
    private final Map<String, MeasureDefinition> byId;

    private Catalogue(String source, List<MeasureDefinition> measures) {
        this.source = source;
        this.measures = List.copyOf(measures);
        Map<String, MeasureDefinition> index = new LinkedHashMap<>();
        for (MeasureDefinition measure : measures) {
            index.put(measure.id(), measure);
        }
        this.byId = Collections.unmodifiableMap(index);
    }

    /** The catalogue shipped as resource {@value #SHIPPED_RESOURCE}. */
    public static Catalogue shipped() {
        String name = "classpath:" + SHIPPED_RESOURCE;
        InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(SHIPPED_RESOURCE);
        if (in == null) {
            throw new CatalogueException(name + ": resource not found");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(name, reader);
        } catch (IOException e) {
            throw new CatalogueException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Loads a catalogue file (UTF-8 CSV, the format of the shipped one). */
    public static Catalogue load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        } catch (IOException e) {
            throw new CatalogueException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses catalogue text; {@code source} names it in error messages. */
    public static Catalogue parse(String source, Reader text) {
        List<MeasureDefinition> measures = new ArrayList<>();
        Map<String, MeasureDefinition> seen = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(text)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                MeasureDefinition measure;
                try {
                    measure = CatalogueRow.parse(line, lineNumber);
                } catch (IllegalArgumentException e) {
                    throw new CatalogueException(source + ":" + lineNumber + ": " + e.getMessage(), e);
                }
                MeasureDefinition previous = seen.putIfAbsent(measure.id(), measure);
                if (previous != null) {
                    throw new CatalogueException(source + ":" + lineNumber + ": duplicate id '" + measure.id()
                            + "' (first on line " + previous.lineNumber() + ")");
                }
                measures.add(measure);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read", e);
        }
        for (MeasureDefinition measure : measures) {
            String target = measure.contributesTo();
            if (target == null) {
                continue;
            }
            MeasureDefinition composite = seen.get(target);
            if (composite == null || composite.kind() != MeasureKind.COMPOSITE) {
                throw new CatalogueException(source + ":" + measure.lineNumber() + ": contributes_to '" + target
                        + "' is not the id of a composite measure in this catalogue");
            }
        }
        return new Catalogue(source, measures);
    }

    /** Every measure, in catalogue order. */
    public List<MeasureDefinition> measures() {
        return measures;
    }

    /** The measure with this id. */
    public Optional<MeasureDefinition> measure(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The TRT of a measure; empty when the measure is unknown or its TRT is blank. */
    public Optional<Duration> trt(String id) {
        MeasureDefinition measure = byId.get(id);
        return measure == null ? Optional.empty() : measure.trtDuration();
    }

    /** The measures whose {@code contributes_to} names this composite, in catalogue order. */
    public List<MeasureDefinition> contributorsOf(String compositeId) {
        List<MeasureDefinition> contributors = new ArrayList<>();
        for (MeasureDefinition measure : measures) {
            if (compositeId.equals(measure.contributesTo())) {
                contributors.add(measure);
            }
        }
        return contributors;
    }

    /** Where the catalogue was loaded from (a path or {@code classpath:...}). */
    public String source() {
        return source;
    }
}
