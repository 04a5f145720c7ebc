package io.pmr.collector.view;

import static io.pmr.collector.view.Html.esc;
import static io.pmr.collector.view.Html.num;

import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.Publication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The monthly report as ONE self-contained HTML page: inline CSS and SVG, no script, nothing fetched, printable (each
 * section on its own page). Sections follow the published report (summary, Code Performance Measures, provider
 * tables, firmware volumes, PM12.2 working, exclusions, incidents, service credits) and add what it lacks: plots,
 * completeness and provisional marks, and provenance (catalogue and data fingerprints, version, every row's
 * sources). It opens with a front block that fits a screen (credit total, status counts, contents, see
 * {@link HtmlFrontPage}); measures without a level are folded per provider; links stay within the page. Every
 * string from the catalogue, imports or agents is escaped. Deterministic for the same inputs. Stateless and
 * thread-safe.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** The page for a report and the stored data behind its plots ({@link ReportViews#none()} for tables only). */
    public static String render(MonthlyReport report, ReportViews views) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(views, "views");
        StringBuilder html = new StringBuilder(256 * 1024);
        String title = "Performance Measurement Report " + report.period();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(HtmlStyle.CSS)
                .append("</style></head><body>\n");
        html.append("<header><h1>").append(esc(title)).append("</h1></header>\n");
        HtmlFrontPage.append(html, report, contents(report));
        html.append("<details class=\"provenance\"><summary>Provenance: catalogue, data fingerprint, version")
                .append("</summary>");
        provenance(html, report, views);
        html.append("</details>\n");
        introduction(html, report);
        summary(html, report);
        HtmlTables tables = new HtmlTables(report, views);
        tables.codeMeasures(html);
        tables.providers(html);
        tables.firmwareVolumes(html);
        tables.powerOutages(html);
        HtmlHubLevels.section(html, report);
        tables.exclusions(html);
        tables.incidents(html);
        tables.credits(html);
        tables.completeness(html);
        HtmlIntegrity.section(html, report.integrity());
        html.append("</body></html>\n");
        return html.toString();
    }

    /** The page's sections by id, with the titles they carry, in page order: the front page's contents. */
    static Map<String, String> contents(MonthlyReport report) {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("introduction", "1. Introduction");
        sections.put("summary", "2. Executive summary");
        sections.put("cpm", "3. Code Performance Measures");
        int number = 4;
        for (String provider : HtmlTables.byProvider(report).keySet()) {
            sections.put(HtmlTables.providerSectionId(provider), number++ + ". " + provider + " measures");
        }
        sections.put("firmware", "Firmware payload volumes");
        sections.put("pm12", "PM12.2 working: power outage alerts");
        if (HtmlHubLevels.present(report)) {
            sections.put("smwan-level", "SMWAN connectivity level: exceptions in hubs");
        }
        sections.put("exclusions", "Exclusions by reason");
        sections.put("incidents", "Incident resolution");
        sections.put("credits", "Service credits");
        sections.put("completeness", "Completeness and provisional figures");
        if (!report.integrity().isEmpty()) {
            sections.put("conflicts", "Conflicts and identity clashes");
        }
        return sections;
    }

    private static void provenance(StringBuilder html, MonthlyReport report, ReportViews views) {
        Publication publication = report.publication();
        html.append("<dl id=\"provenance\" class=\"provenance\">");
        term(html, "Period", report.period().toString());
        term(html, "Computed at", Html.instant(report.computedAtEpochMillis()));
        term(html, "Catalogue", report.catalogueSource());
        term(html, "Catalogue fingerprint", publication == null ? "not published" : publication.catalogueFingerprint());
        if (publication != null) {
            Publication.Version current = publication.current();
            term(html, "Version", current.version() + " (" + current.reason() + ")");
            term(html, "Published at", Html.instant(current.computedAtEpochMillis()));
        }
        term(html, "Data fingerprint", views.dataFingerprint() == null ? "unknown" : views.dataFingerprint());
        long provisional = report.measures().stream().filter(f -> !f.isFinal()).count();
        term(html, "Finality", provisional == 0 ? "final: every source has reported the period"
                : provisional + " of " + report.measures().size() + " figures provisional (marked \u2020)");
        html.append("</dl>");
    }

    private static void term(StringBuilder html, String term, String value) {
        html.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private static void introduction(StringBuilder html, MonthlyReport report) {
        html.append("<section id=\"introduction\"><h2>1. Introduction</h2><p>The DCC's service levels for ")
                .append(esc(report.period().toString()))
                .append(" (SEC H13.1 and L8.6): each measure's level against its Target and Minimum Service Level,"
                        + " computed from the agents' stored measurements and the imported files named in each row."
                        + " Levels are exact percentages of integer counts, rounded half-up to two decimals; a status"
                        + " is given by colour and by word. \u2020 marks a provisional figure (a source has not"
                        + " reported the whole period yet).</p></section>\n");
    }

    /** Every measure below target or minimum, CPMs first naming the contributors that pulled them down. */
    static void summary(StringBuilder html, MonthlyReport report) {
        html.append("<section id=\"summary\"><h2>2. Executive summary</h2>");
        List<MeasureFigure> below = new ArrayList<>();
        for (MeasureFigure figure : report.measures()) {
            if (figure.status() == MeasureStatus.BELOW_TARGET || figure.status() == MeasureStatus.BELOW_MINIMUM) {
                below.add(figure);
            }
        }
        if (below.isEmpty()) {
            html.append("<p class=\"all-met\">Every measure with events met its target.</p>");
        } else {
            html.append("<ul class=\"below\">");
            for (MeasureFigure figure : below) {
                html.append("<li data-measure=\"").append(esc(figure.id())).append("\" class=\"")
                        .append(figure.status().code()).append("\"><b>").append(esc(figure.id())).append("</b> ")
                        .append(esc(figure.name())).append(": ").append(verdict(figure))
                        .append(figure.isFinal() ? "" : " \u2020");
                if (figure.kind() == MeasureKind.COMPOSITE || figure.id().startsWith("CPM")) {
                    List<String> pulling = pullingDown(report, figure);
                    if (!pulling.isEmpty()) {
                        html.append("; pulled down by ").append(esc(String.join(", ", pulling)));
                    }
                }
                report.commentaryOf(figure.id()).ifPresentOrElse(
                        c -> html.append("<br>").append(HtmlIncidents.commentaryText(c, figure)),
                        () -> html.append(figure.status() == MeasureStatus.BELOW_MINIMUM
                                ? "<br><span class=\"mismatch\">No reasons or mitigation imported"
                                        + " (pmr collector import commentary).</span>" : ""));
                html.append("</li>");
            }
            html.append("</ul>");
        }
        html.append("</section>\n");
    }

    /** The level against the line it missed; a count (lower is better) exceeds its target or minimum. */
    private static String verdict(MeasureFigure figure) {
        boolean belowMinimum = figure.status() == MeasureStatus.BELOW_MINIMUM;
        if (figure.kind() == MeasureKind.COUNT) {
            return "count " + num(figure.level()) + (belowMinimum ? " <b>exceeds the minimum</b> " + num(figure.minimum())
                    : " exceeds the target " + num(figure.target()));
        }
        return num(figure.level()) + " is " + (belowMinimum ? "<b>below minimum</b> " + num(figure.minimum())
                : "below target " + num(figure.target()));
    }

    /** Contributors of a CPM that are themselves below target. */
    private static List<String> pullingDown(MonthlyReport report, MeasureFigure cpm) {
        List<String> pulling = new ArrayList<>();
        for (MeasureFigure figure : report.measures()) {
            if (cpm.contributors().contains(figure.id()) && (figure.status() == MeasureStatus.BELOW_TARGET
                    || figure.status() == MeasureStatus.BELOW_MINIMUM)) {
                pulling.add(figure.id() + " " + num(figure.level()));
            }
        }
        return pulling;
    }
}
