package io.pmr.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rig's ground truth against a report.json as {@code pmr collector report --format json} printed it (the text a
 * user's script reads, docs/report-json.md), and two report.json texts against each other. The figures compared are
 * those of {@link OracleCheck}: every truth measure's numerator and denominator, and its level where the truth has
 * one (power outage: {@code powerOutage.perEventLevel} and {@code historicalLevel}); levels by value. Stateless.
 */
final class ReportJsonOracle {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMPUTED_AT = Pattern.compile("(\"computedAt\": )(\"[^\"]*\"|null)");

    private ReportJsonOracle() {
    }

    /** Lost, counted twice and the exact comparison of {@code reportJson}'s figures with {@code truth}. */
    static FaultTally tally(GroundTruthFile truth, String reportJson) {
        JsonNode report;
        try {
            report = JSON.readTree(reportJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("report.json does not parse: " + e.getOriginalMessage(), e);
        }
        Map<String, JsonNode> byId = new HashMap<>();
        report.path("measures").forEach(measure -> byId.put(measure.path("id").asText(), measure));
        long lost = 0;
        long twice = 0;
        List<String> mismatches = new ArrayList<>();
        for (GroundTruthFile.Entry entry : truth.measures()) {
            JsonNode figure = byId.get(entry.id());
            if (figure == null) {
                lost += entry.denominator();
                mismatches.add(entry.id() + ": in the ground truth but not in report.json");
                continue;
            }
            long numerator = figure.path("numerator").asLong();
            long denominator = figure.path("denominator").asLong();
            lost += Math.max(0, entry.denominator() - denominator);
            twice += Math.max(0, denominator - entry.denominator());
            if (numerator != entry.numerator() || denominator != entry.denominator()) {
                mismatches.add(entry.id() + ": report.json " + numerator + "/" + denominator + ", truth "
                        + entry.numerator() + "/" + entry.denominator());
            }
            JsonNode outage = figure.path("powerOutage");
            // PM12.2's truth level is per event, whichever reading the catalogue makes the headline
            String level = outage.isObject() ? outage.path("perEventLevel").asText(null)
                    : figure.path("level").asText(null);
            if (entry.level() != null && !sameValue(entry.level(), level)) {
                mismatches.add(entry.id() + ": report.json level " + level + ", truth " + entry.level());
            }
            if (entry.historicalLevel() != null) {
                String historical = outage.path("historicalLevel").asText(null);
                if (!sameValue(entry.historicalLevel(), historical)) {
                    mismatches.add(entry.id() + ": report.json historical level " + historical + ", truth "
                            + entry.historicalLevel());
                }
            }
        }
        return new FaultTally(lost, twice, truth.measures().size(), List.copyOf(mismatches));
    }

    /**
     * The report.json text with every {@code computedAt} value (top level, {@code version}, {@code versions[]})
     * replaced by one placeholder: the only fields allowed to differ between two computations of the same data.
     */
    static String withoutComputedAt(String reportJson) {
        Matcher matcher = COMPUTED_AT.matcher(reportJson);
        return matcher.replaceAll("$1\"(computed-at)\"");
    }

    /** Null when the texts are equal, else the first line that differs, with its number, in both. */
    static String firstDifference(String expected, String actual) {
        if (expected.equals(actual)) {
            return null;
        }
        String[] left = expected.split("\n", -1);
        String[] right = actual.split("\n", -1);
        for (int line = 0; line < Math.max(left.length, right.length); line++) {
            String a = line < left.length ? left[line] : "(end of text)";
            String b = line < right.length ? right[line] : "(end of text)";
            if (!a.equals(b)) {
                return "line " + (line + 1) + ": expected [" + a + "] but was [" + b + "]";
            }
        }
        return "the texts differ in their line ends";
    }

    private static boolean sameValue(BigDecimal truth, String reported) {
        return reported != null && !reported.isEmpty() && truth.compareTo(new BigDecimal(reported)) == 0;
    }
}
