package io.pmr.collector.view;

/** The report page's inline style sheet, screen and print. */
final class HtmlStyle {
    static final String CSS = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1b1b1b}
            h1{font-size:24px;margin:0 0 8px}h2{font-size:20px;border-bottom:2px solid #2b4a7a;padding-bottom:2px}
            h3{font-size:16px;margin:18px 0 6px}
            table{border-collapse:collapse;margin:6px 0 14px;width:100%}
            th,td{border:1px solid #c8ccd2;padding:3px 6px;text-align:left;vertical-align:top}
            th{background:#eef1f6}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            td.src{font-size:11px;color:#555;max-width:260px;word-break:break-all}
            .status{font-weight:600;white-space:nowrap}
            .at_or_above_target .status{background:#d9f2dd;color:#185c25}
            .below_target .status{background:#fff0c2;color:#6b4b00}
            .below_minimum .status{background:#f8d3d3;color:#8a1010}
            .no_events .status,.data_exempted .status{background:#e6e6e6;color:#444}
            .not_reported .status{background:#fff;color:#444;border:1px dashed #888}
            li.below_minimum{color:#8a1010}li.below_target{color:#6b4b00}
            .provisional{color:#8a4b00;font-weight:700}
            .front .key-figures p{margin:4px 0;font-size:16px}.credit-total .pounds{font-size:22px}
            table.status-counts{width:auto}table.status-counts caption{text-align:left;font-weight:600;padding:2px 0}
            table.status-counts td{padding:4px 10px}table.status-counts .count{font-size:18px;padding-left:4px}
            nav#contents h2{font-size:15px;border:0;margin:10px 0 2px}
            nav#contents ul{columns:3 16em;margin:0;padding-left:0;list-style:none;font-size:13px}
            details.folded{margin:4px 0 12px}
            details.folded summary,details.provenance summary{cursor:pointer;color:#444}
            .mismatch{color:#8a4b00;font-style:italic} tr.commentary td{font-size:90%;background:#fafafa}
            dl.provenance{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:12px}
            dl.provenance dt{font-weight:600}dl.provenance dd{margin:0;word-break:break-all}
            .plots{display:flex;flex-wrap:wrap;gap:10px}
            svg.plot{box-sizing:border-box;border:1px solid #d5d8de;background:#fff;width:calc(50% - 6px);min-width:320px;height:auto}
            svg.plot text{font-size:11px;fill:#222}svg.plot .share{font-weight:700;font-size:12px}
            svg.plot .subject{font-weight:700;font-size:12px;fill:#2b4a7a}
            svg.plot .axis{fill:none;stroke:#555}svg.plot .tick{stroke:#555}svg.plot .grid{stroke:#e8eaee}
            svg.plot .axis-label{font-weight:600;fill:#444}svg.plot .trt-label{font-weight:600}
            svg.plot .bar{fill:#7a8fb3}svg.plot .within{fill:#4a9a5a}svg.plot .beyond{fill:#c95050}
            svg.plot .trt{stroke:#222;stroke-width:2;stroke-dasharray:4 3}
            svg.plot .target{stroke:#2e7d32;stroke-width:1.5;stroke-dasharray:6 3}
            svg.plot .minimum{stroke:#c62828;stroke-width:1.5;stroke-dasharray:2 2}
            svg.plot .level{fill:none;stroke:#2b4a7a;stroke-width:1.5}svg.plot .day{fill:#2b4a7a}
            svg.plot .final{fill:#8fb3d9}svg.plot .reported{fill:#e08a00}
            @media print{body{margin:0;font-size:11px}section{page-break-before:always;break-before:page}
            section#front,section#introduction,section#summary{page-break-before:auto;break-before:auto}
            table,svg.plot{page-break-inside:avoid;break-inside:avoid}tr{break-inside:avoid}}
            """;

    private HtmlStyle() {
    }
}
