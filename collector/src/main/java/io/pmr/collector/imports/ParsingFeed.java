package io.pmr.collector.imports;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An {@link ImportFeed} that parses a CSV stream row by row with one {@link KindParser}: the header is checked first,
 * then each record becomes a canonical {@link ImportRow} or problems. Keys repeated within the file are the
 * consumer's to find (the store does it in its staging table, so no set of every key is held here). Not thread-safe;
 * read once.
 */
final class ParsingFeed<T> implements ImportFeed {
    private final KindParser<T> parser;
    private final String file;
    private final InputStream in;
    private final ImportProblems problems;
    private boolean read;

    ParsingFeed(KindParser<T> parser, String file, InputStream in) {
        this.parser = parser;
        this.file = Objects.requireNonNull(file, "file");
        this.in = Objects.requireNonNull(in, "in");
        this.problems = new ImportProblems(file, parser.keyColumn());
    }

    @Override
    public ImportKind kind() {
        return parser.kind();
    }

    @Override
    public String file() {
        return file;
    }

    @Override
    public ImportProblems problems() {
        return problems;
    }

    @Override
    public String feed(Consumer<ImportRow> rows) {
        if (read) {
            throw new IllegalStateException("the import feed of " + file + " was already read");
        }
        read = true;
        MessageDigest digest = sha256();
        CsvRows csv = new CsvRows(new DigestInputStream(in, digest), problems);
        CsvRows.Row first = csv.next();
        if (first == null) {
            throw problems.fatal(1, "header", "missing (expected " + String.join(",", parser.kind().columns()) + ")");
        }
        List<String> header = header(first);
        for (CsvRows.Row row = csv.next(); row != null; row = csv.next()) {
            ImportRow good = row(row, header);
            if (good != null) {
                rows.accept(good);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private ImportRow row(CsvRows.Row row, List<String> header) {
        RowFields fields = new RowFields(row.lineNumber(), header, row.fields(), problems);
        int size = row.fields().size();
        // incidents: a row may leave off the optional columns its header has (they are then blank)
        boolean withoutOptional = parser.kind() == ImportKind.INCIDENTS && size < header.size()
                && size >= parser.kind().columns().size();
        if (size != header.size() && !withoutOptional) {
            fields.problem("row", "expected " + header.size() + " columns, found " + size);
            return null;
        }
        T record = parser.parse(fields, new ImportSource(file, row.lineNumber(), 0));
        if (record == null) {
            return null;
        }
        return new ImportRow(ImportCodec.encode(parser.key(record)), ImportCodec.encode(parser.values(record)),
                row.lineNumber());
    }

    private List<String> header(CsvRows.Row row) {
        List<String> found = row.fields().stream().map(String::strip).toList();
        ImportKind kind = parser.kind();
        List<String> expected = kind.columns();
        if (found.equals(expected) || (kind == ImportKind.INCIDENTS && IncidentParser.headers().contains(found))) {
            return found;
        }
        throw problems.fatal(row.lineNumber(), "header", "expected '" + String.join(",", expected)
                + (kind == ImportKind.INCIDENTS ? IncidentParser.optionalText() : "") + "' but found '"
                + String.join(",", found) + "'");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
