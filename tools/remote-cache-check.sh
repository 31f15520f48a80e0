#!/usr/bin/env bash
# tools/remote-cache-check.sh - proves that mmapkit builds share results through a real
# HTTP cache server: Debian's nginx with WebDAV PUT, on 127.0.0.1 at a free port, with its
# own configuration and storage in a temporary directory, stopped at the end.
#
#   tools/remote-cache-check.sh [--targets 'PATTERN...'] [--keep]
#       1. a clean build of the targets (default //...) with --config=remote-cache fills it,
#       2. bazel clean --expunge,
#       3. the same build again takes most actions from the cache: prints the "remote
#          cache hit" count Bazel reports and fails below 90% of the actions run,
#       4. so does the build of a copy of the tree at another path (another machine).
#       Bazel runs in its own output base (in the temporary directory) without the disk
#       cache, so neither your build tree nor a local cache is touched or helps.
#   tools/remote-cache-check.sh --serve
#       only the server, until interrupted: prints the flags that use it
#   tools/remote-cache-check.sh --selftest
#       start, store and fetch an entry over HTTP, stop (//tools/tests:remote_cache_server_test)
#
#   --keep   leave the temporary directory (server logs, storage, Bazel's output) behind
#
# Exit status: 0 proved, 1 the cache did not serve the rebuild, 2 setup error.
set -euo pipefail

say() { printf 'remote-cache-check: %s\n' "$*"; }
die() { printf 'remote-cache-check: ERROR: %s\n' "$*" >&2; exit 2; }
usage() { sed -n '2,22s/^# \{0,1\}//p' "$0"; }

mode=check targets=("//...") keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --targets) read -r -a targets <<<"${2:?--targets needs target patterns}"; shift 2 ;;
    --targets=*) read -r -a targets <<<"${1#*=}"; shift ;;
    --serve) mode=serve; shift ;;
    --selftest) mode=selftest; shift ;;
    --keep) keep=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
PATH=$PATH:/usr/sbin:/sbin # nginx is in sbin, not on a test's or a user's PATH
command -v nginx >/dev/null || die "nginx is not installed (tools/bootstrap.sh installs it)"

work=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/mmapkit-remote-cache.XXXXXX")
nginx_pid="" output_base=""
cleanup() {
  local status=$?
  if [ -n "$output_base" ] && [ -d "$output_base" ]; then
    bazel --output_base="$output_base" shutdown >/dev/null 2>&1 || true
  fi
  stop_server
  if [ $keep -eq 1 ]; then
    say "kept $work"
  else
    # Bazel's output tree has read-only directories.
    chmod -R u+w "$work" 2>/dev/null || true
    rm -rf "$work"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the server ------------------------------------------------------------------------

# nginx.conf for Bazel's HTTP cache protocol: GET and PUT of /ac/<sha256> (action results)
# and /cas/<sha256> (file contents). Every path nginx writes is under $work.
write_config() {
  local port=$1
  mkdir -p "$work/storage" "$work/temp"
  {
    echo "daemon off;"
    echo "worker_processes 1;"
    echo "pid $work/nginx.pid;"
    echo "error_log $work/error.log warn;"
    # As root, workers would run as nobody, who cannot write to our private directory.
    [ "$(id -u)" -ne 0 ] || echo "user root root;"
    echo "events { worker_connections 256; }"
    echo "http {"
    echo "  access_log $work/access.log;"
    for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $work/temp/$t;"; done
    echo "  client_max_body_size 0;  # no limit: CAS entries are whole output files"
    echo "  server {"
    echo "    listen 127.0.0.1:$port;"
    echo "    root $work/storage;"
    echo "    location / {"
    echo "      dav_methods PUT;"
    echo "      create_full_put_path on;"
    echo "      dav_access user:rw;"
    echo "      log_not_found off;  # a miss is normal"
    echo "    }"
    echo "  }"
    echo "}"
  } >"$work/nginx.conf"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Starts nginx on a free port: picks an unused one, and tries another if it was taken in
# the meantime. Sets port and nginx_pid.
start_server() {
  local attempt used
  used=$(ss -Hltn 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -u)
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    grep -qx "$port" <<<"$used" && continue
    write_config "$port"
    nginx -p "$work" -e "$work/error.log" -c "$work/nginx.conf" &
    nginx_pid=$!
    local i
    for i in $(seq 50); do
      port_open "$port" && return 0
      kill -0 "$nginx_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
    grep -q 'Address already in use' "$work/error.log" 2>/dev/null || break
  done
  die "nginx did not start: $(tail -3 "$work/error.log" 2>/dev/null)"
}

stop_server() {
  [ -n "$nginx_pid" ] || return 0
  kill -QUIT "$nginx_pid" 2>/dev/null || true # graceful: finish the requests in flight
  local i
  for i in $(seq 50); do
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
}

# http METHOD PATH [BODY]: one HTTP/1.1 request; prints the status code, then the body.
http() {
  local method=$1 path=$2 body=${3:-} response
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$method" "$path" "${#body}" "$body" >&3
  response=$(cat <&3)
  exec 3<&-
  sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' <<<"$response"
  sed '1,/^\r$/d' <<<"$response"
}

# The server stores what Bazel PUTs and serves it back; unknown entries are 404 (a miss).
selftest() {
  local key=cas/0000000000000000000000000000000000000000000000000000000000000000 got
  got=$(http PUT "/$key" "mmapkit") && [ "$(head -1 <<<"$got")" = 201 ] ||
    die "PUT /$key: expected 201 Created, got '$(head -1 <<<"$got")' (WebDAV PUT refused? $(tail -2 "$work/error.log"))"
  got=$(http GET "/$key")
  [ "$got" = $'200\nmmapkit' ] || die "GET /$key: expected 200 and the stored bytes, got '$got'"
  got=$(http GET "/ac/missing")
  got=${got%%$'\n'*}
  [ "$got" = 404 ] || die "GET of an absent entry: expected 404 (a cache miss), got '$got'"
  rm -f "$work/storage/$key"
}

start_server
selftest
url=http://127.0.0.1:$port
say "nginx $(nginx -v 2>&1 | sed 's/.*\///') serves $url (storage $work/storage), PUT/GET/404 ok"

case $mode in
  selftest)
    stop_server
    ! port_open "$port" || die "nginx still answers on port $port after stopping"
    say "stopped"
    exit 0
    ;;
  serve)
    say "use it with: bazel build --config=remote-cache --remote_cache=$url //..."
    say "serving until interrupted (Ctrl-C)"
    wait "$nginx_pid"
    exit 0
    ;;
esac

# --- the proof -------------------------------------------------------------------------

cd "$(dirname "$0")/.."
# --disk_cache= turns off any local disk cache (.bazelrc.user): hits must come from nginx.
flags=(--config=remote-cache "--remote_cache=$url" --disk_cache= --noshow_progress)

# build LOG: the targets, in output base $output_base, Bazel's output in LOG.
build() {
  local start=$SECONDS
  if ! bazel --output_base="$output_base" build "${flags[@]}" "${targets[@]}" >"$1" 2>&1; then
    tail -20 "$1" >&2
    die "bazel build failed (log: $1)"
  fi
  say "  $(summary "$1") ($((SECONDS - start)) s)"
}
# Bazel's process summary: "N processes: H remote cache hit, I internal, S linux-sandbox."
summary() { grep -E '^INFO: [0-9]+ processes' "$1" | tail -1 | sed 's/^INFO: //'; }
count() { sed -nE "s/.*[^0-9]([0-9]+) $1.*/\1/p" <<<"$2" | head -1; }

# judge LOG WHAT: prints the hit count of the build in LOG; fails below 90% of its actions.
failed=0
judge() {
  local line total hits internal run percent
  line=$(summary "$1")
  total=$(sed -nE 's/^([0-9]+) processes.*/\1/p' <<<"$line")
  hits=$(count "remote cache hit" "$line")
  internal=$(count internal "$line")
  hits=${hits:-0} internal=${internal:-0}
  run=$((total - internal)) # internal ones (symlinks, manifests) never reach any cache
  [ "$run" -gt 0 ] || die "$2 ran no action: nothing to judge"
  percent=$((100 * hits / run))
  say "  remote cache hits: $hits of $run actions ($percent%), $internal internal"
  if [ $((100 * hits)) -lt $((90 * run)) ]; then
    say "  FAIL: expected at least 90% of the actions of $2 from the cache, got $percent%"
    say "  (what ran: grep -v 'remote cache hit' $1, with --keep)"
    failed=1
  fi
}

output_base=$work/output_base
say "1. clean build of ${targets[*]} in a fresh output base, filling the cache"
build "$work/build1.log"
puts=$(grep -c '"PUT ' "$work/access.log" || true)
entries=$(find "$work/storage" -type f | wc -l)
[ "$entries" -gt 0 ] || die "the clean build stored nothing in the cache (server log: $work/access.log)"
say "  the server stored $entries entries ($(du -sh "$work/storage" | cut -f1)) in $puts PUTs"

say "2. bazel clean --expunge"
bazel --output_base="$output_base" clean --expunge >/dev/null 2>&1 || die "bazel clean --expunge failed"

say "3. the same build again"
build "$work/build2.log"
judge "$work/build2.log" "the rebuild after clean --expunge"
bazel --output_base="$output_base" shutdown >/dev/null 2>&1 || true

# Another machine has its checkout elsewhere: a copy of this tree at another path, with
# its own output base, must be served as well (no absolute path in any action key).
say "4. the same build from a copy of the source tree at another path"
mkdir -p "$work/elsewhere/mmapkit"
tar -cf - --exclude='./bazel-*' --exclude=./.git . | tar -xf - -C "$work/elsewhere/mmapkit"
cd "$work/elsewhere/mmapkit"
output_base=$work/output_base_elsewhere
build "$work/build3.log"
judge "$work/build3.log" "the build in another checkout"

gets=$(grep '"GET ' "$work/access.log" | grep -c '" 200 ' || true)
say "nginx served $gets entries in all"
[ $failed -eq 0 ] || exit 1
say "ok: clean rebuilds, here and in another checkout, took their actions from the shared cache"
