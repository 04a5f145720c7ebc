package io.pmr.collector.publish;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.credit.CreditHistory;
import io.pmr.collector.credit.CreditInput;
import io.pmr.collector.credit.CreditTable;
import io.pmr.collector.credit.ServiceCredits;
import io.pmr.collector.data.MeasureData;
import io.pmr.collector.measure.MeasureEngine;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.Publication;
import io.pmr.collector.report.ReportWriter;
import io.pmr.collector.store.ReportVersion;
import io.pmr.collector.store.ReportVersionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a period: computes its figures, the service credits they earn, and records them as a new version of the
 * period when they differ from the latest recorded version (a restatement), keeping every earlier version with when
 * and why. Computing again over unchanged data and catalogue records nothing and returns the latest version.
 *
 * <p>What counts as a change is the figures-only JSON ({@link MonthlyReport#figuresOnly()}: every level, count,
 * status, finality flag and missing range) together with the catalogue's fingerprint; its SHA-256 is kept in the
 * version's fingerprint as {@code figures=<sha256>;data=<store fingerprint>;catalogue=<sha256>}.
 *
 * <p>The publication carries the 12-month credit table ({@link CreditHistory}): the month and the 11 before it, each
 * computed now from stored data, and marked restated where a stored version of that month kept other credits.
 *
 * <p>Threading: publishes of one period may run at once, in threads or processes: a version is recorded only as the
 * successor of the latest one this publish read ({@link ReportVersionStore#recordReportVersion}); one overtaken by
 * another computes again, so the same figures are never recorded twice and no version is overwritten.
 */
public final class ReportPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ReportPublisher.class);
    /** Computations of one publish at most, each overtaken by another publish but the last. */
    private static final int ATTEMPTS = 3;

    private final Catalogue catalogue;
    private final MeasureEngine engine;
    private final ServiceCredits credits;
    private final MeasureData data;
    private final ReportVersionStore versions;
    private final Clock clock;

    public ReportPublisher(Catalogue catalogue, MeasureData data, ReportVersionStore versions, Clock clock) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.engine = new MeasureEngine(catalogue);
        this.credits = new ServiceCredits(catalogue);
        this.data = Objects.requireNonNull(data, "data");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Computes the month now and records it as a new version if its figures changed.
     *
     * @param reason why the period is (re)computed, e.g. {@code "late data from agent-north"}; null for none. Only
     *               recorded when a new version is made; the recorded reason also says what changed.
     * @return the report with its publication block (version, history, credits, catalogue fingerprint)
     */
    public MonthlyReport publish(YearMonth month, String reason) {
        for (int attempt = 1; attempt < ATTEMPTS; attempt++) {
            Optional<MonthlyReport> published = attempt(month, reason);
            if (published.isPresent()) {
                return published.get();
            }
            LOG.info("period {}: another publish recorded a version first; computing again", month);
        }
        return attempt(month, reason).orElseThrow(() -> new IllegalStateException("period " + month
                + " could not be published: other publishes recorded a version first " + ATTEMPTS + " times"));
    }

    /** One computation and, when the figures changed, its recording; empty when another publish recorded first. */
    private Optional<MonthlyReport> attempt(YearMonth month, String reason) {
        long now = clock.millis();
        MonthlyReport report = engine.compute(month, data, now);
        CreditTable creditTable = credits.compute(creditInputs(report));
        String figuresDigest = sha256(ReportWriter.json(report.figuresOnly()) + "\ncatalogue=" + catalogue.fingerprint());
        String fingerprint = "figures=" + figuresDigest + ";data=" + versions.dataFingerprint() + ";catalogue="
                + catalogue.fingerprint();
        String period = month.toString();
        List<ReportVersion> earlier = versions.reportVersions(period);
        List<Publication.Version> history = new ArrayList<>();
        for (ReportVersion version : earlier) {
            history.add(new Publication.Version(version.version(), version.computedAtEpochMillis(), version.reason()));
        }
        ReportVersion latest = earlier.isEmpty() ? null : earlier.get(earlier.size() - 1);
        boolean unchanged = latest != null && figuresDigest.equals(Restatements.part(latest.fingerprint(), "figures"));
        // this month's row compares with the versions before the one published now, so republishing unchanged
        // figures gives the same bytes
        List<ReportVersion> before = unchanged ? earlier.subList(0, earlier.size() - 1) : earlier;
        CreditHistory creditHistory = CreditHistories.build(catalogue, month,
                m -> m.equals(month) ? creditTable : credits.compute(creditInputs(engine.compute(m, data, now))),
                p -> p.equals(period) ? before : versions.reportVersions(p));
        if (unchanged) {
            return Optional.of(report.withPublication(new Publication(catalogue.fingerprint(), creditTable,
                    latest.version(), history, creditHistory)));
        }
        String why = latest == null
                ? (reason == null ? "first computation" : "first computation: " + reason)
                : Restatements.reason(reason, latest, fingerprint, report);
        int next = latest == null ? 1 : latest.version() + 1;
        history.add(new Publication.Version(next, now, why));
        MonthlyReport published = report.withPublication(new Publication(catalogue.fingerprint(), creditTable, next,
                history, creditHistory));
        if (versions.recordReportVersion(period, next, now, why, fingerprint, ReportWriter.json(published))
                .isEmpty()) {
            return Optional.empty();
        }
        LOG.info("period {}: version {} recorded ({})", period, next, why);
        return Optional.of(published);
    }

    /**
     * The credits a month's figures earn, as {@link #publish} would compute them now, recording nothing: the table of
     * {@code figures}' levels and the 12-month history (other months computed now, restatements judged against every
     * recorded version, this month's included).
     */
    public CreditsPreview preview(MonthlyReport figures) {
        long now = clock.millis();
        YearMonth month = figures.period();
        CreditTable creditTable = credits.compute(creditInputs(figures));
        CreditHistory creditHistory = CreditHistories.build(catalogue, month,
                m -> m.equals(month) ? creditTable : credits.compute(creditInputs(engine.compute(m, data, now))),
                versions::reportVersions);
        return new CreditsPreview(creditTable, creditHistory);
    }

    /** The JSON of a recorded version, as it was published. */
    public Optional<String> recordedJson(YearMonth month, int version) {
        return versions.reportVersion(month.toString(), version).map(ReportVersion::reportJson);
    }

    private static List<CreditInput> creditInputs(MonthlyReport report) {
        List<CreditInput> inputs = new ArrayList<>();
        for (MeasureFigure figure : report.measures()) {
            inputs.add(new CreditInput(figure.id(), figure.level()));
        }
        return inputs;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
