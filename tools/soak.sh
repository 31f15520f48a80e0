#!/usr/bin/env bash
# tools/soak.sh - the channel and copy soak tests side by side, with their counts.
#
#   tools/soak.sh [--seconds N] [--only channel|copy] [--seed S] [--keep]
#
#   --seconds N   how long each soak runs (both at once; default 600)
#   --only WHAT   run just one of them
#   --seed S      of their random choices (default: from the clock; printed, to repeat a run)
#   --keep        keep the work directory (under $TMPDIR) for inspection
#
# channel: 3 sender and 3 receiver processes on one mk_channel, killed (SIGKILL) and stopped
#   (SIGSTOP/SIGCONT) at random and restarted; every message delivered exactly once or never
#   published because its sender died mid-send; none lost, duplicated, corrupted; no hang.
# copy: 3 mmapcp processes replacing one destination on a 16 MiB tmpfs (a private mount
#   namespace: root only, else skipped and said so) that a filler keeps full, while their
#   sources get new versions and are cut short and copies are killed; the destination is
#   always one whole version of a source, temporary files stay only after SIGKILL.
# (tools/soak/channel_soak.c and copy_soak.c say exactly what is checked.)
#
# Builds the programs with bazel unless given (as the smoke test //tools/soak:soak_smoke_test
# does): --channel-soak PATH --copy-soak PATH --mmapcp PATH.
# Exit status: 0 both passed, 1 a soak failed, 2 usage or build error.
set -euo pipefail

die() { echo "soak: $*" >&2; exit 2; }

seconds=600 only="" seed="" keep=0 channel_soak="" copy_soak="" mmapcp=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --only) only=${2:?--only needs channel or copy}; shift 2 ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --keep) keep=1; shift ;;
    --channel-soak) channel_soak=$2; shift 2 ;;
    --copy-soak) copy_soak=$2; shift 2 ;;
    --mmapcp) mmapcp=$2; shift 2 ;;
    -h | --help) sed -n '2,22s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || die "--seconds wants a positive number"
case "$only" in "" | channel | copy) ;; *) die "--only wants channel or copy" ;; esac
[ -n "$seed" ] || seed=$(($(date +%s) % 100000))

if [ -z "$channel_soak" ] || [ -z "$copy_soak" ] || [ -z "$mmapcp" ]; then
  repo=$(cd "$(dirname "$0")/.." && pwd)
  echo "soak: building with bazel"
  (cd "$repo" && bazel build --noshow_progress //tools/soak:channel_soak \
    //tools/soak:copy_soak //tools:mmapcp) || die "bazel build failed"
  bin=$(cd "$repo" && bazel info bazel-bin 2>/dev/null)
  channel_soak=$bin/tools/soak/channel_soak copy_soak=$bin/tools/soak/copy_soak
  mmapcp=$bin/tools/mmapcp
fi
for b in "$channel_soak" "$copy_soak" "$mmapcp"; do [ -x "$b" ] || die "no program at $b"; done

work=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/mmapkit-soak.XXXXXX")
[ $keep -eq 1 ] || trap 'rm -rf "$work"' EXIT
echo "soak: ${seconds}s, seed $seed, work directory $work"

pids=() names=()
if [ "$only" != copy ]; then
  "$channel_soak" --seconds "$seconds" --seed "$seed" >"$work/channel.log" 2>&1 &
  pids+=($!) names+=(channel)
fi
if [ "$only" != channel ]; then
  mkdir "$work/copy"
  "$copy_soak" --seconds "$seconds" --seed "$seed" --mmapcp "$mmapcp" --dir "$work/copy" \
    >"$work/copy.log" 2>&1 &
  pids+=($!) names+=(copy)
fi

status=0
for i in "${!pids[@]}"; do
  rc=0
  wait "${pids[$i]}" || rc=$?
  cat "$work/${names[$i]}.log"
  if [ $rc -ne 0 ]; then
    echo "soak: ${names[$i]} FAILED (exit $rc)"
    status=1
  fi
done
[ $status -eq 0 ] && echo "soak: PASS" || echo "soak: FAIL (repeat with --seed $seed)"
exit $status
