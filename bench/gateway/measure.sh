#!/usr/bin/env bash
# Whole-process measurement of the agent in trace-tap mode, as it runs on a gateway: startup time,
# resident memory and CPU at a steady event rate, with the gateway JVM options of
# deploy/systemd/agent.env and, in the same run, with the JVM's default options as a baseline.
# Then a correctness check: after SIGTERM, the collector's report holds every event written.
#
# Usage (after `mvn -B -o -q -DskipTests package -pl launcher -am`):
#   bench/gateway/measure.sh
# Environment (all optional):
#   DURATION=60        seconds of steady writing per run
#   WARMUP=10          seconds of writing before the CPU window opens (the window ends with the writing)
#   RATE=100           events per second; an event is a start and its end 1-3 s later (2 lines)
#   SEED=7             seed of the writer's choices (kind, end delay)
#   JAR=...            default launcher/target/pmr.jar
#   GATEWAY_JAVA_OPTS  default PMR_JAVA_OPTS of deploy/systemd/agent.env
#   BASELINE_JAVA_OPTS default empty (the JVM's defaults for this machine)
#   KEEP=1             keep the work directory (logs, trace files, database, report)
# A measurement, not a test: no figure is asserted. Exit status 1 only if the report's event counts
# differ from what was written.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/launcher/target/pmr.jar}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-10}
RATE=${RATE:-100}
SEED=${SEED:-7}
if [[ -z ${GATEWAY_JAVA_OPTS+x} ]]; then
    GATEWAY_JAVA_OPTS=$(sed -n 's/^PMR_JAVA_OPTS=//p' "$ROOT/deploy/systemd/agent.env" | tr -d '"')
fi
BASELINE_JAVA_OPTS=${BASELINE_JAVA_OPTS:-}
[[ -f $JAR ]] || { echo "no $JAR: build first: mvn -B -o -q -DskipTests package -pl launcher -am" >&2; exit 2; }
(( WARMUP < DURATION )) || { echo "WARMUP must be less than DURATION" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pmr-gateway-measure.XXXXXX")
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [[ ${KEEP:-0} == 1 ]]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One python helper: the writer, log-time parsing and the report's sums.
cat > "$WORK/helper.py" <<'PY'
import datetime, heapq, json, os, random, sys, time
from zoneinfo import ZoneInfo

def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'

def london_month(t):
    return datetime.datetime.fromtimestamp(t, ZoneInfo('Europe/London')).strftime('%Y-%m')

def writer(path, rate, duration, seed, region, prefix):
    """Appends `rate` starts a second for `duration` s, each with its end 1-3 s later, on a 10 ms tick."""
    rnd = random.Random(seed)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    ends, counts = [], {'RTT4': 0, 'CAT3_ALERT': 0}
    started = 0
    first = last = None
    max_lag = 0.0
    t0 = time.monotonic()
    while True:
        now_m = time.monotonic()
        due = min(int((now_m - t0) * rate), int(duration * rate))
        wall = time.time()
        lines = []
        while started < due:
            kind = 'RTT4' if rnd.random() < 0.5 else 'CAT3_ALERT'
            mid = '%s-%d' % (prefix, started)
            lines.append('%s,start,%s,hub-%d,%s,%s\n' % (mid, kind, started % 300, region, iso(wall)))
            heapq.heappush(ends, (now_m + rnd.uniform(1.0, 3.0), mid, kind, started % 300))
            counts[kind] += 1
            first = wall if first is None else first
            last = wall
            started += 1
        while ends and ends[0][0] <= now_m:
            at, mid, kind, hub = heapq.heappop(ends)
            max_lag = max(max_lag, now_m - at)
            lines.append('%s,end,%s,hub-%d,%s,%s\n' % (mid, kind, hub, region, iso(wall)))
        if lines:
            os.write(fd, ''.join(lines).encode())
        if started >= duration * rate and not ends:
            break
        time.sleep(max(0.0, 0.01 - (time.monotonic() - now_m)))
    os.close(fd)
    print(json.dumps({'events': started, 'counts': counts, 'first_start': first, 'last_start': last,
                      'periods': sorted({london_month(first), london_month(last)}),
                      'max_end_lag_ms': round(max_lag * 1000, 1)}))

def logtime(log, needle):
    """Epoch seconds of the first log line containing `needle` (SimpleLogger's ms timestamp), or empty."""
    with open(log, encoding='utf-8', errors='replace') as f:
        for line in f:
            if needle in line:
                stamp = line.split(' ', 1)[0]
                print('%.3f' % datetime.datetime.strptime(stamp, '%Y-%m-%dT%H:%M:%S.%f%z').timestamp())
                return

def report_sum(provider, *reports):
    """Sums numerator and denominator of {provider}/PM4.3 (RTT4) and {provider}/PM3.2 (CAT3) over reports."""
    out = {'RTT4': [0, 0], 'CAT3_ALERT': [0, 0]}
    for path in reports:
        with open(path, encoding='utf-8') as f:
            for m in json.load(f)['measures']:
                kind = {provider + '/PM4.3': 'RTT4', provider + '/PM3.2': 'CAT3_ALERT'}.get(m['id'])
                if kind:
                    out[kind][0] += m['numerator']
                    out[kind][1] += m['denominator']
    print(json.dumps(out))

if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'writer':
        writer(args[0], int(args[1]), int(args[2]), int(args[3]), args[4], args[5])
    elif cmd == 'logtime':
        logtime(*args)
    elif cmd == 'report-sum':
        report_sum(*args)
PY
py() { python3 "$WORK/helper.py" "$@"; }
jget() { # jget JSON KEY...: the value at that path (a list index is a number)
    python3 -c 'import json,sys; v=json.loads(sys.argv[1]); [v:=v[int(k) if isinstance(v, list) else k] for k in sys.argv[2:]]; print(v)' "$@"
}

ticks() { # utime+stime of a process, in clock ticks
    local stat
    stat=$(< "/proc/$1/stat")
    stat=${stat##*) }
    read -r -a f <<< "$stat"
    echo $(( f[11] + f[12] ))
}
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
ms_since() { python3 -c 'import sys; print("%.0f" % ((float(sys.argv[2]) - float(sys.argv[1])) * 1000))' "$1" "$2"; }
CLK_TCK=$(getconf CLK_TCK)

echo "pmr gateway measurement: $RATE events/s (start + end 1-3 s later) for ${DURATION}s per run, CPU window ${WARMUP}-${DURATION}s"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "work directory: $WORK"

# The collector, with its embedded broker on an ephemeral port.
java -jar "$JAR" collector --port 0 --db "$WORK/collector.db" > "$WORK/collector.out" 2> "$WORK/collector.err" &
COLLECTOR=$!
PIDS+=("$COLLECTOR")
for _ in $(seq 300); do
    grep -q '^collector listening on ' "$WORK/collector.out" && break
    kill -0 "$COLLECTOR" 2>/dev/null || { cat "$WORK/collector.err" >&2; exit 2; }
    sleep 0.1
done
BROKER=$(sed -n 's/^collector listening on \([^,]*\),.*/\1/p' "$WORK/collector.out")
[[ -n $BROKER ]] || { echo "collector did not start" >&2; cat "$WORK/collector.err" >&2; exit 2; }
echo "collector: $BROKER"

# run NAME REGION JAVA_OPTS: one agent run; leaves its figures in $WORK/NAME.result (key=value lines).
run() {
    local name=$1 region=$2 opts=$3 dir="$WORK/$1"
    mkdir -p "$dir"
    echo "message_id,direction,kind,device,region,timestamp" > "$dir/trace.csv"
    echo
    echo "== run '$name' (region $region): java ${opts:-<defaults>}"
    # shellcheck disable=SC2086 # the options are a list of words
    ( echo "$EPOCHREALTIME" > "$dir/t0"; exec java $opts -jar "$JAR" agent --tap "$dir/trace.csv" --region "$region" \
        --broker "$BROKER" --id "gw-$name" --data-dir "$dir/data" --drain-timeout 30s ) > "$dir/agent.out" 2> "$dir/agent.err" &
    local agent=$!
    PIDS+=("$agent")
    local tailing=""
    for _ in $(seq 6000); do
        if grep -q ' tailing ' "$dir/agent.out"; then tailing=$EPOCHREALTIME; break; fi
        kill -0 "$agent" 2>/dev/null || { echo "agent exited:" >&2; cat "$dir/agent.err" >&2; exit 2; }
        sleep 0.005
    done
    [[ -n $tailing ]] || { echo "agent did not start" >&2; exit 2; }
    local t0 connected=""
    t0=$(< "$dir/t0")
    for _ in $(seq 100); do
        connected=$(py logtime "$dir/agent.err" " connected to ")
        [[ -n $connected ]] && break
        sleep 0.1
    done
    local rss_idle
    rss_idle=$(status_kb "$agent" VmRSS)

    py writer "$dir/trace.csv" "$RATE" "$DURATION" "$SEED" "$region" "$name" > "$dir/writer.json" &
    local writer=$!
    PIDS+=("$writer")
    sleep "$WARMUP"
    local c1 w1 c2 w2
    c1=$(ticks "$agent"); w1=$EPOCHREALTIME
    sleep $(( DURATION - WARMUP ))
    c2=$(ticks "$agent"); w2=$EPOCHREALTIME
    wait "$writer"
    local rss hwm threads
    rss=$(status_kb "$agent" VmRSS); hwm=$(status_kb "$agent" VmHWM); threads=$(status_kb "$agent" Threads)

    # At SIGTERM the agent writes only intervals whose minute has ended (hardware/gateway/README.md, known
    # limits): stop after the minute of the last events, so the check counts every event written.
    local now=$EPOCHSECONDS
    local wake=$(( (now / 60 + 1) * 60 + 3 ))
    echo "   writing done; waiting $(( wake - now ))s for the minute of the last events to end, then SIGTERM"
    sleep $(( wake - now ))
    local s0=$EPOCHREALTIME status=0
    kill -TERM "$agent"
    wait "$agent" || status=$?
    local s1=$EPOCHREALTIME
    {
        echo "startup_tailing_ms=$(ms_since "$t0" "$tailing")"
        echo "startup_connected_ms=${connected:+$(ms_since "$t0" "$connected")}"
        echo "rss_idle_kb=$rss_idle"
        echo "rss_kb=$rss"
        echo "hwm_kb=$hwm"
        echo "threads=$threads"
        echo "cpu_pct=$(python3 -c 'import sys; t,c,a,b=map(float,sys.argv[1:]); print("%.2f" % (100*t/c/(b-a)))' \
            "$(( c2 - c1 ))" "$CLK_TCK" "$w1" "$w2")"
        echo "cpu_ticks=$(( c2 - c1 ))"
        echo "cpu_window_s=$(python3 -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$w1" "$w2")"
        echo "stop_ms=$(ms_since "$s0" "$s1")"
        echo "exit_status=$status"
    } > "$dir/result"
    echo "   agent stdout at stop:"
    sed 's/^/     /' "$dir/agent.out" | tail -2
}

run gateway north "$GATEWAY_JAVA_OPTS"
run baseline south "$BASELINE_JAVA_OPTS"

# Stop the collector (its shutdown hook closes the database), then compute the report(s).
kill -TERM "$COLLECTOR"
wait "$COLLECTOR" || true
PERIODS=$(python3 -c 'import json,sys; print(" ".join(sorted({p for f in sys.argv[1:] for p in json.load(open(f))["periods"]})))' \
    "$WORK/gateway/writer.json" "$WORK/baseline/writer.json")
REPORTS=()
for period in $PERIODS; do
    java -jar "$JAR" collector report --db "$WORK/collector.db" --period "$period" --out "$WORK/report-$period" > "$WORK/report-$period.out" 2>&1
    REPORTS+=("$WORK/report-$period/report.json")
done

r() { sed -n "s/^$2=//p" "$WORK/$1/result"; }
ratio() { python3 -c 'import sys; a,b=sys.argv[1],sys.argv[2]; print("%.2f" % (float(a)/float(b)) if a and b and float(b) else "-")' "$1" "$2"; }
mib() { python3 -c 'import sys; print("%.1f" % (int(sys.argv[1]) / 1024))' "$1"; }

echo
echo "## pmr agent, trace tap, $RATE events/s ($(( 2 * RATE )) lines/s), ${DURATION}s; CPU over ${WARMUP}-${DURATION}s"
printf '%-34s %12s %12s %8s\n' "figure" "gateway" "baseline" "ratio"
row() { printf '%-34s %12s %12s %8s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }
row "startup to 'tailing' line (ms)" "$(r gateway startup_tailing_ms)" "$(r baseline startup_tailing_ms)"
row "startup to MQTT connected (ms)" "$(r gateway startup_connected_ms)" "$(r baseline startup_connected_ms)"
row "VmRSS idle, after start (MiB)" "$(mib "$(r gateway rss_idle_kb)")" "$(mib "$(r baseline rss_idle_kb)")"
row "VmRSS at end (MiB)" "$(mib "$(r gateway rss_kb)")" "$(mib "$(r baseline rss_kb)")"
row "VmHWM at end (MiB)" "$(mib "$(r gateway hwm_kb)")" "$(mib "$(r baseline hwm_kb)")"
row "threads" "$(r gateway threads)" "$(r baseline threads)"
row "CPU, % of one core" "$(r gateway cpu_pct)" "$(r baseline cpu_pct)"
row "stop, SIGTERM to exit (ms)" "$(r gateway stop_ms)" "$(r baseline stop_ms)"
echo "gateway JVM options:  $GATEWAY_JAVA_OPTS"
echo "baseline JVM options: ${BASELINE_JAVA_OPTS:-<none: the defaults of this JVM>}"

echo
echo "## correctness: events written vs the collector's report ($PERIODS), after SIGTERM"
printf '%-10s %-8s %-11s %10s %14s %14s %9s\n' "run" "region" "kind" "written" "report events" "within TRT" "exit"
MISMATCH=0
for name in gateway baseline; do
    region=$([[ $name == gateway ]] && echo north || echo south)
    provider=$([[ $name == gateway ]] && echo CSPN || echo CSPS)
    sums=$(py report-sum "$provider" "${REPORTS[@]}")
    written=$(< "$WORK/$name/writer.json")
    for kind in RTT4 CAT3_ALERT; do
        w=$(jget "$written" counts "$kind")
        d=$(jget "$sums" "$kind" 1)
        n=$(jget "$sums" "$kind" 0)
        printf '%-10s %-8s %-11s %10s %14s %14s %9s\n' "$name" "$region" "$kind" "$w" "$d" "$n" "$(r "$name" exit_status)"
        [[ $w == "$d" ]] || MISMATCH=1
    done
    echo "  $name writer: $(jget "$written" events) events, largest end lag $(jget "$written" max_end_lag_ms) ms"
done
if (( MISMATCH )); then
    echo "MISMATCH: the report does not hold every event written (KEEP=1 keeps the logs)"
    exit 1
fi
echo "every event written is in the report"
