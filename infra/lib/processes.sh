# Shell functions shared by ./mars and infra/bin/mars-cluster: start a part in its own session
# with its output in a log, wait for it to be healthy (reading only this start's log lines), stop
# it. The caller sets $logs and $run (directories) before using them.

say() { printf '%s\n' "$*"; }
fail() { printf 'mars: %s\n' "$*" >&2; exit 1; }

pid_of() { cat "$run/$1.pid" 2>/dev/null || true; }

running() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# Where this start's lines begin in each log: readiness is read from there, never from a line an
# earlier start left.
declare -A log_start

# launch NAME COMMAND...: starts COMMAND in its own session, output to $logs/NAME.log.
launch() {
  local name=$1
  shift
  mkdir -p "$logs" "$run"
  log_start[$name]=$(stat -c %s "$logs/$name.log" 2>/dev/null || echo 0)
  setsid "$@" >>"$logs/$name.log" 2>&1 </dev/null &
  echo $! >"$run/$name.pid"
}

# await NAME SECONDS CHECK...: waits until CHECK succeeds, failing early if NAME exits.
await() {
  local name=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! running "$name"; then
      tail -n 30 "$logs/$name.log" >&2 || true
      fail "$name exited during start-up; its log: $logs/$name.log"
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 30 "$logs/$name.log" >&2 || true
      fail "$name not healthy after ${seconds}s; its log: $logs/$name.log"
    fi
    sleep 1
  done
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }
log_has() { grep -q "$2" < <(tail -c +"$((${log_start[$1]:-0} + 1))" "$logs/$1.log"); }

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# refuse_taken NAME PORT VARIABLE: fails when PORT, which NAME (not running) needs, is held by
# another process: NAME would fail to bind or, worse, a health check would find the other process.
refuse_taken() {
  running "$1" && return 0
  if port_taken "$2"; then
    fail "port $2 is taken by another process, so $1 cannot start; free it or choose another ($3)"
  fi
}

# stop_one NAME: SIGTERM to its process group, SIGKILL after 30 s.
stop_one() {
  local name=$1 pid
  pid=$(pid_of "$name")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    say "stopped $name"
  fi
  rm -f "$run/$name.pid"
}

# Elasticsearch runs as an unprivileged user when we are root: its directory must be reachable by
# that user. es_dir DIR prints DIR, or a directory under /var/tmp when DIR's parents are closed.
es_dir() {
  local dir=$1
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$dir"
    if ! setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$dir" 2>/dev/null; then
      dir=/var/tmp/mars-$(dirname "$dir" | tr -d '\n' | md5sum | cut -c1-8)/$(basename "$dir")
      mkdir -p "$dir"
      chmod 755 "$(dirname "$dir")"
    fi
  fi
  echo "$dir"
}

# The jars ./mars runs, built when missing or older than a source (a pull, an edit).
build_if_needed() {
  local root=$1 marker=$2
  shift 2
  local missing=0 f
  for f in "$marker" "$@"; do
    [ -e "$f" ] || missing=1
  done
  ls -d "$root"/infra/target/elasticsearch-7.* >/dev/null 2>&1 || missing=1
  if [ $missing = 0 ] && [ -n "$(find "$root" -path "$root/.mars" -prune -o \( -path '*/src/main/*' -o -name pom.xml \) \
    -newer "$marker" -print -quit 2>/dev/null)" ]; then
    missing=1
  fi
  if [ $missing = 1 ]; then
    say "building Mars (./mvnw -B -q package -DskipTests)..."
    (cd "$root" && ./mvnw -B -q package -DskipTests) || fail "the build failed"
  fi
}

# flink_job_running REST_URL: a job is RUNNING with every one of its tasks running.
flink_job_running() {
  local tasks running total
  tasks=$(curl -fsS --max-time 2 "$1/jobs/overview" | grep -o '"state":"RUNNING"[^]]*"tasks":{[^}]*}' | head -1)
  running=$(grep -o '"running":[0-9]*' <<<"$tasks" | cut -d: -f2)
  total=$(grep -o '"total":[0-9]*' <<<"$tasks" | cut -d: -f2)
  [ -n "$total" ] && [ "$running" = "$total" ]
}
