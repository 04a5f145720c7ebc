package io.pmr.collector.imports;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an import file into CSV records: UTF-8 with or without a byte order mark, RFC 4180 quoting (a quoted field may
 * hold commas, doubled quotes and line breaks), CRLF or LF line ends. Blank lines and lines starting with {@code #}
 * (outside a quoted field) are skipped. Each record keeps the 1-based line on which it starts, so errors name the line
 * a user sees in an editor.
 */
final class CsvRows {
    /** One record: its first line and its fields. */
    record Row(int lineNumber, List<String> fields) {
    }

    private CsvRows() {
    }

    /**
     * Parses the bytes of a file.
     *
     * @throws ImportException naming the file and line when the bytes are not UTF-8 or a quote is never closed
     */
    static List<Row> parse(String file, byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new ImportException(List.of(file + ":1: file: not UTF-8 text"));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Row> rows = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int startLine = line;
            if (text.charAt(i) == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                i++;
                line++;
                continue;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            boolean endOfRecord = false;
            while (i < n && !endOfRecord) {
                char c = text.charAt(i++);
                if (quoted) {
                    if (c == '"' && i < n && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n') {
                    line++;
                    endOfRecord = true;
                } else if (c == '\r' && (i >= n || text.charAt(i) == '\n')) {
                    // CR of a CRLF line end: the LF ends the record
                } else {
                    field.append(c);
                }
            }
            if (quoted) {
                throw new ImportException(List.of(file + ":" + startLine + ": row: a quoted field is never closed"));
            }
            fields.add(field.toString());
            boolean blank = fields.size() == 1 && fields.get(0).isBlank() && !wasQuoted;
            if (!blank) {
                rows.add(new Row(startLine, List.copyOf(fields)));
            }
        }
        return rows;
    }
}
