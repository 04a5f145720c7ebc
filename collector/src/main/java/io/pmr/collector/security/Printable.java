package io.pmr.collector.security;

/** A bounded, single-line rendering of untrusted text for logs. */
final class Printable {
    private static final int MAX = 100;

    private Printable() {
    }

    static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX));
        for (int i = 0; i < text.length() && out.length() < MAX; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > MAX) {
            out.append("...");
        }
        return out.toString();
    }
}
