#!/usr/bin/env bash
# Starts and stops the real services the integration tests talk to: moto in server mode (the AWS APIs) and a single
# OpenSearch node on the JVM. Installs both on first use under .services/ (a Python venv from PyPI, the official
# minimal OpenSearch distribution from Maven Central), so a fresh machine needs only python3, java 17, mvn and unzip.
#
#   scripts/services.sh up | down | status
#
# Environment: MOTO_PORT (5055), OPENSEARCH_PORT (9250), OPENSEARCH_TRANSPORT_PORT (OPENSEARCH_PORT + 100),
# OPENSEARCH_JAVA_HOME (the JDK of `java` on the PATH), SERVICES_TIMEOUT (seconds, 180).
# Runtime state is kept per port (.services/run/<service>-<port>/), so several checkouts' or engineers' instances on
# different ports never share a pid file or a data directory; `down` stops exactly what `up` started on those ports.
set -euo pipefail

readonly MOTO_VERSION=5.2.5
readonly OPENSEARCH_VERSION=2.19.3
readonly OPENSEARCH_ARTIFACT="org.opensearch.distribution.integ-test-zip:opensearch:${OPENSEARCH_VERSION}:zip"
# No Index State Management plugin: its zips (org.opensearch.plugin:opensearch-job-scheduler / -index-management) are
# on Maven Central only from 3.0.0.0 on, and a plugin must match the node's version exactly. Lifecycle tests that
# need ISM would have to run OpenSearch 3.x, which needs Java 21+.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES_DIR="${SERVICES_DIR:-$ROOT/.services}"
MOTO_PORT="${MOTO_PORT:-5055}"
OPENSEARCH_PORT="${OPENSEARCH_PORT:-9250}"
OPENSEARCH_TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-$((OPENSEARCH_PORT + 100))}"
SERVICES_TIMEOUT="${SERVICES_TIMEOUT:-180}"

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

install_opensearch() {
  if [[ -x "$OPENSEARCH_HOME/bin/opensearch" ]]; then
    return
  fi
  command -v java >/dev/null || die "java (17+) is needed to run OpenSearch $OPENSEARCH_VERSION"
  command -v mvn >/dev/null || die "mvn is needed to fetch OpenSearch from Maven Central"
  command -v unzip >/dev/null || die "unzip is needed to unpack OpenSearch"
  say "fetching $OPENSEARCH_ARTIFACT with mvn (first run only; ~/.m2 caches it)"
  mkdir -p "$OPENSEARCH_BASE"
  if ! mvn -q -B dependency:copy -Dartifact="$OPENSEARCH_ARTIFACT" -DoutputDirectory="$OPENSEARCH_BASE" >"$SERVICES_DIR/mvn.log" 2>&1; then
    tail -n 20 "$SERVICES_DIR/mvn.log" >&2
    die "mvn could not fetch $OPENSEARCH_ARTIFACT (full output in $SERVICES_DIR/mvn.log)"
  fi
  local zip="$OPENSEARCH_BASE/opensearch-$OPENSEARCH_VERSION.zip"
  [[ -f "$zip" ]] || die "expected $zip after mvn dependency:copy"
  say "unpacking $(basename "$zip")"
  local staging="$OPENSEARCH_BASE/.unpack-$$"
  rm -rf "$staging"
  unzip -q "$zip" -d "$staging"
  mv "$staging/opensearch-$OPENSEARCH_VERSION" "$OPENSEARCH_HOME"
  rm -rf "$staging" "$zip"
  # Readable by the unprivileged node whatever the umask of the install was.
  chmod -R a+rX "$OPENSEARCH_HOME"
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
  # The moto server starts in a second or two; start it while the JVM warms up would save little, so keep it simple.
  start_moto
  start_opensearch
  say "MOTO_ENDPOINT=$MOTO_URL OPENSEARCH_URL=$OPENSEARCH_URL"
  ;;
down)
  stop OpenSearch "$OPENSEARCH_RUN/pid"
  stop moto "$MOTO_RUN/pid"
  ;;
status) status ;;
*)
  echo "usage: $0 up|down|status" >&2
  exit 2
  ;;
esac
