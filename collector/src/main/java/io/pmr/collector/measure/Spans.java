package io.pmr.collector.measure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Half-open time spans {@code [start, end)} (any unit) and the set arithmetic availability and exclusions need. */
final class Spans {
    private Spans() {
    }

    record Span(long start, long end) {
        long length() {
            return end - start;
        }
    }

    /** The union as disjoint spans sorted by start (touching spans merge); empty spans dropped. */
    static List<Span> union(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.removeIf(s -> s.end() <= s.start());
        sorted.sort(Comparator.comparingLong(Span::start));
        List<Span> out = new ArrayList<>();
        for (Span span : sorted) {
            if (!out.isEmpty() && span.start() <= out.get(out.size() - 1).end()) {
                Span last = out.remove(out.size() - 1);
                out.add(new Span(last.start(), Math.max(last.end(), span.end())));
            } else {
                out.add(span);
            }
        }
        return out;
    }

    /** Each span clipped to {@code [from, to)}, empty ones dropped. */
    static List<Span> clip(List<Span> spans, long from, long to) {
        List<Span> out = new ArrayList<>();
        for (Span span : spans) {
            long start = Math.max(span.start(), from);
            long end = Math.min(span.end(), to);
            if (end > start) {
                out.add(new Span(start, end));
            }
        }
        return out;
    }

    /** Intersection of two unions (each disjoint and sorted). */
    static List<Span> intersect(List<Span> a, List<Span> b) {
        List<Span> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            long start = Math.max(a.get(i).start(), b.get(j).start());
            long end = Math.min(a.get(i).end(), b.get(j).end());
            if (end > start) {
                out.add(new Span(start, end));
            }
            if (a.get(i).end() < b.get(j).end()) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }

    static long total(List<Span> spans) {
        long total = 0;
        for (Span span : spans) {
            total = Math.addExact(total, span.length());
        }
        return total;
    }
}
