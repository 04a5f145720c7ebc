package io.pmr.collector.measure;

import io.pmr.collector.imports.Commentary;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.report.MeasureCommentary;
import io.pmr.collector.report.MeasureFigure;
import java.util.ArrayList;
import java.util.List;

/**
 * Attaches imported commentary to the figures it explains: same measure, same period ({@code yyyy-MM}, or the
 * quarter's {@code yyyy-Qn}). A commentary written for another status than the figure's is kept and flagged, so a
 * reader sees both the words and the mismatch.
 */
final class CommentaryFigures {
    private CommentaryFigures() {
    }

    /** One commentary per figure at most (the natural key is measure and period), in the figures' order. */
    static List<MeasureCommentary> attach(List<MeasureFigure> figures, ImportedData imported) {
        List<MeasureCommentary> attached = new ArrayList<>();
        for (MeasureFigure figure : figures) {
            for (Commentary c : imported.commentary()) {
                if (c.measureId().equals(figure.id()) && c.period().equals(figure.period())) {
                    attached.add(new MeasureCommentary(c.measureId(), c.period(), c.status(), c.reason(),
                            c.mitigation(), c.source().text(), c.status().equals(figure.status().code())));
                    break;
                }
            }
        }
        return attached;
    }
}
