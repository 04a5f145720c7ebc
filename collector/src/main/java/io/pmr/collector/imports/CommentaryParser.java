package io.pmr.collector.imports;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import java.util.EnumSet;
import java.util.List;

/**
 * commentary: {@code measure,period,status,reason,mitigation}. Natural key (measure, period). The measure must be in
 * the catalogue; the period is {@code yyyy-MM} ({@code yyyy-Qn} for a quarterly measure: the figure's period);
 * {@code status} {@code below_target} or {@code below_minimum} (the latter only for a measure with a minimum);
 * {@code reason} not blank; {@code mitigation} may be blank. Whether the figure really has that status is known only
 * when the report is computed: a mismatch is shown there, never hidden.
 */
final class CommentaryParser implements KindParser<Commentary> {
    private static final String MONTH = "\\d{4}-(0[1-9]|1[0-2])";
    private static final String QUARTER = "\\d{4}-Q[1-4]";
    private final MeasureCheck measures;

    CommentaryParser(MeasureCheck measures) {
        this.measures = measures;
    }

    @Override
    public ImportKind kind() {
        return ImportKind.COMMENTARY;
    }

    @Override
    public String keyColumn() {
        return "measure+period";
    }

    @Override
    public Commentary parse(RowFields row, ImportSource source) {
        MeasureDefinition measure = measures.measure(row, EnumSet.allOf(MeasureKind.class), "");
        String period = row.required("period");
        if (period != null) {
            boolean month = period.matches(MONTH);
            boolean quarter = period.matches(QUARTER);
            if (!month && !quarter) {
                row.problem("period", "'" + period + "' is neither yyyy-MM nor yyyy-Qn");
            } else if (measure != null && measure.isQuarterly() && !quarter) {
                row.problem("period", "'" + period + "': " + measure.id() + " is quarterly, give yyyy-Qn");
            } else if (measure != null && !measure.isQuarterly() && !month) {
                row.problem("period", "'" + period + "': " + measure.id() + " is monthly, give yyyy-MM");
            }
        }
        String status = row.required("status");
        if (status != null && !Commentary.BELOW_TARGET.equals(status) && !Commentary.BELOW_MINIMUM.equals(status)) {
            row.problem("status", "'" + status + "' is not a status to explain: expected below_target or"
                    + " below_minimum");
        } else if (measure != null && Commentary.BELOW_MINIMUM.equals(status) && measure.minimum() == null) {
            row.problem("status", measure.id() + " has no minimum (a KPI), so it is never below_minimum");
        }
        String reason = row.required("reason");
        String mitigation = row.optional("mitigation");
        if (row.bad()) {
            return null;
        }
        return new Commentary(measure.id(), period, status, reason, mitigation, source);
    }

    @Override
    public List<String> key(Commentary c) {
        return List.of(c.measureId(), c.period());
    }

    @Override
    public List<String> values(Commentary c) {
        return List.of(c.measureId(), c.period(), c.status(), c.reason(), c.mitigation() == null ? "" : c.mitigation());
    }

    @Override
    public Commentary decode(List<String> v, ImportSource source) {
        return new Commentary(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4).isEmpty() ? null : v.get(4), source);
    }
}
