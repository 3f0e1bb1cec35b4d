# shellcheck shell=bash
# ./portcullis up for the benchmarks that measure the whole product as it starts it (bench/up-hey,
# bench/up-c1-ingest). Source after bench/lib/stack.sh, with ROOT set.
#   up_start data-dir log cp-port gw-port gw-mgmt-port mock-port [VARIABLE=value...]
#       starts it on those ports with that data folder (and those variables) and waits for its banner; sets UP_PID,
#       UP_LOG, MCP_URL (the demo proxy), KEY (the demo key), GW_PID, CP_PID and REDIS_PORT (its embedded Redis)
#   up_cpu_idle: the launcher's idle CPU group's cpu.idle (1: idle priority, 0: a nice-10 share), or "none"
#   up_stop: SIGTERM, as Ctrl-C does, then SIGKILL after 60 s
UP_PID=
up_start() {
    local data=$1 deadline pid
    UP_LOG=$2
    log "./portcullis up (data in $data${7:+; ${*:7}})"
    env "${@:7}" PORTCULLIS_UP_DATA_DIR="$data" PORTCULLIS_CP_PORT="$3" PORTCULLIS_GATEWAY_PORT="$4" \
        PORTCULLIS_GATEWAY_MANAGEMENT_PORT="$5" MOCK_MCP_PORT="$6" setsid "$ROOT/portcullis" up >"$UP_LOG" 2>&1 &
    UP_PID=$!
    deadline=$((SECONDS + 600))
    until grep -q '^Portcullis is up' "$UP_LOG"; do
        kill -0 "$UP_PID" 2>/dev/null || die "./portcullis up exited; see $UP_LOG"
        [ $SECONDS -lt $deadline ] || die "./portcullis up not up within 600 s; see $UP_LOG"
        sleep 1
    done
    MCP_URL=$(awk '$1 == "Gateway" && $2 == "(MCP)" { print $3 }' "$UP_LOG")
    KEY=$(awk '$1 == "Demo" && $2 == "key" { print $3 }' "$UP_LOG")
    [ -n "$MCP_URL" ] && [ -n "$KEY" ] || die "no gateway URL or demo key in $UP_LOG"
    GW_PID=$(ss -Hltnp "sport = :$4" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
    CP_PID=$(ss -Hltnp "sport = :$3" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
    [ -n "$GW_PID" ] && [ -n "$CP_PID" ] || die "gateway or control plane process not found"
    REDIS_PORT=
    for pid in $(pgrep redis-server || true); do # Redis titles itself "<binary> <host>:<port>"; its directory is up's
        [ "$(readlink "/proc/$pid/cwd")" = "$data/redis" ] || continue
        REDIS_PORT=$(tr '\0' ' ' <"/proc/$pid/cmdline" | grep -o '127\.0\.0\.1:[0-9]*' | head -1 | cut -d: -f2 || true)
    done
    log "gateway $MCP_URL (pid $GW_PID), control plane pid $CP_PID, Redis port ${REDIS_PORT:-unknown}"
}
up_stop() {
    [ -n "$UP_PID" ] || return 0
    kill -TERM "$UP_PID" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$UP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$UP_PID" 2>/dev/null \
        && { log "./portcullis up did not stop: SIGKILL"; kill -KILL "$UP_PID" 2>/dev/null || true; }
    wait "$UP_PID" 2>/dev/null || true
    UP_PID=
}
up_cpu_idle() { # the group is the one the launcher named in its output
    local group
    group=$(sed -n 's/.* at idle CPU priority (\(\/[^)]*\)).*/\1/p' "$UP_LOG" | head -1)
    if [ -n "$group" ] && [ -f "$group/cpu.idle" ]; then cat "$group/cpu.idle"; else echo none; fi
}
