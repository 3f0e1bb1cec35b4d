# shellcheck shell=bash
# One-connection slices while the control plane ingests a backlog (bench/c1-ingest, bench/up-c1-ingest). Source after
# bench/lib/stack.sh; the caller sets WORK, REDIS (the redis-cli command, an array), STREAM (exported, the analytics
# stream's key), URL, THREADS, CONNECTIONS and SLICE.
#   c1_generator: writes bench/ingest's record generator to $WORK/records.py
#   c1_call_script key session: writes $WORK/call.lua, wrk's tools/call get_users with that key and session
#   backlog: records appended and not yet acknowledged by the control plane
#   slice label: one wrk slice, printed as a line (the medians below read its columns)
#   c1_medians labels...: the median of each label's slices in $WORK/c1.txt
GROUP=portcullis-control-plane
c1_generator() { # the record generator of bench/ingest, taken from it as it is
    sed -n "/^cat >\"\$WORK\/records.py\" <<'PY'\$/,/^PY\$/p" "$ROOT/bench/ingest" | sed '1d;$d' >"$WORK/records.py"
    [ -s "$WORK/records.py" ] || die "no record generator found in bench/ingest"
}
c1_call_script() {
    cat >"$WORK/call.lua" <<LUA
wrk.method = "POST"
wrk.body = $(jq -Rn --arg s "$CALL" '$s')
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "$ACCEPT"
wrk.headers["Mcp-Session-Id"] = "$2"
wrk.headers["Authorization"] = "Bearer $1"
function done(summary, latency, requests)
    io.write(string.format("BENCH %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
        summary.errors.status + summary.errors.timeout + summary.errors.read + summary.errors.connect))
end
LUA
}
group_field() { # field of XINFO GROUPS for the control plane's group; empty when there is none yet
    "${REDIS[@]}" XINFO GROUPS "$STREAM" 2>/dev/null | awk -v f="$1" -v g="$GROUP" '
        $0 == "name" { getline; name = $0 } $0 == f && name == g { getline; print; exit }'
}
acked() { local read pending; read=$(group_field entries-read); pending=$(group_field pending)
    [ -n "$read" ] && [ -n "$pending" ] || { echo 0; return; }; echo $((read - pending)); }
appended() { # entries ever appended (not XLEN: the control plane deletes what it has ingested); empty before Redis 7
    "${REDIS[@]}" XINFO STREAM "$STREAM" | awk '$0 == "entries-added" { getline; print; exit }'; }
length() { "${REDIS[@]}" XLEN "$STREAM"; }
backlog() { # before Redis 7 (up's embedded 6.2), the stream's length: what the control plane ingested is trimmed
    local added; added=$(appended)
    if [ -n "$added" ]; then echo $((added - $(acked))); else length; fi
}
ms() { awk -v v="$1" 'BEGIN { printf "%.3f", v / 1000 }'; }
slice() { # label: before Redis 7, what was ingested is what left the stream, plus the slice's own records
    local a0 a1 l0 l1 out ingested
    a0=$(acked); l0=$(length)
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$SLICE" -s "$WORK/call.lua" "$URL" | grep '^BENCH')
    a1=$(acked); l1=$(length)
    [ -n "$out" ] || die "wrk printed no result for the slice"
    read -r _ req dur p50 p90 p99 p999 err <<<"$out"
    if [ -n "$(group_field entries-read)" ]; then ingested=$((a1 - a0)); else ingested=$((l0 - l1 + req)); fi
    printf '%s %-9s %6.0f req/s  p50 %s  p90 %s  p99 %s  p99.9 %s ms  errors %s  ingested %6d/s  backlog %7d  load %s\n' \
        "$(date -u +%T)" "$1" "$(awk -v r="$req" -v d="$dur" 'BEGIN { print r / (d / 1e6) }')" "$(ms "$p50")" \
        "$(ms "$p90")" "$(ms "$p99")" "$(ms "$p999")" "$err" \
        "$(awk -v a="$ingested" -v d="$dur" 'BEGIN { printf "%d", a / (d / 1e6) }')" "$(backlog || echo 0)" \
        "$(cut -d' ' -f1 /proc/loadavg)"
}
c1_medians() {
    local label
    median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    for label in "$@"; do
        printf 'median %-8s %s req/s  p50 %s  p90 %s  p99 %s  p99.9 %s ms  ingested %s (%s slices)\n' "$label" \
            "$(awk -v g="$label" '$2 == g { print $3 }' "$WORK/c1.txt" | median)" \
            "$(awk -v g="$label" '$2 == g { print $6 }' "$WORK/c1.txt" | median)" \
            "$(awk -v g="$label" '$2 == g { print $8 }' "$WORK/c1.txt" | median)" \
            "$(awk -v g="$label" '$2 == g { print $10 }' "$WORK/c1.txt" | median)" \
            "$(awk -v g="$label" '$2 == g { print $12 }' "$WORK/c1.txt" | median)" \
            "$(awk -v g="$label" '$2 == g { print $17 }' "$WORK/c1.txt" | median)" \
            "$(awk -v g="$label" '$2 == g' "$WORK/c1.txt" | wc -l)"
    done
}
