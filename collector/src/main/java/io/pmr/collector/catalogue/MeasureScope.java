package io.pmr.collector.catalogue;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The optional {@code scope} column of a catalogue row: filters that narrow which data a measure takes. Written as
 * {@code key=value} pairs separated by {@code ;}. Known keys:
 * <ul>
 *   <li>{@code categories=1-2} (a range) or {@code categories=3|4|5} (a list): the incident categories an
 *       {@code incidents} measure counts. Required for {@code incidents} measures, refused on other kinds.</li>
 * </ul>
 * An unknown key is an error, so a typo never silently widens a measure. Immutable.
 *
 * @param incidentCategories incident categories counted (1..5), sorted; empty when the row has none
 */
public record MeasureScope(Set<Integer> incidentCategories) {
    /** No filter. */
    public static final MeasureScope ANY = new MeasureScope(Set.of());

    public MeasureScope {
        incidentCategories = Collections.unmodifiableSet(new TreeSet<>(incidentCategories));
    }

    /** Parses the column; blank means {@link #ANY}. Failures name the key and the value. */
    public static MeasureScope parse(String text) {
        if (text == null || text.isBlank()) {
            return ANY;
        }
        Set<Integer> categories = new TreeSet<>();
        for (String pair : text.strip().split(";")) {
            String item = pair.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("scope item '" + item + "' is not key=value");
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            if (!key.equals("categories")) {
                throw new IllegalArgumentException("scope key '" + key + "' is unknown: expected categories");
            }
            categories.addAll(categories(value));
        }
        return new MeasureScope(categories);
    }

    /** True when an incident of this category is counted (always true without a category filter). */
    public boolean countsCategory(int category) {
        return incidentCategories.isEmpty() || incidentCategories.contains(category);
    }

    /** The catalogue spelling, e.g. {@code categories=1|2}; empty for {@link #ANY}. */
    public String text() {
        if (incidentCategories.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("categories=");
        String sep = "";
        for (int category : incidentCategories) {
            out.append(sep).append(category);
            sep = "|";
        }
        return out.toString();
    }

    private static Set<Integer> categories(String value) {
        Set<Integer> result = new TreeSet<>();
        int dash = value.indexOf('-');
        if (dash > 0) {
            int from = category(value.substring(0, dash));
            int to = category(value.substring(dash + 1));
            if (from > to) {
                throw new IllegalArgumentException("scope categories range '" + value + "' runs backwards");
            }
            for (int c = from; c <= to; c++) {
                result.add(c);
            }
            return result;
        }
        for (String part : value.split("\\|")) {
            result.add(category(part));
        }
        return result;
    }

    private static int category(String text) {
        try {
            int category = Integer.parseInt(text.strip());
            if (category < 1 || category > 5) {
                throw new IllegalArgumentException("scope category " + category + " is out of range 1..5");
            }
            return category;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scope category '" + text.strip() + "' is not a number 1..5", e);
        }
    }
}
