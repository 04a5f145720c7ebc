package io.pmr.collector.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.credit.CreditGeneration;
import io.pmr.collector.credit.CreditHistory;
import io.pmr.collector.credit.CreditRow;
import io.pmr.collector.credit.CreditTable;
import io.pmr.collector.credit.ProviderCredits;
import io.pmr.collector.store.ReportVersion;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the 12-month credit table ({@link CreditHistory}): each month's credits as computed now, beside what the
 * month's published versions kept (their {@code credits.providers[].totalPoints/totalPounds} in the stored JSON; a
 * provider absent there had 0.00). A version whose JSON cannot be read counts as differing, and is logged.
 */
final class CreditHistories {
    private static final Logger LOG = LoggerFactory.getLogger(CreditHistories.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final BigDecimal ZERO = new BigDecimal("0.00");

    private CreditHistories() {
    }

    /**
     * @param month      the report's month, the table's last
     * @param creditsNow the month's credits as computed now, for any of the 12 months
     * @param versionsOf the stored versions of a month, oldest first
     */
    static CreditHistory build(Catalogue catalogue, YearMonth month, Function<YearMonth, CreditTable> creditsNow,
            Function<String, List<ReportVersion>> versionsOf) {
        Set<String> providers = new LinkedHashSet<>();
        for (MeasureDefinition measure : catalogue.measures()) {
            if (catalogue.charged(measure.provider())) {
                providers.add(measure.provider());
            }
        }
        List<String> months = new ArrayList<>();
        Map<String, List<CreditHistory.MonthCredits>> rows = new HashMap<>();
        for (int back = CreditHistory.MONTHS - 1; back >= 0; back--) {
            YearMonth one = month.minusMonths(back);
            months.add(one.toString());
            CreditTable table = creditsNow.apply(one);
            List<Map<String, BigDecimal[]>> published = new ArrayList<>();
            for (ReportVersion version : versionsOf.apply(one.toString())) {
                published.add(publishedTotals(version));
            }
            for (String provider : providers) {
                rows.computeIfAbsent(provider, p -> new ArrayList<>()).add(monthCredits(one, provider, table,
                        published));
            }
        }
        List<CreditHistory.ProviderHistory> history = new ArrayList<>();
        for (String provider : providers) {
            history.add(new CreditHistory.ProviderHistory(provider, rows.get(provider)));
        }
        return new CreditHistory(months, history);
    }

    private static CreditHistory.MonthCredits monthCredits(YearMonth month, String provider, CreditTable table,
            List<Map<String, BigDecimal[]>> published) {
        BigDecimal[] smets2 = {ZERO, ZERO};
        BigDecimal[] smets1 = {ZERO, ZERO};
        for (ProviderCredits credits : table.providers()) {
            if (!credits.provider().equals(provider)) {
                continue;
            }
            for (CreditRow row : credits.rows()) {
                BigDecimal[] into = CreditGeneration.SMETS1.equals(row.generation()) ? smets1 : smets2;
                into[0] = into[0].add(row.points());
                into[1] = into[1].add(row.pounds());
            }
        }
        BigDecimal points = smets2[0].add(smets1[0]);
        BigDecimal pounds = smets2[1].add(smets1[1]);
        boolean restated = false;
        BigDecimal[] first = null;
        for (Map<String, BigDecimal[]> version : published) {
            BigDecimal[] kept = version == null ? null : version.getOrDefault(provider, new BigDecimal[] {ZERO, ZERO});
            if (first == null) {
                first = kept == null ? new BigDecimal[] {null, null} : kept;
            }
            restated |= kept == null || kept[0].compareTo(points) != 0 || kept[1].compareTo(pounds) != 0;
        }
        return new CreditHistory.MonthCredits(month.toString(), smets2[0], smets2[1], smets1[0], smets1[1], points,
                pounds, published.size(), first == null ? null : first[0], first == null ? null : first[1], restated);
    }

    /** Provider -> {points, pounds} kept by a stored version; null when its JSON cannot be read. */
    private static Map<String, BigDecimal[]> publishedTotals(ReportVersion version) {
        Map<String, BigDecimal[]> totals = new HashMap<>();
        try {
            for (JsonNode provider : MAPPER.readTree(version.reportJson()).path("credits").path("providers")) {
                totals.put(provider.path("provider").asText(), new BigDecimal[] {
                    new BigDecimal(provider.path("totalPoints").asText()),
                    new BigDecimal(provider.path("totalPounds").asText())});
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("period {} version {}: stored credits unreadable ({}); shown as restated", version.period(),
                    version.version(), e.toString());
            return null;
        }
        return totals;
    }
}
