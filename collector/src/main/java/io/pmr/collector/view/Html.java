package io.pmr.collector.view;

import java.math.BigDecimal;
import java.time.Instant;

/** HTML text helpers: every string that reaches the page goes through {@link #esc}. Stateless. */
final class Html {
    private Html() {
    }

    /** Escapes text for element content and double-quoted attribute values; null becomes the empty string. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // control characters other than tab and line ends have no place in a report
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A decimal as written in report.json (plain, 2 decimals), or an en dash for none. */
    static String num(BigDecimal value) {
        return value == null ? "\u2013" : value.toPlainString();
    }

    /** UTC epoch millis as an ISO-8601 instant, or an en dash for 0 (unknown). */
    static String instant(long epochMillis) {
        return epochMillis == 0 ? "\u2013" : Instant.ofEpochMilli(epochMillis).toString();
    }
}
