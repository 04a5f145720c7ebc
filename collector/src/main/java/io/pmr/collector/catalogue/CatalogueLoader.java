package io.pmr.collector.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the catalogue's files (from a folder, a single measures file, or the classpath), parses them in dependency
 * order (measures, incident categories, providers, service credits) and fingerprints the bytes it parsed.
 */
final class CatalogueLoader {
    static final String SHIPPED_FOLDER = "catalogue/";
    /** The catalogue's files, in the order the fingerprint takes them. */
    static final List<String> FILES = List.of(Catalogue.MEASURES_FILE, Catalogue.INCIDENT_CATEGORIES_FILE,
            Catalogue.SERVICE_CREDITS_FILE, Catalogue.PROVIDERS_FILE);
    private static final Logger LOG = LoggerFactory.getLogger(CatalogueLoader.class);

    private CatalogueLoader() {
    }

    static Catalogue shipped() {
        List<CatalogueFile> files = new ArrayList<>();
        for (String name : FILES) {
            files.add(shippedFile(name, false));
        }
        // The source stays the measures resource, as before the other files existed: messages and reports quote it.
        return build("classpath:" + Catalogue.SHIPPED_RESOURCE, files);
    }

    static Catalogue load(Path path) {
        if (Files.isDirectory(path)) {
            return loadFolder(path);
        }
        return measuresOnly(path.toString(), read(path, Catalogue.MEASURES_FILE));
    }

    static Catalogue measuresOnly(String source, CatalogueFile measures) {
        List<CatalogueFile> files = new ArrayList<>();
        files.add(measures);
        for (String name : FILES.subList(1, FILES.size())) {
            files.add(shippedFile(name, true));
        }
        return build(source, files);
    }

    private static Catalogue loadFolder(Path folder) {
        rejectUnknownCsvFiles(folder);
        Path measures = folder.resolve(Catalogue.MEASURES_FILE);
        if (!Files.isRegularFile(measures)) {
            throw new CatalogueException(measures + ": missing: a catalogue folder needs " + Catalogue.MEASURES_FILE);
        }
        List<CatalogueFile> files = new ArrayList<>();
        for (String name : FILES) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                files.add(read(file, name));
            } else {
                LOG.info("catalogue: {} has no {}, using the shipped default", folder, name);
                files.add(shippedFile(name, true));
            }
        }
        return build(folder.toString(), files);
    }

    /** A misspelt file name would otherwise silently leave the shipped default in force. */
    private static void rejectUnknownCsvFiles(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") && !FILES.contains(name)) {
                    throw new CatalogueException(entry + ": unknown catalogue file: expected " + String.join(", ",
                            FILES));
                }
            }
        } catch (IOException e) {
            throw new CatalogueException(folder + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static Catalogue build(String source, List<CatalogueFile> files) {
        CatalogueFile measuresFile = files.get(0);
        List<MeasureDefinition> measures = MeasuresFile.parse(measuresFile);
        List<IncidentCategory> categories = IncidentCategoriesFile.parse(files.get(1));
        Map<String, MeasureDefinition> byId = new LinkedHashMap<>();
        Set<String> providers = new LinkedHashSet<>();
        for (MeasureDefinition measure : measures) {
            byId.put(measure.id(), measure);
            providers.add(measure.provider());
        }
        ProvidersFile.Providers rates = ProvidersFile.parse(files.get(3), providers);
        Map<String, BigDecimal> poundsPerPoint = rates.poundsPerPoint();
        Map<String, ServiceCreditSchedule> schedules = ServiceCreditsFile.parse(files.get(2), byId, poundsPerPoint);
        String fingerprint = Fingerprint.of(files);
        LOG.debug("catalogue: loaded {} ({} measures, {} credit schedules, fingerprint {})", source,
                measures.size(), schedules.size(), fingerprint);
        return new Catalogue(source, measures, categories, schedules, poundsPerPoint, rates.notCharged(), fingerprint);
    }

    private static CatalogueFile read(Path file, String name) {
        try {
            return new CatalogueFile(name, file.toString(), Files.readAllBytes(file), false);
        } catch (NoSuchFileException e) {
            throw new CatalogueException(file + ": missing", e);
        } catch (IOException e) {
            throw new CatalogueException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static CatalogueFile shippedFile(String name, boolean asDefault) {
        String resource = SHIPPED_FOLDER + name;
        String label = "classpath:" + resource;
        try (InputStream in = CatalogueLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new CatalogueException(label + ": resource not found");
            }
            return new CatalogueFile(name, label, in.readAllBytes(), asDefault);
        } catch (IOException e) {
            throw new CatalogueException(label + ": cannot read: " + e.getMessage(), e);
        }
    }

    static CatalogueFile measuresText(String source, String text) {
        return new CatalogueFile(Catalogue.MEASURES_FILE, source, text.getBytes(StandardCharsets.UTF_8), false);
    }
}
