package io.pmr.collector.report;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.watermark;
import static io.pmr.collector.TestEnvelopes.withExclusion;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.measure.MeasureEngine;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.Envelope;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    static final Catalogue CATALOGUE = Catalogue.parse("test-catalogue", new StringReader("""
            CPM1,DCC,Code,Percentage of On-Demand Service Responses delivered within TRT,composite,,monthly,99.00,96.00,
            CSPN/PM4.3,CSP North,SMETS2,"RTT4, within 25 seconds",within_trt,25s,monthly,85.00,80.00,CPM1
            CSPC/PM4.3,CSP Central,SMETS2,RTT4 within 25 seconds,within_trt,25s,monthly,96.00,90.00,CPM1
            CSPN/PM6.3,CSP North,Availability,Access Node availability (KPI),within_trt,10s,monthly,99.80,,
            CSPS/PM4.3,CSP South,SMETS2,RTT4 within 25 seconds,within_trt,25s,monthly,96,90,CPM1
            """));
    static final long SEP_START = millis("2020-08-31T23:00:00Z");
    static final long OCT_START = millis("2020-09-30T23:00:00Z");

    @TempDir
    Path dir;
    MonthlyReport report;

    @BeforeEach
    void computeFixedDataset() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            for (Envelope envelope : List.of(
                    status("rig-north", 1, 1, "CSPN/PM4.3", 25_000),
                    intervals("rig-north", 1, 2,
                            withExclusion(interval("CSPN/PM4.3", SEP_START, 25_000, 1_240, 1_234),
                                    "Test Lab Installations", 3),
                            withExclusion(interval("CSPN/PM4.3", SEP_START + 60_000, 25_000, 0, 0),
                                    "Communication Hub in Low Coverage database", 1)),
                    watermark("rig-north", 1, 3, "CSPN/PM4.3", OCT_START),
                    status("rig-central", 1, 1, "CSPC/PM4.3", 25_000),
                    intervals("rig-central", 1, 2, interval("CSPC/PM4.3", OCT_START - 60_000, 25_000, 3, 2)),
                    intervals("lab-7", 1, 1, interval("CSPN/PM6.3", SEP_START, 10_000, 0, 0)))) {
                store.write(List.of(new StoreWrite.Accept(envelope, 0L)));
            }
            report = new MeasureEngine(CATALOGUE).compute(YearMonth.of(2020, 9), store);
        }
    }

    @Test
    void jsonIsTheDocumentedContract() throws IOException {
        Path file = dir.resolve("out").resolve("report.json");

        ReportWriter.writeJson(report, file);

        assertEquals(EXPECTED_JSON, Files.readString(file));
    }

    @Test
    void csvHasOneLinePerMeasure() throws IOException {
        Path file = dir.resolve("report.csv");

        ReportWriter.writeCsv(report, file);

        assertEquals("""
                id,provider,kind,numerator,denominator,level,target,minimum,status,final,period,kpi,source,previous_level,numerator_before,denominator_before,level_before,excluded_total,historical_level,previous_final,method,per_event_level,mean_of_levels,pooled_level,not_reported,name,trt,unit
                CPM1,DCC,composite,1236,1243,83.10,99.00,96.00,below_minimum,false,2020-09,false,agents,,1236,1243,83.10,4,,,mean_of_levels,,83.10,99.44,CSPS/PM4.3,Percentage of On-Demand Service Responses delivered within TRT,,percent
                CSPN/PM4.3,CSP North,within_trt,1234,1240,99.52,85.00,80.00,at_or_above_target,true,2020-09,false,agents,,1234,1240,99.52,4,,,,,,,,"RTT4, within 25 seconds",25s,percent
                CSPC/PM4.3,CSP Central,within_trt,2,3,66.67,96.00,90.00,below_minimum,false,2020-09,false,agents,,2,3,66.67,0,,,,,,,,RTT4 within 25 seconds,25s,percent
                CSPN/PM6.3,CSP North,within_trt,0,0,,99.80,,no_events,false,2020-09,true,agents,,0,0,,0,,,,,,,,Access Node availability (KPI),10s,percent
                CSPS/PM4.3,CSP South,within_trt,0,0,,96.00,90.00,not_reported,true,2020-09,false,none,,0,0,,0,,,,,,,,RTT4 within 25 seconds,25s,percent
                """, Files.readString(file));
    }

    @Test
    void sameDataGivesByteIdenticalFiles() throws IOException {
        ReportWriter.writeJson(report, dir.resolve("a.json"));
        ReportWriter.writeJson(report, dir.resolve("b.json"));
        ReportWriter.writeCsv(report, dir.resolve("a.csv"));
        ReportWriter.writeCsv(report, dir.resolve("b.csv"));

        assertArrayEquals(Files.readAllBytes(dir.resolve("a.json")), Files.readAllBytes(dir.resolve("b.json")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.csv")), Files.readAllBytes(dir.resolve("b.csv")));
    }

    @Test
    void tableListsCompositesWithTheirContributorsFirst() {
        assertEquals("""
                Period 2020-09
                MEASURE       KIND        PERIOD   WITHIN  EVENTS  LEVEL  TARGET  MINIMUM  STATUS              FINAL        PREVIOUS  SOURCE
                CPM1          composite   2020-09    1236    1243  83.10   99.00    96.00  below_minimum       provisional         -  agents
                  CSPN/PM4.3  within_trt  2020-09    1234    1240  99.52   85.00    80.00  at_or_above_target  final               -  agents
                  CSPC/PM4.3  within_trt  2020-09       2       3  66.67   96.00    90.00  below_minimum       provisional         -  agents
                CSPN/PM6.3    within_trt  2020-09       0       0      -   99.80        -  no_events           provisional         -  agents
                CSPS/PM4.3    within_trt  2020-09       0       0      -   96.00    90.00  not_reported        final               -  none
                CPM1: level is the mean of its contributors' levels; pooled events: 99.44; not reported, left out: CSPS/PM4.3
                1 measures have no source this period (not_reported).
                missing: rig-central CSPC/PM4.3 [2020-08-31T23:00:00Z, 2020-09-30T23:00:00Z)
                """, ReportWriter.table(report));
    }

    static final String EXPECTED_JSON = """
            {
              "period": "2020-09",
              "computedAt": null,
              "catalogue": "test-catalogue",
              "measures": [
                {
                  "id": "CPM1",
                  "name": "Percentage of On-Demand Service Responses delivered within TRT",
                  "provider": "DCC",
                  "kind": "composite",
                  "period": "2020-09",
                  "covers": {
                    "from": "2020-08-31T23:00:00Z",
                    "to": "2020-09-30T23:00:00Z"
                  },
                  "trt": null,
                  "numerator": 1236,
                  "denominator": 1243,
                  "level": "83.10",
                  "target": "99.00",
                  "minimum": "96.00",
                  "status": "below_minimum",
                  "final": false,
                  "whyProvisional": [
                    "contributor CSPC/PM4.3 is provisional"
                  ],
                  "kpi": false,
                  "previousLevel": null,
                  "previousFinal": null,
                  "source": "agents",
                  "agents": [
                    "rig-central",
                    "rig-north"
                  ],
                  "files": [],
                  "beforeExclusions": {
                    "numerator": 1236,
                    "denominator": 1243,
                    "level": "83.10"
                  },
                  "excluded": [
                    {
                      "reason": "Communication Hub in Low Coverage database",
                      "count": 1
                    },
                    {
                      "reason": "Test Lab Installations",
                      "count": 3
                    }
                  ],
                  "contributors": [
                    "CSPN/PM4.3",
                    "CSPC/PM4.3"
                  ],
                  "composite": {
                    "method": "mean_of_levels",
                    "meanOfLevels": "83.10",
                    "pooledLevel": "99.44",
                    "notReported": [
                      "CSPS/PM4.3"
                    ],
                    "contributors": [
                      {
                        "id": "CSPN/PM4.3",
                        "level": "99.52",
                        "status": "at_or_above_target",
                        "inMean": true
                      },
                      {
                        "id": "CSPC/PM4.3",
                        "level": "66.67",
                        "status": "below_minimum",
                        "inMean": true
                      },
                      {
                        "id": "CSPS/PM4.3",
                        "level": null,
                        "status": "not_reported",
                        "inMean": false
                      }
                    ]
                  },
                  "notes": [
                    "not reported, left out: CSPS/PM4.3"
                  ],
                  "commentary": null
                },
                {
                  "id": "CSPN/PM4.3",
                  "name": "RTT4, within 25 seconds",
                  "provider": "CSP North",
                  "kind": "within_trt",
                  "period": "2020-09",
                  "covers": {
                    "from": "2020-08-31T23:00:00Z",
                    "to": "2020-09-30T23:00:00Z"
                  },
                  "trt": "25s",
                  "numerator": 1234,
                  "denominator": 1240,
                  "level": "99.52",
                  "target": "85.00",
                  "minimum": "80.00",
                  "status": "at_or_above_target",
                  "final": true,
                  "whyProvisional": [],
                  "kpi": false,
                  "previousLevel": null,
                  "previousFinal": null,
                  "source": "agents",
                  "agents": [
                    "rig-north"
                  ],
                  "files": [],
                  "beforeExclusions": {
                    "numerator": 1234,
                    "denominator": 1240,
                    "level": "99.52"
                  },
                  "excluded": [
                    {
                      "reason": "Communication Hub in Low Coverage database",
                      "count": 1
                    },
                    {
                      "reason": "Test Lab Installations",
                      "count": 3
                    }
                  ],
                  "notes": [],
                  "commentary": null
                },
                {
                  "id": "CSPC/PM4.3",
                  "name": "RTT4 within 25 seconds",
                  "provider": "CSP Central",
                  "kind": "within_trt",
                  "period": "2020-09",
                  "covers": {
                    "from": "2020-08-31T23:00:00Z",
                    "to": "2020-09-30T23:00:00Z"
                  },
                  "trt": "25s",
                  "numerator": 2,
                  "denominator": 3,
                  "level": "66.67",
                  "target": "96.00",
                  "minimum": "90.00",
                  "status": "below_minimum",
                  "final": false,
                  "whyProvisional": [
                    "rig-central (expected: declared it) has not reported CSPC/PM4.3 from 2020-08-31T23:00:00Z to 2020-09-30T23:00:00Z"
                  ],
                  "kpi": false,
                  "previousLevel": null,
                  "previousFinal": null,
                  "source": "agents",
                  "agents": [
                    "rig-central"
                  ],
                  "files": [],
                  "beforeExclusions": {
                    "numerator": 2,
                    "denominator": 3,
                    "level": "66.67"
                  },
                  "excluded": [],
                  "notes": [],
                  "commentary": null
                },
                {
                  "id": "CSPN/PM6.3",
                  "name": "Access Node availability (KPI)",
                  "provider": "CSP North",
                  "kind": "within_trt",
                  "period": "2020-09",
                  "covers": {
                    "from": "2020-08-31T23:00:00Z",
                    "to": "2020-09-30T23:00:00Z"
                  },
                  "trt": "10s",
                  "numerator": 0,
                  "denominator": 0,
                  "level": null,
                  "target": "99.80",
                  "minimum": null,
                  "status": "no_events",
                  "final": false,
                  "whyProvisional": [
                    "no agent is an expected source of CSPN/PM6.3: provisional until one declares it (or is named with pmr collector agents expect) and reports the period"
                  ],
                  "kpi": true,
                  "previousLevel": null,
                  "previousFinal": null,
                  "source": "agents",
                  "agents": [],
                  "files": [],
                  "beforeExclusions": {
                    "numerator": 0,
                    "denominator": 0,
                    "level": null
                  },
                  "excluded": [],
                  "notes": [
                    "no agent is an expected source of CSPN/PM6.3: provisional until one declares it (or is named with pmr collector agents expect) and reports the period"
                  ],
                  "commentary": null
                },
                {
                  "id": "CSPS/PM4.3",
                  "name": "RTT4 within 25 seconds",
                  "provider": "CSP South",
                  "kind": "within_trt",
                  "period": "2020-09",
                  "covers": {
                    "from": "2020-08-31T23:00:00Z",
                    "to": "2020-09-30T23:00:00Z"
                  },
                  "trt": "25s",
                  "numerator": 0,
                  "denominator": 0,
                  "level": null,
                  "target": "96.00",
                  "minimum": "90.00",
                  "status": "not_reported",
                  "final": true,
                  "whyProvisional": [],
                  "kpi": false,
                  "previousLevel": null,
                  "previousFinal": null,
                  "source": "none",
                  "agents": [],
                  "files": [],
                  "beforeExclusions": {
                    "numerator": 0,
                    "denominator": 0,
                    "level": null
                  },
                  "excluded": [],
                  "notes": [],
                  "commentary": null
                }
              ],
              "missing": [
                {
                  "agent": "rig-central",
                  "measure": "CSPC/PM4.3",
                  "period": "2020-09",
                  "from": "2020-08-31T23:00:00Z",
                  "to": "2020-09-30T23:00:00Z",
                  "reason": "not reported yet"
                }
              ],
              "incidentsAgedOpen": [],
              "incidentsReopened": []
            }
            """;
}
