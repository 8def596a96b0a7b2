#!/usr/bin/env bash
# scripts/services.sh — provision and run the test-suite backing services
# (PostgreSQL, Redis, Elasticsearch) on 127.0.0.1, idempotently.
#
# Usage:
#   scripts/services.sh start [SERVICE]   install what is missing, start what is not
#                                running, wait until each answers, print timings + exports
#   scripts/services.sh stop [SERVICE]    stop all three, or one (fine if not running)
#   scripts/services.sh restart [SERVICE] stop, then start
#                                SERVICE: postgresql, redis or elasticsearch
#   scripts/services.sh status   say which are up (exit 0 only if all three are)
#   scripts/services.sh env      print only the export lines (no install, no start),
#                                for `eval "$(scripts/services.sh env)"` in a Makefile
#
# Why this exists: the machines this project runs on (developers' and CI's) are
# fresh Debian 12 boxes without Docker and with no network except the package
# registries (Debian apt, PyPI, Maven Central). Nothing installed by hand
# survives to CI, so this script installs everything it needs itself:
#   * PostgreSQL and Redis come from Debian packages. We never use the
#     distribution's own daemons/clusters (Debian's default cluster on 5432 or
#     redis on 6379 may exist, running or not: they do not matter). We run our
#     own instances, on our own ports, with all state under $SERVICES_DIR.
#   * Elasticsearch comes from Maven Central, the only place a distribution of
#     it can be fetched from here: the artifact
#       org.elasticsearch.distribution.integ-test-zip:elasticsearch:<ver>:zip
#     is what Elastic publishes for integration tests. It is the SERVER CORE
#     ONLY: its modules/ directory holds just transport-netty4, x-pack-core,
#     x-pack-security and apm. There is NO analysis-common: analyzers
#     `standard`, `simple`, `whitespace`, `keyword`, `stop` exist, tokenizer
#     `standard` and filters `lowercase`, `stop`, `shingle` exist, but NOT
#     asciifolding, ngram/edge_ngram, stemmers, synonyms, the keyword/
#     whitespace/lowercase tokenizers or language analyzers (so Wagtail/
#     modelsearch's default index settings, which use asciifolding + ngram,
#     are rejected). NO percolator, NO painless (no scripts), NO reindex (no
#     _reindex/_update_by_query/_delete_by_query), no rest-root (`GET /`
#     answers 405, so elasticsearch-py's info() raises and ping() is False:
#     read the version from _nodes/_local), no ingest-common, no ingest-geoip,
#     no mapper-extras, no parent-join. Code and tests must stick to what core
#     offers. Settings of absent modules are rejected at startup, e.g.
#     `ingest.geoip.downloader.enabled` is unknown here, so it is not set.
#   * It is a disposable test cluster: PostgreSQL runs with fsync,
#     synchronous_commit and full_page_writes off; Redis keeps nothing on disk.
#
# Ports (fixed; the URLs printed by `env` use them):
#   PostgreSQL 127.0.0.1:55432  role/db "opportunities" (SUPERUSER, since
#                               pytest-django creates test_opportunities and
#                               per-xdist-worker test databases)
#   Redis      127.0.0.1:56379
#   Elasticsearch http 127.0.0.1:59200, transport 127.0.0.1:59300
#
# State: everything lives under ${SERVICES_DIR:-/var/tmp/opportunity-platform-services}
# (outside the repo, so the non-root service users can reach it), except the
# Maven cache (~/.m2, so a second install does not download again) and apt
# packages. Delete that directory to start from scratch.
#
# Daemons refuse to run as root (initdb, Elasticsearch), so when this script
# runs as root each service runs as a system user: postgres, redis and
# elasticsearch (created with useradd --system if missing). Run as a normal
# user, everything runs as that user (apt installs then need sudo).

set -euo pipefail

# --- Elasticsearch version ---------------------------------------------------
# Newest 8.x of org.elasticsearch.distribution.integ-test-zip:elasticsearch on
# Maven Central, found by resolving the version range [8.0.0,9.0.0) with mvn
# (maven-metadata.xml reports <release>8.19.21</release>; 8.19.22 does not
# exist). 8.x is the last line that runs on Java 17 (9.x needs Java 21); the
# system JDK here is OpenJDK 17. Bump deliberately, and re-run the test suite.
ES_VERSION="${ES_VERSION:-8.19.21}"
ES_MAVEN_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
MAVEN_DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

PG_PORT=55432
REDIS_PORT=56379
ES_HTTP_PORT=59200
ES_TRANSPORT_PORT=59300
HOST=127.0.0.1

DB_NAME=opportunities
DB_USER=opportunities
DB_PASSWORD=opportunities

PG_TIMEOUT=60
REDIS_TIMEOUT=30
ES_TIMEOUT=120

ES_JAVA_HOME_DEFAULT=/usr/lib/jvm/java-17-openjdk-amd64
ES_HEAP="${ES_HEAP:-512m}"

# Resolve paths to absolute ones before anything changes directory.
SCRIPT_PATH="$(realpath "${BASH_SOURCE[0]}")"
STATE_DIR="$(realpath -m "${SERVICES_DIR:-/var/tmp/opportunity-platform-services}")"
PG_BASE="$STATE_DIR/postgresql"
PG_DATA="$PG_BASE/data"
PG_SOCKET_DIR="$PG_BASE/run"
PG_LOG="$PG_BASE/postgresql.log"
REDIS_BASE="$STATE_DIR/redis"
REDIS_CONF="$REDIS_BASE/redis.conf"
REDIS_PID="$REDIS_BASE/redis.pid"
REDIS_LOG="$REDIS_BASE/redis.log"
ES_BASE="$STATE_DIR/elasticsearch"
ES_HOME="$ES_BASE/elasticsearch-$ES_VERSION"
ES_DATA="$ES_BASE/data-$ES_VERSION"
ES_LOGS="$ES_BASE/logs"
ES_TMP="$ES_BASE/tmp"
ES_PID="$ES_BASE/elasticsearch.pid"
ES_LAUNCH_LOG="$ES_LOGS/launcher.log"
ES_CLUSTER_NAME=opportunities-test
ES_LOG="$ES_LOGS/$ES_CLUSTER_NAME.log"

DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@$HOST:$PG_PORT/$DB_NAME"
REDIS_URL="redis://$HOST:$REDIS_PORT/0"
ELASTICSEARCH_URL="http://$HOST:$ES_HTTP_PORT"

# Service users (see header). Non-root: everything runs as the invoking user.
if [[ $EUID -eq 0 ]]; then
    IS_ROOT=1
    PG_USER=postgres REDIS_USER=redis ES_USER=elasticsearch
    SUDO=()
else
    IS_ROOT=0
    PG_USER="$(id -un)" REDIS_USER="$(id -un)" ES_USER="$(id -un)"
    SUDO=(sudo -n)
fi

# Nothing below depends on the caller's cwd; "/" is readable by every user we
# switch to (a service user cannot chdir into e.g. /root).
cd /

# --- helpers -----------------------------------------------------------------
log()  { printf '==> %s\n' "$*" >&2; }
warn() { printf '==> WARNING: %s\n' "$*" >&2; }
die()  { printf '==> ERROR: %s\n' "$*" >&2; exit 1; }

# fail_service MESSAGE LOGFILE... : say what failed (naming the service), show
# the tail of each non-empty log, exit 1.
fail_service() {
    local msg="$1"; shift
    printf '==> ERROR: %s\n' "$msg" >&2
    local f
    for f in "$@"; do
        if [[ -s "$f" ]]; then
            printf -- '---- last 40 lines of %s ----\n' "$f" >&2
            tail -n 40 "$f" >&2 || true
        fi
    done
    printf -- '---- end of logs ----\n' >&2
    exit 1
}

now_ms() { date +%s%3N; }
elapsed() { # elapsed START_MS -> "2.3s"
    local d=$(( $(now_ms) - $1 ))
    printf '%d.%ds' $(( d / 1000 )) $(( (d % 1000) / 100 ))
}

# as_user USER CMD... : run CMD as USER (only switches user when we are root).
# Every daemon is started through here. fd 9 (the flock in take_lock) is closed
# for the child: a daemon inheriting it would hold the lock for its lifetime.
as_user() {
    local user="$1"; shift
    if [[ $IS_ROOT -eq 1 && "$user" != root ]]; then
        runuser -u "$user" -- "$@" 9>&-
    else
        "$@" 9>&-
    fi
}

# ensure_system_user NAME : create a system user (root only).
ensure_system_user() {
    [[ $IS_ROOT -eq 1 ]] || return 0
    id -u "$1" >/dev/null 2>&1 && return 0
    log "creating system user $1"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$1"
}

# proc_running PID : process exists and is not a zombie.
proc_running() {
    [[ -n "$1" && -r "/proc/$1/status" ]] || return 1
    ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# pid_alive PIDFILE [COMM] : is the process named in PIDFILE running (and, if
# COMM is given, is its command name COMM — guards against reused pids)?
pid_alive() {
    local pidfile="$1" comm="${2:-}" pid
    [[ -r "$pidfile" ]] || return 1
    pid="$(head -n1 "$pidfile" 2>/dev/null | tr -dc '0-9')"
    proc_running "$pid" || return 1
    if [[ -n "$comm" ]]; then
        [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$comm"* ]] || return 1
    fi
    return 0
}

pid_of() { head -n1 "$1" 2>/dev/null | tr -dc '0-9'; }

# port_open PORT : does something accept TCP connections on 127.0.0.1:PORT?
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# wait_for NAME TIMEOUT_S ALIVE_CMD -- READY_CMD... : poll READY_CMD every 0.5 s
# until it succeeds. ALIVE_CMD (a function name, or "true") is checked too, so a
# daemon that died fails fast instead of after the whole timeout.
wait_for() {
    local name="$1" timeout="$2" alive="$3"; shift 4
    local deadline=$(( $(date +%s) + timeout ))
    while true; do
        if "$@" >/dev/null 2>&1; then return 0; fi
        if ! "$alive"; then
            warn "$name process exited during startup"
            return 1
        fi
        if (( $(date +%s) >= deadline )); then
            warn "$name did not answer within ${timeout}s"
            return 1
        fi
        sleep 0.5
    done
}

# --- package installation ----------------------------------------------------
APT_UPDATED=0
POLICY_RC_CREATED=0
cleanup() {
    if [[ $POLICY_RC_CREATED -eq 1 ]]; then rm -f /usr/sbin/policy-rc.d; fi
}
trap cleanup EXIT

apt_install() {
    if [[ $IS_ROOT -eq 0 ]] && ! sudo -n true 2>/dev/null; then
        die "need to apt-get install $*, but not root and no passwordless sudo"
    fi
    # Keep packages' postinst from starting their own daemons (Debian's
    # postgresql@15-main on 5432, redis-server on 6379): we run our own.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
        "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=1
    fi
    local apt=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300)
    local apt_log="$STATE_DIR/apt.log"
    ensure_state_dir
    if [[ $APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        "${apt[@]}" update >"$apt_log" 2>&1 || fail_service "apt-get update failed" "$apt_log"
        APT_UPDATED=1
    fi
    log "installing $* (apt)"
    local t0; t0="$(now_ms)"
    "${apt[@]}" install -y --no-install-recommends "$@" >>"$apt_log" 2>&1 \
        || fail_service "apt-get install $* failed" "$apt_log"
    log "installed $* in $(elapsed "$t0")"
    if [[ $POLICY_RC_CREATED -eq 1 ]]; then
        "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=0
    fi
}

ensure_base_tools() {
    local missing=()
    command -v curl  >/dev/null || missing+=(curl)
    command -v unzip >/dev/null || missing+=(unzip)
    command -v runuser >/dev/null || missing+=(util-linux)
    command -v flock >/dev/null || missing+=(util-linux)
    if (( ${#missing[@]} )); then apt_install "${missing[@]}"; fi
}

# --- state dir and locking ----------------------------------------------------
ensure_state_dir() {
    if [[ ! -d "$STATE_DIR" ]]; then
        mkdir -p "$STATE_DIR"
        chmod 755 "$STATE_DIR"
    fi
}

# check_writable SERVICE USER DIR : the service user must be able to use DIR
# (a SERVICES_DIR under e.g. /root is not reachable by system users).
check_writable() {
    as_user "$2" test -w "$3" -a -x "$3" \
        || die "$1: $3 is not writable by user $2 (choose a SERVICES_DIR every user can reach, e.g. under /var/tmp)"
}

# Serialise concurrent start/stop calls (e.g. parallel make targets).
take_lock() {
    ensure_state_dir
    exec 9>"$STATE_DIR/.lock"
    if ! flock -w 300 9; then die "could not lock $STATE_DIR/.lock within 300s (another services.sh running?)"; fi
}

# ============================================================================
# PostgreSQL
# ============================================================================
PG_BIN=""
find_pg_bin() {
    local d
    d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
    if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
        PG_BIN="$d"; return 0
    fi
    return 1
}

pg_install() {
    if ! find_pg_bin; then
        # "postgresql" = the distribution's supported server (15 on Debian 12).
        # Its postinst creates a default cluster on 5432; we never use it.
        apt_install postgresql
        find_pg_bin || die "postgresql installed but no server binaries in /usr/lib/postgresql/*/bin"
    fi
    if [[ $IS_ROOT -eq 1 ]]; then ensure_system_user "$PG_USER"; fi
}

pg_alive() { pid_alive "$PG_DATA/postmaster.pid" postgres; }
pg_answers() { "$PG_BIN/pg_isready" -q -h "$HOST" -p "$PG_PORT" -t 2; }
pg_psql() { # superuser psql over our private unix socket
    as_user "$PG_USER" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres "$@"
}

pg_write_config() {
    # Rewritten on every start so changes to this script take effect.
    as_user "$PG_USER" tee "$PG_DATA/opportunities.conf" >/dev/null <<EOF
# Written by scripts/services.sh — disposable test cluster, durability off.
listen_addresses = '$HOST'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
shared_buffers = 128MB
logging_collector = off
log_min_messages = warning
log_line_prefix = '%m [%p] '
timezone = 'UTC'
EOF
    if ! grep -q "^include 'opportunities.conf'" "$PG_DATA/postgresql.conf"; then
        printf "\ninclude 'opportunities.conf'\n" | as_user "$PG_USER" tee -a "$PG_DATA/postgresql.conf" >/dev/null
    fi
}

pg_init() {
    mkdir -p "$PG_BASE"
    if [[ $IS_ROOT -eq 1 ]]; then chown "$PG_USER:" "$PG_BASE"; fi
    chmod 700 "$PG_BASE"
    check_writable postgresql "$PG_USER" "$PG_BASE"
    local major
    major="$(basename "$(dirname "$PG_BIN")")"
    if [[ -f "$PG_DATA/PG_VERSION" && "$(cat "$PG_DATA/PG_VERSION")" != "$major" ]]; then
        warn "data dir $PG_DATA is from PostgreSQL $(cat "$PG_DATA/PG_VERSION"), binaries are $major: re-initialising (disposable test cluster)"
        rm -rf "$PG_DATA"
    fi
    if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
        rm -rf "$PG_DATA"
        log "initdb postgresql $major cluster in $PG_DATA"
        # local (socket) connections: trust; TCP: password (scram).
        as_user "$PG_USER" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres \
            --encoding=UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 \
            --no-sync --no-instructions >"$PG_BASE/initdb.log" 2>&1 \
            || fail_service "postgresql failed to start" "$PG_BASE/initdb.log"
    fi
    as_user "$PG_USER" mkdir -p "$PG_SOCKET_DIR"
    pg_write_config
}

pg_ensure_role_and_db() {
    pg_psql -d postgres <<EOF >/dev/null
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE "$DB_USER" LOGIN SUPERUSER CREATEDB PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE "$DB_USER" LOGIN SUPERUSER CREATEDB PASSWORD '$DB_PASSWORD';
  END IF;
END
\$\$;
EOF
    if [[ "$(pg_psql -d postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]]; then
        pg_psql -d postgres -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\""
    fi
}

pg_start() {
    pg_install
    if pg_alive && pg_answers; then
        pg_ensure_role_and_db || fail_service "postgresql: creating role/database $DB_NAME failed" "$PG_LOG"
        log "postgresql already running on $HOST:$PG_PORT"
        return 0
    fi
    if pg_alive; then
        # Running but not answering yet (another caller just started it).
        wait_for postgresql "$PG_TIMEOUT" pg_alive -- pg_answers || fail_service "postgresql failed to start" "$PG_LOG"
        pg_ensure_role_and_db || fail_service "postgresql: creating role/database $DB_NAME failed" "$PG_LOG"
        log "postgresql already running on $HOST:$PG_PORT"
        return 0
    fi
    if port_open "$PG_PORT"; then
        die "postgresql: port $HOST:$PG_PORT is in use by another process (not our cluster in $PG_DATA)"
    fi
    pg_init
    if [[ -e "$PG_DATA/postmaster.pid" ]]; then
        log "postgresql: removing stale postmaster.pid (pid $(pid_of "$PG_DATA/postmaster.pid") not running)"
        rm -f "$PG_DATA/postmaster.pid"
    fi
    log "starting postgresql on $HOST:$PG_PORT"
    local t0; t0="$(now_ms)"
    : >"$PG_LOG"
    if [[ $IS_ROOT -eq 1 ]]; then chown "$PG_USER:" "$PG_LOG"; fi
    as_user "$PG_USER" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -W -s start >"$PG_BASE/pg_ctl.log" 2>&1 \
        || fail_service "postgresql failed to start" "$PG_BASE/pg_ctl.log" "$PG_LOG"
    # postmaster.pid appears a moment after pg_ctl returns; give it that moment.
    local _; for _ in 1 2 3 4 5 6 7 8 9 10; do pg_alive && break; sleep 0.2; done
    wait_for postgresql "$PG_TIMEOUT" pg_alive -- pg_answers || fail_service "postgresql failed to start" "$PG_LOG"
    pg_ensure_role_and_db || fail_service "postgresql: creating role/database $DB_NAME failed" "$PG_LOG"
    log "postgresql $("$PG_BIN/postgres" -V | awk '{print $3}') up in $(elapsed "$t0")"
}

pg_stop() {
    find_pg_bin || { log "postgresql not installed"; return 0; }
    if [[ -f "$PG_DATA/PG_VERSION" ]] && pg_alive; then
        log "stopping postgresql"
        as_user "$PG_USER" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 -s stop \
            || warn "pg_ctl stop failed"
    else
        rm -f "$PG_DATA/postmaster.pid" 2>/dev/null || true
        log "postgresql not running"
    fi
}

pg_status() {
    if pg_answers && pg_alive; then
        echo "postgresql:    up    $HOST:$PG_PORT (pid $(pid_of "$PG_DATA/postmaster.pid"))"; return 0
    fi
    echo "postgresql:    down"; return 1
}

# ============================================================================
# Redis
# ============================================================================
redis_install() {
    if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
        apt_install redis-server redis-tools
    fi
    if [[ $IS_ROOT -eq 1 ]]; then ensure_system_user "$REDIS_USER"; fi
}

redis_alive() { pid_alive "$REDIS_PID" redis-server; }
redis_answers() { [[ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_write_config() {
    mkdir -p "$REDIS_BASE"
    cat >"$REDIS_CONF" <<EOF
# Written by scripts/services.sh — test instance, nothing persisted.
bind $HOST
port $REDIS_PORT
protected-mode yes
daemonize yes
supervised no
pidfile $REDIS_PID
logfile $REDIS_LOG
loglevel notice
dir $REDIS_BASE
save ""
appendonly no
databases 16
maxmemory 256mb
maxmemory-policy noeviction
EOF
    : >"$REDIS_LOG"
    if [[ $IS_ROOT -eq 1 ]]; then chown -R "$REDIS_USER:" "$REDIS_BASE"; fi
    check_writable redis "$REDIS_USER" "$REDIS_BASE"
}

redis_start() {
    redis_install
    if redis_alive && redis_answers; then
        log "redis already running on $HOST:$REDIS_PORT"; return 0
    fi
    if ! redis_alive && port_open "$REDIS_PORT"; then
        die "redis: port $HOST:$REDIS_PORT is in use by another process (not our instance, pidfile $REDIS_PID)"
    fi
    if ! redis_alive; then
        if [[ -e "$REDIS_PID" ]]; then
            log "redis: removing stale pidfile (pid $(pid_of "$REDIS_PID") not running)"
            rm -f "$REDIS_PID"
        fi
        redis_write_config
        log "starting redis on $HOST:$REDIS_PORT"
    fi
    local t0; t0="$(now_ms)"
    if ! redis_alive; then
        as_user "$REDIS_USER" redis-server "$REDIS_CONF" >"$REDIS_BASE/launcher.log" 2>&1 \
            || fail_service "redis failed to start" "$REDIS_BASE/launcher.log" "$REDIS_LOG"
        local _; for _ in 1 2 3 4 5 6 7 8 9 10; do redis_alive && break; sleep 0.2; done
    fi
    wait_for redis "$REDIS_TIMEOUT" redis_alive -- redis_answers || fail_service "redis failed to start" "$REDIS_LOG"
    log "redis $(redis-server --version | grep -o 'v=[0-9.]*' | cut -d= -f2) up in $(elapsed "$t0")"
}

redis_stop() {
    if redis_alive; then
        log "stopping redis"
        local pid; pid="$(pid_of "$REDIS_PID")"
        redis-cli -h "$HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
        local _; for _ in $(seq 1 50); do proc_running "$pid" || break; sleep 0.2; done
        if proc_running "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
        rm -f "$REDIS_PID"
    else
        rm -f "$REDIS_PID" 2>/dev/null || true
        log "redis not running"
    fi
}

redis_status() {
    if redis_alive && redis_answers; then
        echo "redis:         up    $HOST:$REDIS_PORT (pid $(pid_of "$REDIS_PID"))"; return 0
    fi
    echo "redis:         down"; return 1
}

# ============================================================================
# Elasticsearch
# ============================================================================
es_java_home() {
    if [[ -n "${ES_JAVA_HOME:-}" ]]; then echo "$ES_JAVA_HOME"; else echo "$ES_JAVA_HOME_DEFAULT"; fi
}

es_install() {
    local jh; jh="$(es_java_home)"
    if [[ ! -x "$jh/bin/java" ]]; then
        [[ "$jh" == "$ES_JAVA_HOME_DEFAULT" ]] || die "elasticsearch: ES_JAVA_HOME=$jh has no bin/java"
        apt_install openjdk-17-jre-headless
    fi
    if [[ $IS_ROOT -eq 1 ]]; then ensure_system_user "$ES_USER"; fi
    mkdir -p "$ES_BASE"
    if [[ ! -x "$ES_HOME/bin/elasticsearch" ]]; then
        command -v mvn >/dev/null || apt_install maven
        local dl="$ES_BASE/download"
        rm -rf "$dl" "$ES_HOME.partial"
        mkdir -p "$dl"
        log "fetching elasticsearch $ES_VERSION from Maven Central ($ES_MAVEN_ARTIFACT; cached in ~/.m2)"
        local t0; t0="$(now_ms)"
        # JAVA_HOME for mvn itself: use the same JDK 17 (whatever the caller has set).
        if ! JAVA_HOME="$(es_java_home)" mvn -B -q -C \
                "$MAVEN_DEPENDENCY_PLUGIN:copy" \
                -Dartifact="$ES_MAVEN_ARTIFACT" \
                -DoutputDirectory="$dl" >"$ES_BASE/mvn.log" 2>&1; then
            fail_service "elasticsearch: download of $ES_MAVEN_ARTIFACT via mvn failed" "$ES_BASE/mvn.log"
        fi
        log "unpacking elasticsearch $ES_VERSION into $ES_HOME"
        mkdir -p "$ES_HOME.partial"
        unzip -q "$dl/elasticsearch-$ES_VERSION.zip" -d "$ES_HOME.partial" \
            || die "elasticsearch: unzip failed"
        mv "$ES_HOME.partial/elasticsearch-$ES_VERSION" "$ES_HOME"
        rm -rf "$ES_HOME.partial" "$dl"
        log "elasticsearch $ES_VERSION fetched and unpacked in $(elapsed "$t0")"
    fi
    mkdir -p "$ES_DATA" "$ES_LOGS" "$ES_TMP"
    if [[ $IS_ROOT -eq 1 ]]; then
        chown "$ES_USER:" "$ES_BASE"
        chown -R "$ES_USER:" "$ES_HOME" "$ES_DATA" "$ES_LOGS" "$ES_TMP"
    fi
    check_writable elasticsearch "$ES_USER" "$ES_DATA"
}

es_alive() { pid_alive "$ES_PID" java; }
# NB: `GET /` (the version banner) answers 405 on this distribution: the root
# endpoint lives in the rest-root module, which the integ-test zip lacks (so
# elasticsearch-py's ping()/info() fail too). Ask the nodes API instead.
es_version() {
    curl -fsS --max-time 5 "$ELASTICSEARCH_URL/_nodes/_local?filter_path=nodes.*.version" 2>/dev/null \
        | grep -o '"version":"[^"]*"' | head -n1 | cut -d'"' -f4 || true
}
es_answers() {
    curl -fsS --max-time 5 "$ELASTICSEARCH_URL/_cluster/health?wait_for_status=yellow&timeout=2s" >/dev/null
}

# mmap needs vm.max_map_count >= 262144 (Elasticsearch's bootstrap check; not
# enforced for a loopback-only dev node, but mmap can then fail under load).
# Raise it when we can; otherwise tell Elasticsearch not to use mmap.
es_mmap_setting() {
    local cur; cur="$(cat /proc/sys/vm/max_map_count 2>/dev/null || echo 0)"
    if (( cur >= 262144 )); then return 0; fi
    if [[ $IS_ROOT -eq 1 ]] && sysctl -q -w vm.max_map_count=262144 >/dev/null 2>&1; then
        log "raised vm.max_map_count from $cur to 262144 for elasticsearch"
        return 0
    fi
    warn "vm.max_map_count is $cur (< 262144) and cannot be raised: elasticsearch runs with node.store.allow_mmap: false"
    echo "node.store.allow_mmap: false"
}

es_write_config() {
    local extra; extra="$(es_mmap_setting)"
    # Rewritten on every start. Only settings the core-only integ-test zip
    # knows: e.g. ingest.geoip.downloader.enabled is NOT accepted (no
    # ingest-geoip module) and would abort startup.
    as_user "$ES_USER" tee "$ES_HOME/config/elasticsearch.yml" >/dev/null <<EOF
# Written by scripts/services.sh — single-node test cluster.
cluster.name: $ES_CLUSTER_NAME
node.name: node-1
path.data: $ES_DATA
path.logs: $ES_LOGS
network.host: $HOST
http.port: $ES_HTTP_PORT
transport.port: $ES_TRANSPORT_PORT
discovery.type: single-node
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
$extra
EOF
}

es_start() {
    es_install
    if es_alive && es_answers; then
        log "elasticsearch already running on $HOST:$ES_HTTP_PORT"; return 0
    fi
    if ! es_alive && port_open "$ES_HTTP_PORT"; then
        die "elasticsearch: port $HOST:$ES_HTTP_PORT is in use by another process (not our node, pidfile $ES_PID)"
    fi
    local t0; t0="$(now_ms)"
    if ! es_alive; then
        if [[ -e "$ES_PID" ]]; then
            log "elasticsearch: removing stale pidfile (pid $(pid_of "$ES_PID") not running)"
            rm -f "$ES_PID"
        fi
        es_write_config
        log "starting elasticsearch $ES_VERSION on $HOST:$ES_HTTP_PORT (heap $ES_HEAP, java $(es_java_home))"
        : >"$ES_LAUNCH_LOG"
        # Keep the previous run's log aside so a failure shows only this run.
        if [[ -f "$ES_LOG" ]]; then mv -f "$ES_LOG" "$ES_LOG.prev"; fi
        # -d daemonizes; the launcher returns once the node has started (or
        # failed). -p writes the pidfile (the server's java process).
        # Elasticsearch wants >= 65535 open files; raise the soft limit as far
        # as the hard limit allows (a loopback-only node just warns if lower).
        if ! (ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
              as_user "$ES_USER" env -u JAVA_HOME -u ES_PATH_CONF \
                ES_JAVA_HOME="$(es_java_home)" \
                ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
                ES_TMPDIR="$ES_TMP" \
                "$ES_HOME/bin/elasticsearch" -d -p "$ES_PID") >>"$ES_LAUNCH_LOG" 2>&1; then
            fail_service "elasticsearch failed to start" "$ES_LAUNCH_LOG" "$ES_LOG"
        fi
        local _; for _ in $(seq 1 25); do es_alive && break; sleep 0.2; done
    fi
    wait_for elasticsearch "$ES_TIMEOUT" es_alive -- es_answers \
        || fail_service "elasticsearch failed to start" "$ES_LAUNCH_LOG" "$ES_LOG"
    local ver
    ver="$(es_version)"
    if [[ "$ver" != "$ES_VERSION" ]]; then
        fail_service "elasticsearch failed to start: answers as version '$ver', expected $ES_VERSION" "$ES_LOG"
    fi
    log "elasticsearch $ver up in $(elapsed "$t0")"
}

es_stop() {
    if es_alive; then
        log "stopping elasticsearch"
        local pid; pid="$(pid_of "$ES_PID")"
        kill -TERM "$pid" 2>/dev/null || true
        local _; for _ in $(seq 1 150); do proc_running "$pid" || break; sleep 0.2; done
        if proc_running "$pid"; then warn "elasticsearch did not stop in 30s; killing"; kill -9 "$pid" 2>/dev/null || true; fi
        rm -f "$ES_PID"
    else
        rm -f "$ES_PID" 2>/dev/null || true
        log "elasticsearch not running"
    fi
}

es_status() {
    local ver
    if es_alive && ver="$(es_version)" && [[ -n "$ver" ]]; then
        echo "elasticsearch: up    $HOST:$ES_HTTP_PORT (pid $(pid_of "$ES_PID"), version $ver)"; return 0
    fi
    echo "elasticsearch: down"; return 1
}

# ============================================================================
print_env() {
    echo "export DATABASE_URL=$DATABASE_URL"
    echo "export REDIS_URL=$REDIS_URL"
    echo "export ELASTICSEARCH_URL=$ELASTICSEARCH_URL"
}

# wants SERVICE ONLY: true when ONLY is empty (all services) or names SERVICE.
wants() { [[ -z "$2" || "$2" == "$1" ]]; }

check_only() {
    case "${1:-}" in
        ""|postgresql|redis|elasticsearch) ;;
        *) die "unknown service '$1' (postgresql, redis or elasticsearch)" ;;
    esac
}

cmd_start() {
    local only="${1:-}"; check_only "$only"
    ensure_base_tools
    take_lock
    local t0; t0="$(now_ms)"
    if wants postgresql "$only"; then pg_start; fi
    if wants redis "$only"; then redis_start; fi
    if wants elasticsearch "$only"; then es_start; fi
    log "${only:-all services} up ($(elapsed "$t0") total); state in $STATE_DIR"
    print_env
}

cmd_stop() {
    local only="${1:-}"; check_only "$only"
    take_lock
    if wants elasticsearch "$only"; then es_stop; fi
    if wants redis "$only"; then redis_stop; fi
    if wants postgresql "$only"; then pg_stop; fi
}

cmd_status() {
    local rc=0
    find_pg_bin || true
    if [[ -n "$PG_BIN" ]]; then pg_status || rc=1; else echo "postgresql:    not installed"; rc=1; fi
    if command -v redis-cli >/dev/null; then redis_status || rc=1; else echo "redis:         not installed"; rc=1; fi
    command -v curl >/dev/null && es_status || rc=1
    return $rc
}

usage() {
    sed -n '2,14p' "$SCRIPT_PATH" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

case "${1:-}" in
    start)   cmd_start "${2:-}" ;;
    stop)    cmd_stop "${2:-}" ;;
    restart) cmd_stop "${2:-}"; cmd_start "${2:-}" ;;
    status)  cmd_status ;;
    env)     print_env ;;
    *)       usage ;;
esac
