package io.pmr.launcher;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code pmr} command's exit codes: one meaning each, the same for every command, listed in every
 * command's {@code --help} and in the README. Scripts and the fault suites rely on them: never renumber.
 */
enum ExitCode {
    OK(0, "done"),
    INTERNAL(1, "unexpected internal error (a bug: please report it with the message)"),
    USAGE(2, "usage error: a bad or missing option or argument; nothing was done"),
    GROUND_TRUTH_MISMATCH(3, "demo: a figure differs from the simulated rig's ground truth"),
    DATA_DIR_REFUSED(4, "agent: data dir refused (not a folder it can open and write, or an outbox or"
            + " sent-intervals.log without agent.state)"),
    UNACKNOWLEDGED(5, "agent: stopped with envelopes the collector has not acknowledged (kept, re-sent at the next"
            + " start); demo: the outboxes did not drain, no report written"),
    RIG_LINK_FAILED(6, "the rig could not be reached or its link failed"),
    INPUT_REFUSED(7, "collector: an input was refused or not found (an import not stored, a missing store or report version);"
            + " decode: a payload did not parse"),
    STORE_REFUSED(8, "collector: its database refused at start (held by another collector, damaged, empty or not a pmr"
            + " store)"),
    BROKER_REFUSED(9, "decode: the broker could not be reached, or refused the connection or the subscription"),
    ROLLUPS_DIFFERED(10, "collector rebuild-rollups, bench report --verify: stored daily rollups, daily totals, first"
            + " data or agent days differed from a fresh aggregation of the minute rows (each named; rebuild-rollups"
            + " rebuilds them unless --check)"),
    STOPPED_WHILE_STARTING(143, "collector, agent, rig: told to stop (SIGTERM) while starting; what had started was"
            + " closed");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    int code() {
        return code;
    }

    String meaning() {
        return meaning;
    }

    /** The table picocli shows under "Exit codes:" in every command's help. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exit : values()) {
            list.put(String.format(Locale.ROOT, "%3d", exit.code), exit.meaning);
        }
        return list;
    }
}
