#!/usr/bin/env bash
# Bad input to tools/platform-run.sh and tools/kernel-cache.sh: exit 2, a
# message naming the problem, nothing written. Boots nothing, downloads nothing.
#   platform_run_errors_test.sh PLATFORM_RUN KERNEL_CACHE
set -uo pipefail

RUN=$1
KC=$2
T=${TEST_TMPDIR:-$(mktemp -d)}
# shellcheck source=tools/tests/expect_exit.sh
. "$(dirname "${BASH_SOURCE[0]}")/expect_exit.sh"

# A static amd64 binary that is not run (the checks come before any boot),
# and a dynamic one.
printf 'int main(void) { return 0; }\n' >"$T/m.c"
gcc -static -o "$T/static" "$T/m.c" || { echo "FAIL: gcc -static"; exit 1; }
gcc -o "$T/dynamic" "$T/m.c" || { echo "FAIL: gcc"; exit 1; }
J=$T/out.json

# --- platform-run.sh ------------------------------------------------------------
expect 2 "--arch is required" "$RUN" --report "$T/static"
expect 2 "unknown architecture 'sparc64'" "$RUN" --arch sparc64 --report "$T/static"
expect 2 "--report is required" "$RUN" --arch amd64
expect 2 "--report $T/nope: no such file" "$RUN" --arch amd64 --report "$T/nope"
expect 2 "is not an ELF executable" "$RUN" --arch amd64 --report "$T/m.c"
expect 2 "is built for Advanced Micro Devices X86-64 (ELF64, little endian), not ppc64el" \
	"$RUN" --arch ppc64el --report "$T/static"
expect 2 "not arm64" "$RUN" --arch aarch64 --report "$T/static"
expect 2 "is dynamically linked" "$RUN" --arch amd64 --report "$T/dynamic"
expect 2 "unknown --fs 'zfs'" "$RUN" --arch amd64 --report "$T/static" --fs zfs
expect 2 "--timeout needs whole seconds, got '0'" "$RUN" --arch amd64 --report "$T/static" --timeout 0
expect 2 "'--dir' after --: the runner sets" "$RUN" --arch amd64 --report "$T/static" -- --only X --dir /tmp
expect 2 "'--tmpfs-dir=/x' after --: the runner sets" "$RUN" --arch amd64 --report "$T/static" -- --tmpfs-dir=/x
expect 2 "'--compare' after --: compare two JSON files on the host" \
	"$RUN" --arch amd64 --report "$T/static" -- --compare a.json b.json
expect 2 "--baseline $T/nope: no such file" "$RUN" --arch amd64 --report "$T/static" -- --baseline "$T/nope"
expect 2 "$T/nodir/j.xml: directory $T/nodir does not exist" \
	"$RUN" --arch amd64 --report "$T/static" -- --junit "$T/nodir/j.xml"
expect 2 "--json $T/nodir/r.json: directory $T/nodir does not exist" \
	"$RUN" --arch amd64 --report "$T/static" -- --json="$T/nodir/r.json"
expect 2 "--input $T/nope is not a readable file" "$RUN" --arch amd64 --report "$T/static" --input "$T/nope"
expect 2 "--json $T/nodir/r.json: directory $T/nodir does not exist" \
	"$RUN" --arch amd64 --report "$T/static" --json "$T/nodir/r.json"
expect 2 "--results-dir $T/nodir/r: directory $T/nodir does not exist" \
	"$RUN" --arch amd64 --report "$T/static" --results-dir "$T/nodir/r"
expect 2 "unknown option '--frobnicate'" "$RUN" --frobnicate

# A kernel Debian does not have: "no such package" when the cache holds the
# arch's package lists, "not in the cache" when it has none; exit 2 either way.
expect 2 "linux-image-0.0-nope" "$RUN" --arch amd64 --report "$T/static" --offline \
	--kernel linux-image-0.0-nope --json "$J"

# No qemu-system-* on PATH (everything else is).
mkdir -p "$T/bin"
for f in /usr/bin/* /bin/*; do
	case ${f##*/} in qemu-system-*) continue ;; esac
	[ -e "$T/bin/${f##*/}" ] || ln -s "$f" "$T/bin/${f##*/}"
done
expect 2 "qemu-system-x86_64 not found: install qemu-system-x86" \
	env PATH="$T/bin" "$RUN" --arch amd64 --report "$T/static" --offline --json "$J"

[ ! -e "$J" ] && [ ! -e "$J.tmp" ] || { echo "FAIL: a failed run left $J"; failures=$((failures + 1)); }

# --- kernel-cache.sh ----------------------------------------------------------------
expect 2 "missing command" "$KC"
expect 2 "unknown command 'frob'" "$KC" frob
expect 2 "unknown architecture 'mips'" "$KC" print --arch mips
expect 2 "--headers: modules are built on the host, so only for its own architecture" \
	"$KC" print --arch s390x --headers
expect 2 "is not a package name or release" "$KC" print --kernel 'x;rm -rf /'
expect 2 "unknown option '--nope'" "$KC" print --nope

expect_done
