package io.pmr.collector.http;

/**
 * Builds Prometheus text exposition format 0.0.4: one {@code # HELP} and {@code # TYPE} per family, then its samples.
 * Label values and help texts are escaped as the format requires. Not thread-safe: one per scrape.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    /** Starts a family; its samples must follow before the next family. */
    PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A sample; {@code value} is a number's exact text (a long, or a plain decimal such as {@code 99.25}). */
    PrometheusText sample(String name, String value, String... labelPairs) {
        out.append(name);
        if (labelPairs.length > 0) {
            out.append('{');
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labelPairs[i]).append("=\"").append(escapeLabel(labelPairs[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
        return this;
    }

    String text() {
        return out.toString();
    }

    /** Backslash, double quote and line feed are escaped in label values. */
    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Backslash and line feed are escaped in help texts. */
    static String escapeHelp(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
