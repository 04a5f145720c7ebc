package io.pmr.collector.imports;

import io.pmr.collector.catalogue.Catalogue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses and checks import files against a catalogue. A file is accepted whole or rejected whole: on any problem
 * {@link #parse} throws an {@link ImportException} listing every bad line. Stateless and thread-safe.
 */
public final class ImportParser {
    private static final Logger LOG = LoggerFactory.getLogger(ImportParser.class);
    private final MeasureCheck measures;

    public ImportParser(Catalogue catalogue) {
        this.measures = new MeasureCheck(java.util.Objects.requireNonNull(catalogue, "catalogue"));
    }

    /**
     * Parses a file's bytes.
     *
     * @param file the name errors and provenance use (as the user gave it)
     * @throws ImportException listing every problem ({@code file:line: column: what is wrong}); nothing is returned
     */
    public ImportBatch parse(ImportKind kind, String file, byte[] content) {
        try {
            return parseKind(kind, file, content);
        } catch (ImportException e) {
            LOG.warn("Rejected {} import {}: {} problem(s), first: {}", kind.code(), file, e.problems().size(),
                    e.problems().get(0));
            throw e;
        }
    }

    private ImportBatch parseKind(ImportKind kind, String file, byte[] content) {
        return switch (kind) {
            case INCIDENTS -> parse(new IncidentParser(), file, content);
            case AVAILABILITY -> parse(new AvailabilityParser(measures), file, content);
            case RATIOS -> parse(new RatioParser(measures), file, content);
            case POWER_OUTAGES -> parse(new PowerOutageParser(measures), file, content);
            case EXCLUSIONS -> parse(new ExclusionParser(measures), file, content);
            case COMMENTARY -> parse(new CommentaryParser(measures), file, content);
        };
    }

    private <T> ImportBatch parse(KindParser<T> parser, String file, byte[] content) {
        List<CsvRows.Row> csv = CsvRows.parse(file, content);
        List<String> problems = new ArrayList<>();
        if (csv.isEmpty()) {
            throw new ImportException(List.of(file + ":1: header: missing (expected "
                    + String.join(",", parser.kind().columns()) + ")"));
        }
        List<String> header = header(parser.kind(), csv.get(0), file);
        List<ImportRow> rows = new ArrayList<>();
        List<T> records = new ArrayList<>();
        Map<String, Integer> firstLineOfKey = new HashMap<>();
        for (CsvRows.Row row : csv.subList(1, csv.size())) {
            RowFields fields = new RowFields(file, row.lineNumber(), header, row.fields(), problems);
            int size = row.fields().size();
            // incidents: a row may leave off the optional columns its header has (they are then blank)
            boolean withoutOptional = parser.kind() == ImportKind.INCIDENTS && size < header.size()
                    && size >= parser.kind().columns().size();
            if (size != header.size() && !withoutOptional) {
                fields.problem("row", "expected " + header.size() + " columns, found " + size);
                continue;
            }
            T record = parser.parse(fields, new ImportSource(file, row.lineNumber(), 0));
            if (record == null) {
                continue;
            }
            String key = ImportCodec.encode(parser.key(record));
            Integer first = firstLineOfKey.putIfAbsent(key, row.lineNumber());
            if (first != null) {
                fields.problem(parser.keyColumn(), "duplicate key " + String.join(",", parser.key(record))
                        + " (first on line " + first + ")");
                continue;
            }
            rows.add(new ImportRow(key, ImportCodec.encode(parser.values(record)), row.lineNumber()));
            records.add(record);
        }
        if (!problems.isEmpty()) {
            throw new ImportException(problems);
        }
        return new ImportBatch(parser.kind(), file, sha256(content), rows, data(parser.kind(), records));
    }

    private static List<String> header(ImportKind kind, CsvRows.Row row, String file) {
        List<String> found = row.fields().stream().map(String::strip).toList();
        List<String> expected = kind.columns();
        if (found.equals(expected) || (kind == ImportKind.INCIDENTS && IncidentParser.headers().contains(found))) {
            return found;
        }
        throw new ImportException(List.of(file + ":" + row.lineNumber() + ": header: expected '"
                + String.join(",", expected) + (kind == ImportKind.INCIDENTS ? IncidentParser.optionalText() : "")
                + "' but found '" + String.join(",", found) + "'"));
    }

    @SuppressWarnings("unchecked")
    private static ImportedData data(ImportKind kind, List<?> records) {
        return switch (kind) {
            case INCIDENTS -> new ImportedData((List<Incident>) records, List.of(), List.of(), List.of(), List.of());
            case COMMENTARY -> new ImportedData(List.of(), List.of(), List.of(), List.of(), List.of(),
                    (List<Commentary>) records, List.of());
            case AVAILABILITY -> new ImportedData(List.of(), (List<AvailabilityWindow>) records, List.of(), List.of(),
                    List.of());
            case RATIOS -> new ImportedData(List.of(), List.of(), (List<SuppliedFigure>) records, List.of(), List.of());
            case POWER_OUTAGES -> new ImportedData(List.of(), List.of(), List.of(), (List<PowerOutageEvent>) records,
                    List.of());
            case EXCLUSIONS -> new ImportedData(List.of(), List.of(), List.of(), List.of(), (List<Exclusion>) records);
        };
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
