package io.pmr.collector.catalogue;

import io.pmr.model.TrtRule;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The measure catalogue: every measure of the monthly report with its kind, TRT, target, minimum and the composite
 * it contributes to, the Target Resolution Time of each incident category, the service-credit schedule of each
 * measure that earns Service Points and the pounds per point of each provider. It is configuration a user edits, not
 * code: a folder of UTF-8 CSV files, each with {@code #} comment lines:
 * <ul>
 *   <li>{@value #MEASURES_FILE} (required): {@code id,provider,group,name,kind,trt,period,target,minimum,
 *       contributes_to[,scope]}; its header line is optional.</li>
 *   <li>{@value #INCIDENT_CATEGORIES_FILE}: {@code category,target_resolution,description[,clock]}, a row for
 *       each of 1..5; {@code clock} is {@code impact} (the default) or {@code incident}.</li>
 *   <li>{@value #SERVICE_CREDITS_FILE}: {@code measure,points_at_minimum,max_points}.</li>
 *   <li>{@value #PROVIDERS_FILE}: {@code provider,pounds_per_point[,charged]} ({@code charged}: {@code yes}, the
 *       default, or {@code no} for a provider that is never charged service credits, the DCC).</li>
 * </ul>
 * The last three need their header line and, when missing from a folder, the shipped file stands in. Loading is all
 * or nothing: a broken line fails the load with a {@link CatalogueException} reading
 * {@code file:line: column: what is wrong}, checks across files included. Immutable and thread-safe.
 */
public final class Catalogue {
    public static final String MEASURES_FILE = "measures.csv";
    public static final String INCIDENT_CATEGORIES_FILE = "incident-categories.csv";
    public static final String SERVICE_CREDITS_FILE = "service-credits.csv";
    public static final String PROVIDERS_FILE = "providers.csv";
    /** Classpath location of the measures shipped with the product (the other files sit beside it). */
    public static final String SHIPPED_RESOURCE = CatalogueLoader.SHIPPED_FOLDER + MEASURES_FILE;

    private final String source;
    private final List<MeasureDefinition> measures;
    private final Map<String, MeasureDefinition> byId;
    private final List<IncidentCategory> incidentCategories;
    private final Map<String, ServiceCreditSchedule> serviceCredits;
    private final Map<String, BigDecimal> poundsPerPoint;
    private final Set<String> notCharged;
    private final String fingerprint;

    Catalogue(String source, List<MeasureDefinition> measures, List<IncidentCategory> incidentCategories,
            Map<String, ServiceCreditSchedule> serviceCredits, Map<String, BigDecimal> poundsPerPoint,
            Set<String> notCharged, String fingerprint) {
        this.source = source;
        this.measures = List.copyOf(measures);
        Map<String, MeasureDefinition> index = new LinkedHashMap<>();
        for (MeasureDefinition measure : measures) {
            index.put(measure.id(), measure);
        }
        this.byId = Collections.unmodifiableMap(index);
        this.incidentCategories = List.copyOf(incidentCategories);
        this.serviceCredits = Collections.unmodifiableMap(new LinkedHashMap<>(serviceCredits));
        this.poundsPerPoint = Collections.unmodifiableMap(new LinkedHashMap<>(poundsPerPoint));
        this.notCharged = Set.copyOf(notCharged);
        this.fingerprint = fingerprint;
    }

    /** The catalogue shipped with the product (resources under {@code catalogue/}). */
    public static Catalogue shipped() {
        return CatalogueLoader.shipped();
    }

    /**
     * Loads a catalogue folder or, as before folders existed, a single measures CSV (the other files then take the
     * shipped defaults). Rows of a shipped default that do not fit the loaded measures (a service-credit schedule for
     * a measure it lacks, say) are skipped; the same rows in a user's file fail the load. A folder holding a
     * {@code .csv} file with any other name fails the load, so a misspelt name never leaves a default in force.
     */
    public static Catalogue load(Path folderOrMeasuresFile) {
        return CatalogueLoader.load(folderOrMeasuresFile);
    }

    /** Parses measures CSV text, the other files taking the shipped defaults; {@code source} names it in messages. */
    public static Catalogue parse(String source, Reader text) {
        StringWriter all = new StringWriter();
        try (Reader reader = text) {
            reader.transferTo(all);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read", e);
        }
        return CatalogueLoader.measuresOnly(source, CatalogueLoader.measuresText(source, all.toString()));
    }

    /** Every measure, in catalogue order. */
    public List<MeasureDefinition> measures() {
        return measures;
    }

    /** The measure with this id. */
    public Optional<MeasureDefinition> measure(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The fixed TRT of a measure; empty when the measure is unknown, its TRT is blank, or its TRT is not a fixed
     * duration (see {@link #trtRule}).
     */
    public Optional<Duration> trt(String id) {
        MeasureDefinition measure = byId.get(id);
        return measure == null ? Optional.empty() : measure.trtDuration();
    }

    /** The TRT rule of a measure (fixed, wall-clock or with an hours condition); empty when unknown or blank. */
    public Optional<TrtRule> trtRule(String id) {
        MeasureDefinition measure = byId.get(id);
        return measure == null ? Optional.empty() : measure.trtRule();
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

    /** Incident categories 1..5 in order, each with its Target Resolution Time. */
    public List<IncidentCategory> incidentCategories() {
        return incidentCategories;
    }

    /**
     * The Target Resolution Time of an incident category.
     *
     * @throws IllegalArgumentException when {@code category} is not 1..5
     */
    public Duration incidentTargetResolution(int category) {
        if (category < IncidentCategoriesFile.FIRST || category > IncidentCategoriesFile.LAST) {
            throw new IllegalArgumentException("incident category " + category + " is out of range 1..5");
        }
        return incidentCategories.get(category - IncidentCategoriesFile.FIRST).targetResolution();
    }

    /**
     * Which clock the Target Resolution Time of an incident category applies to.
     *
     * @throws IllegalArgumentException when {@code category} is not 1..5
     */
    public IncidentClock incidentClock(int category) {
        if (category < IncidentCategoriesFile.FIRST || category > IncidentCategoriesFile.LAST) {
            throw new IllegalArgumentException("incident category " + category + " is out of range 1..5");
        }
        return incidentCategories.get(category - IncidentCategoriesFile.FIRST).clock();
    }

    /** The service-credit schedule of a measure; empty for KPIs and measures that earn no points. */
    public Optional<ServiceCreditSchedule> serviceCredit(String measureId) {
        return Optional.ofNullable(serviceCredits.get(measureId));
    }

    /** Every service-credit schedule by measure id, in file order. */
    public Map<String, ServiceCreditSchedule> serviceCredits() {
        return serviceCredits;
    }

    /** The pounds one Service Point is worth for this provider; empty when providers.csv has no row for it. */
    public Optional<BigDecimal> poundsPerPoint(String provider) {
        return Optional.ofNullable(poundsPerPoint.get(provider));
    }

    /**
     * Whether the provider is charged service credits: false for a provider whose {@code providers.csv} row says
     * {@code charged} = {@code no} (the DCC: its Code Performance Measures accrue no points, whatever
     * service-credits.csv says); true otherwise.
     */
    public boolean charged(String provider) {
        return !notCharged.contains(provider);
    }

    /**
     * SHA-256 hex identifying the catalogue's content: the files' bytes in the fixed order measures,
     * incident-categories, service-credits, providers (shipped ones where the folder lacks a file). Equal for equal
     * content wherever it was loaded from; see {@code Fingerprint} for how to recompute it with {@code sha256sum}.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** Where the catalogue was loaded from (a path or {@code classpath:...}). */
    public String source() {
        return source;
    }
}
