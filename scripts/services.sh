#!/usr/bin/env bash
# Starts and stops the real services the integration tests talk to: moto in server mode (the AWS APIs) and a single
# OpenSearch node on the JVM, plus Elasticsearch nodes (8.x always, 9.x when a Java 21+ is on the machine). Installs
# them on first use under .services/ (a Python venv from PyPI, the official minimal OpenSearch and Elasticsearch
# `integ-test-zip` distributions from Maven Central), so a fresh machine needs only python3, java 17, mvn and unzip.
#
#   scripts/services.sh up | down | status
#
# Environment: MOTO_PORT (5055), OPENSEARCH_PORT (9250), OPENSEARCH_TRANSPORT_PORT (OPENSEARCH_PORT + 100),
# OPENSEARCH_JAVA_HOME (the JDK of `java` on the PATH), SERVICES_TIMEOUT (seconds, 180),
# ELASTICSEARCH_PORT (9260), ELASTICSEARCH_TRANSPORT_PORT (ELASTICSEARCH_PORT + 100), ELASTICSEARCH_JAVA_HOME (the JDK
# of `java` on the PATH), ELASTICSEARCH9_PORT (9261), ELASTICSEARCH9_TRANSPORT_PORT (ELASTICSEARCH9_PORT + 100),
# ELASTICSEARCH9_JAVA_HOME (the first JDK 21+ found on the PATH or under JVM_ROOT), JVM_ROOT (/usr/lib/jvm: where
# JDKs are looked for), ELASTICSEARCH_HEAP (512m).
# Runtime state is kept per port (.services/run/<service>-<port>/), so several checkouts' or engineers' instances on
# different ports never share a pid file or a data directory; `down` stops exactly what `up` started on those ports.
set -euo pipefail

readonly MOTO_VERSION=5.2.5
readonly OPENSEARCH_VERSION=2.19.3
readonly OPENSEARCH_ARTIFACT="org.opensearch.distribution.integ-test-zip:opensearch:${OPENSEARCH_VERSION}:zip"
# No Index State Management plugin: its zips (org.opensearch.plugin:opensearch-job-scheduler / -index-management) are
# on Maven Central only from 3.0.0.0 on, and a plugin must match the node's version exactly. Lifecycle tests that
# need ISM would have to run OpenSearch 3.x, which needs Java 21+.
# Elasticsearch's integ-test zip is the same idea: server + x-pack-core + security + netty, no ILM and no data-stream
# module — so the tests use daily indices and check the ILM policy against a stand-in (see test/sinks/elasticsearch).
# 8.x runs on Java 17; 9.x needs Java 21+ (it is started only when one is found, and says so when it is skipped).
readonly ELASTICSEARCH_VERSION=8.19.0
readonly ELASTICSEARCH9_VERSION=9.2.0
readonly ELASTICSEARCH9_MIN_JAVA=21

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES_DIR="${SERVICES_DIR:-$ROOT/.services}"
MOTO_PORT="${MOTO_PORT:-5055}"
OPENSEARCH_PORT="${OPENSEARCH_PORT:-9250}"
OPENSEARCH_TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-$((OPENSEARCH_PORT + 100))}"
SERVICES_TIMEOUT="${SERVICES_TIMEOUT:-180}"
ELASTICSEARCH_PORT="${ELASTICSEARCH_PORT:-9260}"
ELASTICSEARCH_TRANSPORT_PORT="${ELASTICSEARCH_TRANSPORT_PORT:-$((ELASTICSEARCH_PORT + 100))}"
ELASTICSEARCH9_PORT="${ELASTICSEARCH9_PORT:-9261}"
ELASTICSEARCH9_TRANSPORT_PORT="${ELASTICSEARCH9_TRANSPORT_PORT:-$((ELASTICSEARCH9_PORT + 100))}"

VENV="$SERVICES_DIR/venv"
MOTO_RUN="$SERVICES_DIR/run/moto-$MOTO_PORT"

# OpenSearch refuses to run as root; as root (CI, dev boxes) the node runs as `nobody`, which must be able to reach
# its files. A checkout under a private folder (/root/...) is out of its reach: then the node's install and run
# folders live in a world-readable folder of their own under /tmp instead of .services/.
as_service_user=()
OPENSEARCH_BASE="$SERVICES_DIR"
if [[ "$(id -u)" == 0 ]]; then
  as_service_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
  mkdir -p "$SERVICES_DIR"
  if ! "${as_service_user[@]}" test -x "$SERVICES_DIR" 2>/dev/null; then
    OPENSEARCH_BASE="/tmp/teddy-logs-opensearch-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
  fi
fi
OPENSEARCH_HOME="$OPENSEARCH_BASE/opensearch-$OPENSEARCH_VERSION"
OPENSEARCH_RUN="$OPENSEARCH_BASE/run/opensearch-$OPENSEARCH_PORT"
MOTO_URL="http://127.0.0.1:$MOTO_PORT"
ELASTICSEARCH_URL="http://127.0.0.1:$ELASTICSEARCH_PORT"
ELASTICSEARCH9_URL="http://127.0.0.1:$ELASTICSEARCH9_PORT"
OPENSEARCH_URL="http://127.0.0.1:$OPENSEARCH_PORT"

say() { printf '[services] %s\n' "$*"; }
die() {
  printf '[services] ERROR: %s\n' "$*" >&2
  exit 1
}

# --- install -------------------------------------------------------------------------------------------------------

install_moto() {
  if [[ -x "$VENV/bin/moto_server" ]] && "$VENV/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
    return
  fi
  command -v python3 >/dev/null || die "python3 is needed to install moto"
  say "installing moto[server]==$MOTO_VERSION into $VENV (first run only)"
  [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" ||
    die "pip could not install moto[server]==$MOTO_VERSION"
}

# Fetches the zip `artifact` from Maven Central with mvn and unpacks its top folder `unpacked` to `home`, readable by
# the unprivileged node whatever the umask of the install was. `what` names it in messages and in the mvn log's name.
install_zip_from_maven() {
  local what="$1" artifact="$2" unpacked="$3" home="$4"
  local log="$SERVICES_DIR/mvn-$what.log"
  command -v mvn >/dev/null || die "mvn is needed to fetch $what from Maven Central"
  command -v unzip >/dev/null || die "unzip is needed to unpack $what"
  say "fetching $artifact with mvn (first run only; ~/.m2 caches it)"
  mkdir -p "$OPENSEARCH_BASE"
  if ! mvn -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$OPENSEARCH_BASE" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "mvn could not fetch $artifact (full output in $log)"
  fi
  local zip="$OPENSEARCH_BASE/$unpacked.zip"
  [[ -f "$zip" ]] || die "expected $zip after mvn dependency:copy"
  say "unpacking $(basename "$zip")"
  local staging="$OPENSEARCH_BASE/.unpack-$what-$$"
  rm -rf "$staging"
  unzip -q "$zip" -d "$staging"
  mv "$staging/$unpacked" "$home"
  rm -rf "$staging" "$zip"
  chmod -R a+rX "$home"
}

install_opensearch() {
  if [[ -x "$OPENSEARCH_HOME/bin/opensearch" ]]; then
    return
  fi
  command -v java >/dev/null || die "java (17+) is needed to run OpenSearch $OPENSEARCH_VERSION"
  install_zip_from_maven OpenSearch "$OPENSEARCH_ARTIFACT" "opensearch-$OPENSEARCH_VERSION" "$OPENSEARCH_HOME"
}

# The integ-test zip of Elasticsearch <version>, unpacked to $OPENSEARCH_BASE/elasticsearch-<version> (the same
# world-readable base as OpenSearch, for the same reason: the node runs as `nobody` when we are root).
install_elasticsearch() {
  local version="$1" home="$OPENSEARCH_BASE/elasticsearch-$1"
  if [[ -x "$home/bin/elasticsearch" ]]; then
    return
  fi
  install_zip_from_maven Elasticsearch "org.elasticsearch.distribution.integ-test-zip:elasticsearch:${version}:zip" \
    "elasticsearch-$version" "$home"
}

# The major version of the JDK at a JAVA_HOME (17, 21, 25...), or nothing.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

# The JDK of `java` on the PATH.
path_java_home() {
  command -v java >/dev/null || return 1
  dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

# A JDK of at least the given major version: ELASTICSEARCH9_JAVA_HOME if set, else `java` on the PATH, else the newest
# under JVM_ROOT (/usr/lib/jvm). Prints nothing when there is none.
find_java_at_least() {
  local want="$1" candidate major
  for candidate in ${ELASTICSEARCH9_JAVA_HOME:-} "$(path_java_home || true)" $(ls -d "${JVM_ROOT:-/usr/lib/jvm}"/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [[ -n "$candidate" && -x "$candidate/bin/java" ]] || continue
    major="$(java_major "$candidate")"
    if [[ -n "$major" ]] && ((major >= want)); then
      echo "$candidate"
      return
    fi
  done
}

# --- processes -----------------------------------------------------------------------------------------------------

# The pid in a pid file, if that process is still alive.
running_pid() {
  local pidfile="$1" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

answers() { curl -fsS -o /dev/null --max-time 5 "$1" 2>/dev/null; }

# Polls `url` until it answers, the process dies, or the timeout passes; on failure shows the end of the log.
wait_until_ready() {
  local what="$1" url="$2" pidfile="$3" log="$4" deadline=$((SECONDS + SERVICES_TIMEOUT))
  while ((SECONDS < deadline)); do
    if answers "$url"; then
      say "$what is ready at ${url%%/_*} ($((SECONDS - started_at)) s)"
      return
    fi
    if ! running_pid "$pidfile" >/dev/null; then
      printf '[services] ERROR: %s exited during start-up. Last lines of %s:\n' "$what" "$log" >&2
      tail -n 40 "$log" >&2 || true
      exit 1
    fi
    sleep 1
  done
  printf '[services] ERROR: %s did not answer %s within %s s. Last lines of %s:\n' "$what" "$url" "$SERVICES_TIMEOUT" "$log" >&2
  tail -n 40 "$log" >&2 || true
  exit 1
}

start_moto() {
  local pidfile="$MOTO_RUN/pid" log="$MOTO_RUN/moto.log"
  if running_pid "$pidfile" >/dev/null; then
    say "moto already running on port $MOTO_PORT (pid $(cat "$pidfile"))"
    return
  fi
  if answers "$MOTO_URL/moto-api/config"; then
    say "something not started by this script already answers on port $MOTO_PORT as moto; using it (down will not stop it)"
    return
  fi
  install_moto
  mkdir -p "$MOTO_RUN"
  say "starting moto on $MOTO_URL"
  started_at=$SECONDS
  setsid nohup "$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  wait_until_ready moto "$MOTO_URL/moto-api/config" "$pidfile" "$log"
}


start_opensearch() {
  local pidfile="$OPENSEARCH_RUN/pid" log="$OPENSEARCH_RUN/logs/stdout.log"
  if running_pid "$pidfile" >/dev/null; then
    say "OpenSearch already running on port $OPENSEARCH_PORT (pid $(cat "$pidfile"))"
    return
  fi
  if answers "$OPENSEARCH_URL"; then
    say "something not started by this script already answers on port $OPENSEARCH_PORT; using it (down will not stop it)"
    return
  fi
  install_opensearch
  mkdir -p "$OPENSEARCH_RUN"/{config,data,logs,tmp}
  # A private copy of the config per instance: the node writes its keystore there, and jvm.options' relative paths
  # (gc log, heap dumps, crash logs; relative to the distribution, which the start script cd's into) are pointed
  # into the run folder, the only place the unprivileged node may write.
  cp -R "$OPENSEARCH_HOME/config/." "$OPENSEARCH_RUN/config/"
  sed -i -e "s#logs/#$OPENSEARCH_RUN/logs/#g" -e "s#HeapDumpPath=data#HeapDumpPath=$OPENSEARCH_RUN/data#" \
    "$OPENSEARCH_RUN/config/jvm.options"
  if [[ "$(id -u)" == 0 ]]; then
    chmod a+rx "$OPENSEARCH_BASE" "$OPENSEARCH_BASE/run"
    chown -R nobody:nogroup "$OPENSEARCH_RUN"
  fi
  say "starting OpenSearch $OPENSEARCH_VERSION on $OPENSEARCH_URL (transport $OPENSEARCH_TRANSPORT_PORT)"
  started_at=$SECONDS
  (
    cd "$OPENSEARCH_RUN"
    export OPENSEARCH_PATH_CONF="$OPENSEARCH_RUN/config" OPENSEARCH_TMPDIR="$OPENSEARCH_RUN/tmp"
    export OPENSEARCH_JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:--Xms1g -Xmx1g}"
    # The integ-test zip bundles no JDK: use the machine's (17+ for OpenSearch 2.19).
    OPENSEARCH_JAVA_HOME="${OPENSEARCH_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
    export OPENSEARCH_JAVA_HOME
    # The disk watermarks are switched off so a nearly full dev disk cannot turn the test indices read-only.
    exec setsid nohup "${as_service_user[@]}" \
      "$OPENSEARCH_HOME/bin/opensearch" \
      -Ediscovery.type=single-node \
      -Ecluster.name="teddy-logs-test-$OPENSEARCH_PORT" \
      -Enode.name="teddy-logs-$OPENSEARCH_PORT" \
      -Enetwork.host=127.0.0.1 \
      -Ehttp.port="$OPENSEARCH_PORT" \
      -Etransport.port="$OPENSEARCH_TRANSPORT_PORT" \
      -Epath.data="$OPENSEARCH_RUN/data" \
      -Epath.logs="$OPENSEARCH_RUN/logs" \
      -Ecluster.routing.allocation.disk.threshold_enabled=false \
      -Eaction.destructive_requires_name=false \
      >"$log" 2>&1 </dev/null
  ) &
  echo $! >"$pidfile"
  wait_until_ready OpenSearch "$OPENSEARCH_URL/_cluster/health?wait_for_status=yellow&timeout=5s" "$pidfile" "$log"
}

# Starts one Elasticsearch node: label, version, http port, transport port, JAVA_HOME. Mirrors start_opensearch:
# a private config and run folder per port, `nobody` when root, security off (plain http like the OpenSearch node).
start_elasticsearch() {
  local label="$1" version="$2" port="$3" transport="$4" java_home="$5"
  local home="$OPENSEARCH_BASE/elasticsearch-$version" run="$OPENSEARCH_BASE/run/elasticsearch-$port"
  local pidfile="$run/pid" log="$run/logs/stdout.log" url="http://127.0.0.1:$port"
  if running_pid "$pidfile" >/dev/null; then
    say "$label already running on port $port (pid $(cat "$pidfile"))"
    return
  fi
  if answers "$url"; then
    say "something not started by this script already answers on port $port; using it as $label (down will not stop it)"
    return
  fi
  mkdir -p "$run"/{config,data,logs,tmp}
  cp -R "$home/config/." "$run/config/"
  sed -i -e "s#logs/#$run/logs/#g" -e "s#HeapDumpPath=data#HeapDumpPath=$run/data#" "$run/config/jvm.options"
  if [[ "$(id -u)" == 0 ]]; then
    chmod a+rx "$OPENSEARCH_BASE" "$OPENSEARCH_BASE/run"
    chown -R nobody:nogroup "$run"
  fi
  say "starting Elasticsearch $version on $url (transport $transport, java $(java_major "$java_home") at $java_home)"
  started_at=$SECONDS
  (
    cd "$run"
    export ES_PATH_CONF="$run/config" ES_TMPDIR="$run/tmp" ES_JAVA_HOME="$java_home"
    local heap="${ELASTICSEARCH_HEAP:-512m}"
    export ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms$heap -Xmx$heap}"
    # Security is switched off explicitly, which also stops the start script's security auto-configuration.
    exec setsid nohup "${as_service_user[@]}" \
      "$home/bin/elasticsearch" \
      -Ediscovery.type=single-node \
      -Expack.security.enabled=false \
      -Ecluster.name="teddy-logs-test-es-$port" \
      -Enode.name="teddy-logs-es-$port" \
      -Enetwork.host=127.0.0.1 \
      -Ehttp.port="$port" \
      -Etransport.port="$transport" \
      -Epath.data="$run/data" \
      -Epath.logs="$run/logs" \
      -Ecluster.routing.allocation.disk.threshold_enabled=false \
      -Eaction.destructive_requires_name=false \
      >"$log" 2>&1 </dev/null
  ) &
  echo $! >"$pidfile"
  wait_until_ready "$label" "$url/_cluster/health?wait_for_status=yellow&timeout=5s" "$pidfile" "$log"
}

start_elasticsearch8() {
  local java_home
  java_home="${ELASTICSEARCH_JAVA_HOME:-$(path_java_home || true)}"
  [[ -n "$java_home" ]] || die "java (17+) is needed to run Elasticsearch $ELASTICSEARCH_VERSION"
  start_elasticsearch "Elasticsearch 8" "$ELASTICSEARCH_VERSION" "$ELASTICSEARCH_PORT" "$ELASTICSEARCH_TRANSPORT_PORT" "$java_home"
}

start_elasticsearch9() {
  local java_home
  java_home="$(find_java_at_least "$ELASTICSEARCH9_MIN_JAVA")"
  if [[ -z "$java_home" ]]; then
    say "skipping Elasticsearch 9.x: no Java $ELASTICSEARCH9_MIN_JAVA+ (set ELASTICSEARCH9_JAVA_HOME, or install one under ${JVM_ROOT:-/usr/lib/jvm}); its tests report the same"
    return
  fi
  with_install_lock install_elasticsearch "$ELASTICSEARCH9_VERSION"
  start_elasticsearch "Elasticsearch 9" "$ELASTICSEARCH9_VERSION" "$ELASTICSEARCH9_PORT" "$ELASTICSEARCH9_TRANSPORT_PORT" "$java_home"
}

# Stops the process group a pid file names (setsid made the started process its leader), TERM first, then KILL.
stop() {
  local what="$1" pidfile="$2" pid
  if ! pid="$(running_pid "$pidfile")"; then
    say "$what is not running (no live pid in $pidfile)"
    rm -f "$pidfile"
    return
  fi
  say "stopping $what (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null && ((waited < 30)); do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$what did not stop within 30 s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

status() {
  local rc=0
  if answers "$MOTO_URL/moto-api/config"; then
    say "moto: up at $MOTO_URL$(running_pid "$MOTO_RUN/pid" >/dev/null && echo " (pid $(cat "$MOTO_RUN/pid"))")"
  else
    say "moto: down ($MOTO_URL)"
    rc=1
  fi
  local health
  if health="$(curl -fsS --max-time 5 "$OPENSEARCH_URL/_cluster/health" 2>/dev/null)"; then
    say "OpenSearch: up at $OPENSEARCH_URL$(running_pid "$OPENSEARCH_RUN/pid" >/dev/null && echo " (pid $(cat "$OPENSEARCH_RUN/pid"))") $health"
  else
    say "OpenSearch: down ($OPENSEARCH_URL)"
    rc=1
  fi
  local label port url pid_note
  for label in 8 9; do
    if [[ "$label" == 8 ]]; then port="$ELASTICSEARCH_PORT"; else port="$ELASTICSEARCH9_PORT"; fi
    url="http://127.0.0.1:$port"
    pid_note="$(running_pid "$OPENSEARCH_BASE/run/elasticsearch-$port/pid" >/dev/null && echo " (pid $(cat "$OPENSEARCH_BASE/run/elasticsearch-$port/pid"))" || true)"
    if health="$(curl -fsS --max-time 5 "$url/_cluster/health" 2>/dev/null)"; then
      say "Elasticsearch $label: up at $url$pid_note $health"
    elif [[ "$label" == 8 ]]; then
      say "Elasticsearch 8: down ($url)"
      rc=1
    elif [[ -z "$(find_java_at_least "$ELASTICSEARCH9_MIN_JAVA")" ]]; then
      say "Elasticsearch 9: skipped (no Java $ELASTICSEARCH9_MIN_JAVA+ on this machine)"
    else
      say "Elasticsearch 9: down ($url)"
      rc=1
    fi
  done
  return "$rc"
}

# Installs are shared by every instance; a lock keeps two concurrent first runs from unpacking over each other.
with_install_lock() {
  mkdir -p "$SERVICES_DIR"
  exec 9>"$SERVICES_DIR/.install.lock"
  flock 9
  "$@"
  flock -u 9
}

started_at=$SECONDS
case "${1:-}" in
up)
  with_install_lock install_moto
  with_install_lock install_opensearch
  with_install_lock install_elasticsearch "$ELASTICSEARCH_VERSION"
  # The moto server starts in a second or two; start it while the JVM warms up would save little, so keep it simple.
  start_moto
  start_opensearch
  start_elasticsearch8
  start_elasticsearch9
  say "MOTO_ENDPOINT=$MOTO_URL OPENSEARCH_URL=$OPENSEARCH_URL ELASTICSEARCH_URL=$ELASTICSEARCH_URL ELASTICSEARCH9_URL=$ELASTICSEARCH9_URL"
  ;;
down)
  stop "Elasticsearch 9" "$OPENSEARCH_BASE/run/elasticsearch-$ELASTICSEARCH9_PORT/pid"
  stop "Elasticsearch 8" "$OPENSEARCH_BASE/run/elasticsearch-$ELASTICSEARCH_PORT/pid"
  stop OpenSearch "$OPENSEARCH_RUN/pid"
  stop moto "$MOTO_RUN/pid"
  ;;
status) status ;;
*)
  echo "usage: $0 up|down|status" >&2
  exit 2
  ;;
esac
