package io.pmr.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;

/**
 * The demo's data from outside the agents: what a DCC service desk and the providers would supply for the month
 * (incidents with their impact times, availability outages and maintenance windows, supplied ratios and counts, power
 * outage events, an exclusion, the reasons for a figure below its minimum). Written as the import CSVs of {@code docs/imports.md}, with times in UK local time without an offset,
 * placed by day and time of the chosen month so the expected figures are the same for every month except where
 * the month's length enters (availability). The expected figures are worked by hand in the comments and asserted
 * by {@code DemoImportsTest}.
 */
final class DemoImports {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT);

    private DemoImports() {
    }

    /**
     * The files, in the order they should be imported: kind -> file name -> content.
     *
     * @param powerOutages     whether to supply the month's power outage events and the probed interfaces'
     *                         availability windows (CSPN/PM6.2, DSP/PM2.1); false when the agents measure PM12.1,
     *                         PM12.2 and probe the interfaces themselves (the whole simulation): an import would be
     *                         counted on top
     * @param maintenanceRows  availability rows ({@code measure,maintenance,start,end}) of the rig's notified
     *                         maintenance windows, for the agents' probed measures; empty for the classic rig
     */
    static Map<String, String> files(YearMonth month, boolean powerOutages, List<String> maintenanceRows) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("incidents", incidents(month));
        files.put("availability", availability(month, powerOutages, maintenanceRows));
        files.put("ratios", ratios(month));
        if (powerOutages) {
            files.put("power-outages", powerOutages(month));
        }
        files.put("exclusions", exclusions());
        files.put("commentary", commentary(month));
        return files;
    }

    /**
     * Writes the files into {@code dir} as {@code <kind>.csv}; returns kind -> path, in import order.
     *
     * @param powerOutages    as {@link #files}
     * @param maintenanceRows as {@link #files}
     */
    static Map<String, Path> write(YearMonth month, Path dir, boolean powerOutages, List<String> maintenanceRows) {
        Map<String, Path> paths = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> file : files(month, powerOutages, maintenanceRows).entrySet()) {
                Path path = dir.resolve(file.getKey() + ".csv");
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                paths.put(file.getKey(), path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's import files in " + dir, e);
        }
        return paths;
    }

    /*
     * Target resolution times are the shipped catalogue's: category 1 4h, 2 8h, 3 2d, 4 5d, 5 10d, every category on
     * the impact clock (service impacted to restored), falling back to raised to resolved without impact times.
     * CPM4 (categories 1-2, every provider): INC-1001 within (impact 08:50-11:20, 2h30; raised to resolved 3h30),
     * INC-1002 failed (impact 09:45-14:15, 4h30; raised to resolved 5h), INC-1003 within (no impact times: 7h raised
     * to resolved, raised the previous month, closed in this one), INC-1004 excluded (duplicate): 2 of 3 = 66.67%.
     * CPM5 (categories 3-5): INC-1005 within (24h), INC-1006 failed (3d) but excluded from CPM5 by exclusions.csv,
     * INC-1007 within (3d), INC-1008 within (7d); INC-1009 open and INC-1010 closed next month do not count:
     * 3 of 3 = 100.00% (before exclusions 3 of 4 = 75.00%).
     * CSPN/PM7.4 (CSP North, categories 3-5, a KPI): INC-1006 failed, INC-1007 within: 1 of 2 = 50.00%.
     * Aged open at the month's end: INC-1009 (category 4) and INC-1010 (category 5), both raised in the month.
     */
    private static String incidents(YearMonth month) {
        YearMonth previous = month.minusMonths(1);
        YearMonth next = month.plusMonths(1);
        return "incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason,provider,impacted_at,"
                + "restored_at\n"
                + row("INC-1001", "1", at(month, 2, 9, 0), at(month, 2, 12, 30), at(month, 2, 13, 0), "", "DCC",
                        at(month, 2, 8, 50), at(month, 2, 11, 20))
                + row("INC-1002", "1", at(month, 5, 10, 0), at(month, 5, 15, 0), at(month, 5, 16, 0), "", "DCC",
                        at(month, 5, 9, 45), at(month, 5, 14, 15))
                + row("INC-1003", "2", at(previous, previous.lengthOfMonth(), 22, 0), at(month, 1, 5, 0),
                        at(month, 1, 6, 0), "", "DCC")
                + row("INC-1004", "2", at(month, 10, 8, 0), at(month, 10, 9, 0), at(month, 10, 9, 30),
                        "Duplicate of INC-1003", "DCC")
                + row("INC-1005", "3", at(month, 3, 8, 0), at(month, 4, 8, 0), at(month, 4, 9, 0), "", "DCC")
                + row("INC-1006", "3", at(month, 12, 8, 0), at(month, 15, 8, 0), at(month, 15, 10, 0), "",
                        "CSP North")
                + row("INC-1007", "4", at(month, 6, 8, 0), at(month, 9, 8, 0), at(month, 9, 9, 0), "", "CSP North")
                + row("INC-1008", "5", at(month, 1, 9, 0), at(month, 8, 9, 0), at(month, 8, 10, 0), "", "DCC")
                + row("INC-1009", "4", at(month, 20, 9, 0), "", "", "", "DCC")
                + row("INC-1010", "5", at(month, 25, 9, 0), at(month, 28, 9, 0), at(next, 2, 9, 0), "", "DCC");
    }

    /*
     * CSPN/PM6.2: an outage 01:00-02:30 on day 7 inside a maintenance window 01:00-02:00: 30 minutes count.
     * In a 30-day month without a clock change (43,200 minutes): 43,170 / 43,200 = 99.9305...% = 99.93%.
     * DSP/PM2.1: 20 minutes down on day 14: 43,180 / 43,200 = 99.9537...% = 99.95%.
     * Both stand in only where no agent probes the interface (the classic demo); with the whole simulation the agents'
     * down windows and the rig's notified maintenance decide, and an imported outage would be counted on top.
     */
    private static String availability(YearMonth month, boolean standIns, List<String> maintenanceRows) {
        StringBuilder rows = new StringBuilder("measure,kind,start,end\n");
        if (standIns) {
            rows.append(row("CSPN/PM6.2", "maintenance", at(month, 7, 1, 0), at(month, 7, 2, 0)))
                    .append(row("CSPN/PM6.2", "outage", at(month, 7, 1, 0), at(month, 7, 2, 30)))
                    .append(row("DSP/PM2.1", "outage", at(month, 14, 10, 0), at(month, 14, 10, 20)));
        }
        for (String maintenance : maintenanceRows) {
            rows.append(maintenance).append('\n');
        }
        return rows.toString();
    }

    /**
     * The rig's notified maintenance windows of the interfaces probed from these regions ({@code CSPx/PM6.2}; from
     * NORTH also {@code DSP/PM2.1} to {@code PM2.5}, {@code PM2.7} and {@code CSPN/PM6.3}), as availability import
     * rows: a notice the DCC imports, not something a probe sees.
     */
    static List<String> maintenanceRows(io.pmr.hardware.sim.GroundTruth truth, java.util.Set<io.pmr.hardware.Region> regions) {
        List<String> rows = new java.util.ArrayList<>();
        for (io.pmr.hardware.EventKind kind : io.pmr.hardware.EventKind.every()) {
            for (io.pmr.hardware.Region region : io.pmr.hardware.Region.values()) {
                if (!kind.availabilityProbe() || !kind.measuredIn(region) || !regions.contains(region)) {
                    continue;
                }
                String measureId = kind.measureId(region);
                for (io.pmr.hardware.sim.TimeWindow window : truth.availability().maintenanceWindows(measureId)) {
                    rows.add(maintenanceRow(measureId, window.startEpochMillis(), window.endEpochMillis()));
                }
            }
        }
        return rows;
    }

    /** An availability row of a notified maintenance window, times as UTC instants. */
    static String maintenanceRow(String measureId, long startEpochMillis, long endEpochMillis) {
        return measureId + ",maintenance," + java.time.Instant.ofEpochMilli(startEpochMillis) + ","
                + java.time.Instant.ofEpochMilli(endEpochMillis);
    }

    /*
     * Ratios: CSPN/PM1.1 412/500 = 82.40% (a within_trt measure: the stand-in holds in the classic demo, where no
     * agent measures it; with the whole simulation the agents' records decide and the row is ignored); CSPN/PM11 9,700/10,000 = 97.00%. Counts (denominator blank): DSP/PM3 2
     * (target 0, minimum 5: below target), S1SP-SIE/PM3.1 0 (at target). Quarterly DSP/PM7 for the month's
     * quarter: 9/10 = 90.00%. (No stand-in for a measure that feeds a composite: the demo's composites are checked
     * against the rig's ground truth alone.)
     */
    private static String ratios(YearMonth month) {
        String quarter = month.getYear() + "-Q" + ((month.getMonthValue() - 1) / 3 + 1);
        return "measure,period,numerator,denominator\n"
                + row("CSPN/PM1.1", month.toString(), "412", "500")
                + row("CSPN/PM11", month.toString(), "9700", "10000")
                + row("DSP/PM3", month.toString(), "2", "")
                + row("S1SP-SIE/PM3.1", month.toString(), "0", "")
                + row("DSP/PM7", quarter, "9", "10");
    }

    /*
     * CSPN/PM12.2, three outage events, N = 2,500 + 4,309 + 120 = 6,929 alerts, A = 2,497 + 4,307 + 60 = 6,864.
     * As historically reported: 100 x 6,864 / (((6,929 - 50) x 0.25) + 50) = 686,400 / 1,769.75 = 387.85%.
     * Per event: required = ((N - 50) x 0.25) + 50: 662.5, 1,114.75 and 67.5; credited min(A, required): 662.5,
     * 1,114.75 and 60; level = 100 x 1,837.25 / 1,844.75 = 99.5934...% = 99.59%.
     * CSPN/PM12.1 (50 hubs or fewer): 30 hubs 29 in time, 12 hubs 12 in time: 41 / 42 = 97.619...% = 97.62%.
     */
    private static String powerOutages(YearMonth month) {
        return "measure,event_id,started_at,hubs,alerts_within_trt\n"
                + row("CSPN/PM12.2", "PO-N-1", at(month, 3, 14, 0), "2500", "2497")
                + row("CSPN/PM12.2", "PO-N-2", at(month, 17, 2, 0), "4309", "4307")
                + row("CSPN/PM12.2", "PO-N-3", at(month, 22, 18, 45), "120", "60")
                + row("CSPN/PM12.1", "PO-N-4", at(month, 9, 11, 0), "30", "29")
                + row("CSPN/PM12.1", "PO-N-5", at(month, 26, 4, 30), "12", "12");
    }

    /** Reasons and mitigation for CPM4, below its minimum (66.67 of 85.00), as the report must give them. */
    private static String commentary(YearMonth month) {
        return "measure,period,status,reason,mitigation\n"
                + row("CPM4", month.toString(), "below_minimum",
                        "INC-1002 (category 1): service impacted for 4 h 30 m against a 4 h target",
                        "Failover runbook rehearsed; on-call rota extended");
    }

    private static String exclusions() {
        return "measure,scope,device_or_window,reason\n"
                + row("CPM5", "*", "INC-1006", "Incident caused by a Service User");
    }

    private static String at(YearMonth month, int day, int hour, int minute) {
        return LocalDateTime.of(month.getYear(), month.getMonth(), day, hour, minute).format(LOCAL);
    }

    private static String row(String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i];
            if (i > 0) {
                line.append(',');
            }
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0) {
                line.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                line.append(field);
            }
        }
        return line.append('\n').toString();
    }
}
