package io.pmr.hardware.tap;

/**
 * One JSON object per line (RFC 8259 syntax). The values of the trace keys must be strings, numbers,
 * {@code true}, {@code false} or {@code null} (null counts as absent); each becomes its text. Keys are matched
 * to columns case-insensitively; other keys are ignored whatever their value (objects and arrays too, nested
 * at most {@value #MAX_DEPTH} deep), a column given twice is an error.
 */
final class JsonLineParser implements LineParser {

    /** Thrown only for a bad line; no stack trace, since the message says all. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static final int MAX_DEPTH = 32;

    private final StringBuilder text = new StringBuilder();
    private String line;
    private int pos;
    private String problem;

    @Override
    public Outcome parse(String input, String[] values) {
        line = input;
        pos = 0;
        java.util.Arrays.fill(values, null);
        try {
            parseObject(values);
            return Outcome.DATA;
        } catch (Malformed e) {
            problem = e.getMessage();
            return Outcome.BAD;
        } finally {
            line = null;
        }
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public void observeSkipped(String skipped) {
        // JSON lines carry their own keys: nothing to remember.
    }

    @Override
    public void newFile() {
        // No per-file state.
    }

    private void parseObject(String[] values) throws Malformed {
        boolean[] seen = new boolean[Column.COUNT];
        skipBlanks();
        expect('{', "a JSON object starting with '{'");
        skipBlanks();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                skipBlanks();
                if (peek() != '"') {
                    throw at("a quoted key");
                }
                String key = parseString();
                skipBlanks();
                expect(':', "':' after key '" + key + "'");
                skipBlanks();
                Column column = Column.byName(key);
                if (column == null) {
                    skipValue(key, 1);
                } else {
                    String value = parseValue(key);
                    if (seen[column.ordinal()]) {
                        throw new Malformed("key '" + column.key + "' appears twice");
                    }
                    seen[column.ordinal()] = true;
                    values[column.ordinal()] = value;
                }
                skipBlanks();
                char c = peek();
                pos++;
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    pos--;
                    throw at("',' or '}'");
                }
            }
        }
        skipBlanks();
        if (pos < line.length()) {
            throw new Malformed("unexpected text after the JSON object at column " + (pos + 1));
        }
    }

    /** Checks and skips the value of a key the tap does not use. */
    private void skipValue(String key, int depth) throws Malformed {
        char c = peek();
        if (c != '{' && c != '[') {
            parseValue(key);
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new Malformed("value of key '" + key + "' is nested more than " + MAX_DEPTH + " deep");
        }
        char close = c == '{' ? '}' : ']';
        pos++;
        skipBlanks();
        if (peek() == close) {
            pos++;
            return;
        }
        while (true) {
            skipBlanks();
            if (close == '}') {
                if (peek() != '"') {
                    throw at("a quoted key");
                }
                parseString();
                skipBlanks();
                expect(':', "':'");
                skipBlanks();
            }
            skipValue(key, depth + 1);
            skipBlanks();
            char next = peek();
            if (next == close) {
                pos++;
                return;
            }
            if (next != ',') {
                throw at("',' or '" + close + "'");
            }
            pos++;
        }
    }

    /** The value's text, or null for JSON null. */
    private String parseValue(String key) throws Malformed {
        char c = peek();
        if (c == '"') {
            return parseString();
        }
        if (c == '{' || c == '[') {
            throw new Malformed("value of key '" + key + "' is an object or array: expected a string, number, boolean or null");
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return parseNumber();
        }
        if (line.startsWith("true", pos)) {
            pos += 4;
            return "true";
        }
        if (line.startsWith("false", pos)) {
            pos += 5;
            return "false";
        }
        if (line.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        throw at("a value for key '" + key + "'");
    }

    private String parseNumber() throws Malformed {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw at("a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                throw at("a digit after '.'");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw at("a digit in the exponent");
            }
        }
        return line.substring(start, pos);
    }

    private boolean digits() {
        int start = pos;
        while (peek() >= '0' && peek() <= '9') {
            pos++;
        }
        return pos > start;
    }

    private String parseString() throws Malformed {
        int opening = pos;
        pos++; // the opening quote
        text.setLength(0);
        while (pos < line.length()) {
            char c = line.charAt(pos++);
            if (c == '"') {
                return text.toString();
            }
            if (c < 0x20) {
                throw new Malformed("control character in a string at column " + pos);
            }
            if (c != '\\') {
                text.append(c);
                continue;
            }
            char escape = peek();
            pos++;
            switch (escape) {
                case '"', '\\', '/' -> text.append(escape);
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> text.append(unicodeEscape());
                default -> {
                    pos--;
                    throw at("a valid escape after '\\'");
                }
            }
        }
        throw new Malformed("unterminated string starting at column " + (opening + 1));
    }

    private char unicodeEscape() throws Malformed {
        if (pos + 4 > line.length()) {
            throw at("four hex digits after '\\u'");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(line.charAt(pos + i), 16);
            if (digit < 0) {
                throw at("four hex digits after '\\u'");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private void skipBlanks() {
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < line.length() ? line.charAt(pos) : '\0';
    }

    private void expect(char wanted, String what) throws Malformed {
        if (peek() != wanted) {
            throw at(what);
        }
        pos++;
    }

    private Malformed at(String expected) {
        if (pos >= line.length()) {
            return new Malformed("invalid JSON: expected " + expected + " but the line ended");
        }
        return new Malformed("invalid JSON at column " + (pos + 1) + ": expected " + expected);
    }
}
