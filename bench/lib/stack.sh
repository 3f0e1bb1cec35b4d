# Shared by bench scripts (source it): start a control plane and a gateway on free loopback ports, configure them
# through the Dashboard API, and stop everything on exit. The same steps as bench/run, as functions.
#
# The caller sets ROOT, WORK (a temp directory for data and logs) and may set BENCH_PG_HOST/PORT/USER
# (127.0.0.1/5432/postgres), BENCH_REDIS_HOST/PORT (127.0.0.1/6379), BENCH_JAVA_OPTS (-Xms256m -Xmx512m for the
# control plane; the gateway only when set, after its defaults below),
# BENCH_GATEWAY_JAVA_OPTS (the gateway's JVM only), BENCH_CP_JAVA_OPTS (the control plane's only, after
# BENCH_JAVA_OPTS), STACK_ANALYTICS_INGEST (false: the control plane leaves the
# analytics stream alone), BENCH_CP_NICE (10: the control plane's nice value, as ./portcullis up starts it),
# BENCH_PG_NICE (the control plane's: the nice value of the PostgreSQL server's session group while the stack runs,
# as ./portcullis up gives its embedded PostgreSQL; restored on exit; 0 leaves it alone), BENCH_CP_INGEST_THREADS
# (1: the control plane's analytics ingest threads, as ./portcullis up starts it; a control plane of its own ingests
# with 2 unless configured), BENCH_NGINX_WORKERS (auto: nginx's worker_processes, as it ships).
# Every process started with stack_spawn is stopped by stack_cleanup (SIGTERM, then SIGKILL after 10 s), which
# also drops the database and deletes the Redis keys of this run.

STACK_PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
STACK_PG_PORT=${BENCH_PG_PORT:-5432}
STACK_PG_USER=${BENCH_PG_USER:-postgres}
STACK_REDIS_HOST=${BENCH_REDIS_HOST:-127.0.0.1}
STACK_REDIS_PORT=${BENCH_REDIS_PORT:-6379}
STACK_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms256m -Xmx512m}
STACK_GATEWAY_JAVA_OPTS=${BENCH_GATEWAY_JAVA_OPTS:-}
# The gateway starts with its product defaults (GatewayJvm.DEFAULTS in the launcher, as ./portcullis up runs it),
# then BENCH_JAVA_OPTS only when set explicitly, then BENCH_GATEWAY_JAVA_OPTS: the last of a repeated option wins.
STACK_GATEWAY_DEFAULT_OPTS="-Xms128m -Xmx192m -Xmn96m -XX:MetaspaceSize=64m -XX:+UseSerialGC"
# As GatewayJvm.withDefaults: options that set the maximum heap drop the default initial heap (it may be above it).
case " ${BENCH_JAVA_OPTS:-} $STACK_GATEWAY_JAVA_OPTS" in
  *" -Xmx"* | *" -XX:MaxHeapSize="*) STACK_GATEWAY_DEFAULT_OPTS=${STACK_GATEWAY_DEFAULT_OPTS#-Xms128m } ;;
esac
STACK_GATEWAY_BASE_OPTS="$STACK_GATEWAY_DEFAULT_OPTS ${BENCH_JAVA_OPTS:-}"
STACK_ANALYTICS_INGEST=${STACK_ANALYTICS_INGEST:-false}
# The control plane runs at a lower CPU priority than the gateway, as ./portcullis up runs it
# (PortcullisStack.CONTROL_PLANE_NICENESS in the launcher); BENCH_CP_NICE=0: the same priority.
STACK_CP_NICE=${BENCH_CP_NICE:-10}
STACK_PG_NICE=${BENCH_PG_NICE:-$STACK_CP_NICE}
STACK_CP_INGEST_THREADS=${BENCH_CP_INGEST_THREADS:-1}
STACK_PG_GROUP=
STACK_PG_GROUP_NICE=
STACK_RAND=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
STACK_DB_NAME=portcullis_bench_$STACK_RAND
STACK_KEY_PREFIX="pbench:$STACK_RAND:"
STACK_DB_CREATED=0
STACK_PIDS=()
CP_JAR=${CP_JAR:-$ROOT/control-plane/target/quarkus-app/quarkus-run.jar}
GW_JAR=${GW_JAR:-$ROOT/data-plane/target/quarkus-app/quarkus-run.jar}

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

stack_build_if_missing() {
    if [ ! -f "$CP_JAR" ] || [ ! -f "$GW_JAR" ]; then
        log "artifacts missing: building control-plane and data-plane"
        (cd "$ROOT" && ./mvnw -B -q -pl data-plane,control-plane -am package -DskipTests)
    fi
}

# free_ports n: n distinct free loopback ports on one line (held together while chosen)
free_ports() {
    python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

# stack_spawn name command...: runs it in the background, output in $WORK/name.log; sets SPAWNED_PID
stack_spawn() {
    local name=$1
    shift
    "$@" >"$WORK/$name.log" 2>&1 &
    SPAWNED_PID=$!
    STACK_PIDS+=("$SPAWNED_PID")
}

wait_http() { # name url timeout-seconds pid
    local name=$1 url=$2 pid=$4 deadline=$((SECONDS + $3))
    until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || die "$name exited; see $WORK/$name.log"
        [ $SECONDS -lt "$deadline" ] || die "$name not healthy within $3 s; see $WORK/$name.log"
        sleep 0.5
    done
    log "$name ready ($url)"
}

stack_stop() {
    local i pid
    # Every step may fail (a process that already exited, a stopped one's exit status): none may end this function
    # under the callers' set -e, or the processes after it would be left running.
    for ((i = ${#STACK_PIDS[@]} - 1; i >= 0; i--)); do
        kill -TERM "${STACK_PIDS[i]}" 2>/dev/null || true
    done
    for pid in "${STACK_PIDS[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then log "pid $pid did not stop: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
        wait "$pid" 2>/dev/null || true
    done
    STACK_PIDS=()
    if [ -n "$STACK_PG_GROUP" ]; then
        echo "$STACK_PG_GROUP_NICE" >"$STACK_PG_GROUP" 2>/dev/null || log "could not restore $STACK_PG_GROUP"
        STACK_PG_GROUP=
    fi
    if [ "$STACK_DB_CREATED" = 1 ]; then
        psql -q -h "$STACK_PG_HOST" -p "$STACK_PG_PORT" -U "$STACK_PG_USER" -d postgres \
            -c "DROP DATABASE IF EXISTS $STACK_DB_NAME WITH (FORCE)" >/dev/null 2>&1 || log "could not drop $STACK_DB_NAME"
        STACK_DB_CREATED=0
    fi
    redis-cli -h "$STACK_REDIS_HOST" -p "$STACK_REDIS_PORT" --scan --pattern "${STACK_KEY_PREFIX}*" 2>/dev/null \
        | xargs -r -n 500 redis-cli -h "$STACK_REDIS_HOST" -p "$STACK_REDIS_PORT" DEL >/dev/null 2>&1 || true
    return 0
}

# stack_start_control_plane port: a fresh database, the control plane on 127.0.0.1:port; sets CP_URL, CP_PID,
# ADMIN_TOKEN
stack_start_control_plane() {
    local port=$1
    psql -q -h "$STACK_PG_HOST" -p "$STACK_PG_PORT" -U "$STACK_PG_USER" -d postgres \
        -c "CREATE DATABASE $STACK_DB_NAME" >/dev/null || die "cannot create a database on $STACK_PG_HOST:$STACK_PG_PORT"
    STACK_DB_CREATED=1
    stack_lower_postgres
    redis-cli -h "$STACK_REDIS_HOST" -p "$STACK_REDIS_PORT" PING | grep -q PONG \
        || die "Redis $STACK_REDIS_HOST:$STACK_REDIS_PORT does not answer"
    ADMIN_TOKEN="pca_bench_$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
    STACK_GATEWAY_TOKEN="pcg_bench_$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
    mkdir -p "$WORK/cp-data"
    stack_spawn_control_plane "$port"
    CP_PID=$SPAWNED_PID
    [ -f "$WORK/cp-data/signing/ed25519-public.pem" ] || die "control plane wrote no signing/ed25519-public.pem"
}

# stack_lower_postgres: gives the session group (autogroup) of a PostgreSQL server on this machine the nice value
# STACK_PG_NICE, as ./portcullis up does for its embedded one (a server elsewhere, or one this user may not change,
# is left alone); stack_stop restores it
stack_lower_postgres() {
    local dir pid group old
    [ "$STACK_PG_NICE" -gt 0 ] 2>/dev/null || return 0
    case "$STACK_PG_HOST" in 127.0.0.1 | localhost | ::1) ;; *) return 0 ;; esac
    dir=$(psql -Atq -h "$STACK_PG_HOST" -p "$STACK_PG_PORT" -U "$STACK_PG_USER" -d postgres -c 'SHOW data_directory' \
        2>/dev/null) || return 0
    pid=$(head -1 "$dir/postmaster.pid" 2>/dev/null) || return 0
    group=/proc/$pid/autogroup
    old=$(awk '{ print $3 }' "$group" 2>/dev/null) || return 0
    [ -n "$old" ] || return 0
    if echo "$STACK_PG_NICE" >"$group" 2>/dev/null; then
        STACK_PG_GROUP=$group
        STACK_PG_GROUP_NICE=$old
        log "PostgreSQL (pid $pid) at nice $STACK_PG_NICE, as ./portcullis up runs its own (was $old)"
    else
        log "PostgreSQL (pid $pid) left at nice $old: not allowed to change it"
    fi
}

# stack_spawn_control_plane port: the control plane on the database and data directory made by
# stack_start_control_plane (again, e.g. with another STACK_ANALYTICS_INGEST); waits until it is ready
stack_spawn_control_plane() {
    local port=$1
    # shellcheck disable=SC2086
    stack_spawn control-plane env PORTCULLIS_BIND_HOST=127.0.0.1 \
        PORTCULLIS_CP_PORT="$port" PORTCULLIS_CP_MANAGEMENT_PORT=0 \
        PORTCULLIS_DB_URL="jdbc:postgresql://$STACK_PG_HOST:$STACK_PG_PORT/$STACK_DB_NAME" \
        PORTCULLIS_DB_USER="$STACK_PG_USER" \
        PORTCULLIS_DATA_DIR="$WORK/cp-data" PORTCULLIS_GENERATE_KEYS=true \
        PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN="$ADMIN_TOKEN" \
        PORTCULLIS_GATEWAY_TOKEN="$STACK_GATEWAY_TOKEN" \
        PORTCULLIS_REDIS_URL="redis://$STACK_REDIS_HOST:$STACK_REDIS_PORT" \
        PORTCULLIS_REDIS_KEY_PREFIX="$STACK_KEY_PREFIX" \
        PORTCULLIS_ANALYTICS_INGEST="$STACK_ANALYTICS_INGEST" \
        PORTCULLIS_ANALYTICS_INGEST_THREADS="$STACK_CP_INGEST_THREADS" \
        QUARKUS_DEVSERVICES_ENABLED=false \
        nice -n "$STACK_CP_NICE" java $STACK_JAVA_OPTS ${BENCH_CP_JAVA_OPTS:-} -jar "$CP_JAR"
    CP_URL="http://127.0.0.1:$port"
    wait_http control-plane "$CP_URL/q/health/ready" 120 "$SPAWNED_PID"
}

# stack_start_gateway port management-port: a gateway fed by the control plane started above; sets GW_PID
stack_start_gateway() {
    mkdir -p "$WORK/gw-data"
    # shellcheck disable=SC2086
    stack_spawn gateway env PORTCULLIS_BIND_HOST=127.0.0.1 \
        PORTCULLIS_GATEWAY_PORT="$1" \
        PORTCULLIS_GATEWAY_MANAGEMENT_PORT="$2" \
        PORTCULLIS_GATEWAY_ID=bench-gw \
        PORTCULLIS_CONTROL_PLANE_URL="$CP_URL" \
        PORTCULLIS_FEED_PUBLIC_KEY_FILE="$WORK/cp-data/signing/ed25519-public.pem" \
        PORTCULLIS_DATA_DIR="$WORK/gw-data" \
        PORTCULLIS_GATEWAY_TOKEN="$STACK_GATEWAY_TOKEN" \
        PORTCULLIS_REDIS_URL="redis://$STACK_REDIS_HOST:$STACK_REDIS_PORT" \
        PORTCULLIS_REDIS_KEY_PREFIX="$STACK_KEY_PREFIX" \
        QUARKUS_DEVSERVICES_ENABLED=false \
        java $STACK_GATEWAY_BASE_OPTS $STACK_GATEWAY_JAVA_OPTS -jar "$GW_JAR"
    GW_PID=$SPAWNED_PID
    wait_http gateway "http://127.0.0.1:$2/q/health/ready" 120 "$SPAWNED_PID"
}

# api method path [body]: a Dashboard API call with the admin token; prints the body, fails on a non-2xx status
api() {
    local out status
    out=$(curl -sS -X "$1" "$CP_URL$2" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
        ${3:+--data-binary "$3"} -w '\n%{http_code}')
    status=${out##*$'\n'}
    out=${out%$'\n'*}
    if [ "${status:0:1}" != 2 ]; then
        log "$1 $2 -> $status: $out"
        return 1
    fi
    printf '%s' "$out"
}

# The measured request: an MCP session (initialize + notifications/initialized), then tools/call get_users.
ACCEPT='application/json, text/event-stream'
INIT='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"portcullis-bench","version":"1"}}}'
CALL='{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_users","arguments":{}}}'

# stack_session url [key]: opens an MCP session on url (with the key, if given; retried for up to 60 s while the
# gateway has not yet got its configuration) and prints its Mcp-Session-Id
stack_session() {
    local sid deadline=$((SECONDS + 60))
    until sid=$(curl -sS -o /dev/null -D - -X POST "$1" -H 'Content-Type: application/json' -H "Accept: $ACCEPT" \
            ${2:+-H "Authorization: Bearer $2"} --data-binary "$INIT" | tr -d '\r' \
            | awk -F': ' 'tolower($1) == "mcp-session-id" { print $2 }') && [ -n "$sid" ]; do
        [ $SECONDS -lt $deadline ] || die "no session from $1"; sleep 0.5
    done
    curl -sS -o /dev/null -X POST "$1" -H 'Content-Type: application/json' -H "Accept: $ACCEPT" -H "Mcp-Session-Id: $sid" \
        ${2:+-H "Authorization: Bearer $2"} --data-binary '{"jsonrpc":"2.0","method":"notifications/initialized"}'
    echo "$sid"
}

# stack_bench_proxy id listen-path mock-port [limits]: the proxy bench/run measures (key authentication; with
# limits=1, the default, its three rate limits, each too high to ever refuse)
stack_bench_proxy() {
    local never='{"rate": 1000000000, "per": 60}' limits=
    [ "${4:-1}" != 1 ] || limits=", \"global\": {\"rateLimit\": $never}, \"operations\": {\"tools/call\": {\"rateLimit\": $never}},
 \"tools\": {\"get_users\": {\"rateLimit\": $never}}"
    api POST /api/mcps "{\"id\": \"$1\", \"name\": \"Bench mock $1\", \"listenPath\": \"$2\",
 \"upstream\": {\"url\": \"http://127.0.0.1:$3\"},
 \"authentication\": {\"enabled\": true, \"authToken\": {\"enabled\": true, \"header\": \"Authorization\"}}$limits}" >/dev/null
}

# stack_start_nginx port mock-port: nginx as a plain reverse proxy to the mock on 127.0.0.1:port (proxy_pass,
# keep-alive upstream, no buffering, no access log); sets NGINX_PID
stack_start_nginx() {
    local NGINX_PORT=$1 MOCK_PORT=$2 nginx
    nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
    mkdir -p "$WORK/nginx"
    cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes ${BENCH_NGINX_WORKERS:-auto};
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/client_body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    upstream mock {
        server 127.0.0.1:$MOCK_PORT;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://mock;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
        }
        location = /nginx-health { return 200 "ok"; }
    }
}
NGINX
    stack_spawn nginx "$nginx" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
    NGINX_PID=$SPAWNED_PID
    wait_http nginx "http://127.0.0.1:$NGINX_PORT/nginx-health" 30 "$SPAWNED_PID"
}

cpu_ticks() { # pid...: user + system clock ticks used so far by these processes (all their threads); gone ones count 0
    local total=0 pid fields
    for pid in "$@"; do
        fields=$(cut -d')' -f2 "/proc/$pid/stat" 2>/dev/null) || continue
        total=$((total + $(awk '{ print $12 + $13 }' <<<"$fields")))
    done
    echo "$total"
}

machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; } # the machine's busy ticks so far
