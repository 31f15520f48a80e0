#!/usr/bin/env bash
# dist/tests/install_test.sh - //dist:install_test: installs mmapkit into a temporary prefix
# and uses it from outside Bazel, as a user of the package would.
#
#   install_test.sh INSTALL DEB CONSUMER_C VERSION PROGRAM...
#
# Checks: the installed tree (exactly these files and links); the shared library's SONAME,
# symlinks and exports (exactly the functions the installed headers declare, according to
# gcc -aux-info, each versioned MMAPKIT_<major>); mmapkit.pc; every header compiles on its
# own in C and C++; consumer.c built with plain cc and pkg-config against the shared
# library (NEEDED libmmapkit.so.<major>, resolved by ldd into the prefix, fails without it)
# and against the static one; each tool's --help (and --version when it has one); every
# man page renders with man -l without warnings and man -M finds it; mmapkit(3) names every
# public function; the .deb holds the same tree under /usr, man pages compressed.
set -euo pipefail

install=$1 deb=$2 consumer_c=$3 version=$4
shift 4
programs=("$@")
major=${version%%.*}

failures=0
fail() {
  printf 'install_test: FAIL: %s\n' "$*" >&2
  failures=$((failures + 1))
}
# Says what passed: the checks since the previous ok, if none of them failed.
checked=0
ok() {
  [ $failures -gt $checked ] || printf 'install_test: ok: %s\n' "$*"
  checked=$failures
}

tmp=${TEST_TMPDIR:-$(mktemp -d)}
prefix=$tmp/prefix
rm -rf "$prefix"

# --- install ---------------------------------------------------------------------------
"$install" --prefix "$prefix" || { fail "bazel-bin/dist/install --prefix $prefix exited $?"; exit 1; }

listing() { (cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./||' | LC_ALL=C sort); }
expected=$(
  {
    for p in "${programs[@]}"; do echo "bin/$p" "share/man/man1/$p.1"; done | tr ' ' '\n'
    echo lib/libmmapkit.a lib/libmmapkit.so "lib/libmmapkit.so.$major" "lib/libmmapkit.so.$version" \
      lib/pkgconfig/mmapkit.pc share/man/man3/mmapkit.3 | tr ' ' '\n'
    (cd "$prefix" && find include -type f 2>/dev/null)
  } | LC_ALL=C sort
)
actual=$(listing "$prefix")
if [ "$actual" != "$expected" ]; then
  fail "installed tree: expected exactly the tools, libraries, pkg-config file, headers and man pages; difference (< expected, > installed):
$(diff <(echo "$expected") <(echo "$actual") | grep '^[<>]')"
fi
headers=("$prefix"/include/mmapkit/*.h)
[ -f "${headers[0]}" ] || fail "no header installed in $prefix/include/mmapkit"
ok "installed $(wc -l <<<"$actual") files and links, ${#headers[@]} headers"

# --- shared library ----------------------------------------------------------------------
lib=$prefix/lib
soname=$(readelf -d "$lib/libmmapkit.so.$version" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libmmapkit.so.$major" ] ||
  fail "SONAME of libmmapkit.so.$version: expected libmmapkit.so.$major, got '${soname:-none}'"
[ "$(readlink "$lib/libmmapkit.so.$major")" = "libmmapkit.so.$version" ] ||
  fail "lib/libmmapkit.so.$major should link to libmmapkit.so.$version, links to '$(readlink "$lib/libmmapkit.so.$major")'"
[ "$(readlink "$lib/libmmapkit.so")" = "libmmapkit.so.$major" ] ||
  fail "lib/libmmapkit.so (for -lmmapkit) should link to libmmapkit.so.$major, links to '$(readlink "$lib/libmmapkit.so")'"

# What the headers declare, by the compiler (not by the build's own header scan).
for h in "${headers[@]}"; do echo "#include <mmapkit/$(basename "$h")>"; done >"$tmp/all_headers.c"
gcc -fsyntax-only -aux-info "$tmp/aux-info" -I"$prefix/include" "$tmp/all_headers.c"
declared=$(grep -F "/* $prefix/include/mmapkit/" "$tmp/aux-info" | grep -v '\*/ static ' |
  sed -n 's/.*[ *]\(mk_[A-Za-z0-9_]*\) (.*/\1/p' | LC_ALL=C sort -u)
exported=$(nm -D --defined-only --extern-only "$lib/libmmapkit.so.$version" |
  awk '$2 != "A" {print $3}' | LC_ALL=C sort -u)
unversioned=$(grep -v "@@MMAPKIT_$major\$" <<<"$exported" || true)
[ -z "$unversioned" ] || fail "exports without the symbol version MMAPKIT_$major: $unversioned"
exported_names=$(sed 's/@.*//' <<<"$exported")
if [ -z "$declared" ] || [ "$exported_names" != "$declared" ]; then
  fail "libmmapkit.so exports: expected exactly the $(wc -w <<<"$declared") functions the headers declare (internals hidden); difference (< declared, > exported):
$(diff <(echo "$declared") <(echo "$exported_names") | grep '^[<>]')"
fi
ok "SONAME $soname, symlinks, $(wc -w <<<"$declared") exported functions = declared, versioned MMAPKIT_$major"

# --- pkg-config and the headers ----------------------------------------------------------
export PKG_CONFIG_PATH=$lib/pkgconfig
[ "$(pkg-config --modversion mmapkit)" = "$version" ] ||
  fail "pkg-config --modversion mmapkit: expected $version, got '$(pkg-config --modversion mmapkit 2>&1)'"
cflags=$(pkg-config --cflags mmapkit | xargs)
libs=$(pkg-config --libs mmapkit | xargs)
[ "$cflags" = "-I$prefix/include" ] || fail "pkg-config --cflags: expected -I$prefix/include, got '$cflags'"
[ "$libs" = "-L$lib -lmmapkit" ] || fail "pkg-config --libs: expected -L$lib -lmmapkit, got '$libs'"

# An instrumented build (--config=asan, coverage ...) installs instrumented libraries: its
# users need the same runtime, which clang links in.
cc=cc sanitize=()
symbols=$(nm "$lib/libmmapkit.a" 2>/dev/null)
grep -q ' U __asan_' <<<"$symbols" && sanitize+=(address)
grep -q ' U __ubsan_' <<<"$symbols" && sanitize+=(undefined)
grep -q ' U __tsan_' <<<"$symbols" && sanitize+=(thread)
[ ${#sanitize[@]} -eq 0 ] || cc="clang -fsanitize=$(IFS=,; echo "${sanitize[*]}")"
grep -q ' U __llvm_profile_runtime' <<<"$symbols" && cc="clang -fprofile-instr-generate"
[ "$cc" = cc ] || echo "install_test: the library is instrumented: building users with $cc"
# Under TSan they also link what every TSan binary of the build links (its pthread_mutex_clocklock
# annotation and the suppressions for the channel's ownership probe): without it TSan reports
# the channel's defined behaviour. MK_TSAN_SUPPORT_C is set by the BUILD rule.
extra_objs=()
if [[ " ${sanitize[*]} " == *" thread "* ]]; then
  $cc -c "${MK_TSAN_SUPPORT_C:?the BUILD rule sets MK_TSAN_SUPPORT_C}" -o "$tmp/tsan_support.o" ||
    { fail "cannot compile $MK_TSAN_SUPPORT_C with $cc"; exit 1; }
  extra_objs=("$tmp/tsan_support.o" -ldl)
fi
strict=(-Wall -Wextra -Werror -pedantic)
for h in "${headers[@]}"; do
  name=mmapkit/$(basename "$h")
  echo "#include <$name>" | gcc -std=c11 "${strict[@]}" $cflags -fsyntax-only -x c - 2>"$tmp/err" ||
    fail "<$name> does not compile on its own as C11: $(head -3 "$tmp/err")"
  echo "#include <$name>" | g++ -std=c++17 "${strict[@]}" $cflags -fsyntax-only -x c++ - 2>"$tmp/err" ||
    fail "<$name> does not compile on its own as C++17: $(head -3 "$tmp/err")"
done
ok "pkg-config $version: $cflags $libs; every header compiles alone as C11 and C++17"

# run_consumer KIND BINARY: it must exit 0 and print exactly "consumer: ok". What it says on
# stderr is only shown: a sanitizer runtime may talk there (llvm-symbolizer cannot read the
# channel's "/dev/zero (deleted)" while a TSan suppression is matched) without a finding.
run_consumer() {
  local out rc=0
  out=$("$2" "$tmp/run" 2>"$tmp/consumer.err") || rc=$?
  [ $rc -eq 0 ] && [ "$out" = "consumer: ok" ] ||
    fail "consumer ($1): expected exit 0 and 'consumer: ok', got exit $rc and '$out' (stderr: $(head -20 "$tmp/consumer.err"))"
}

# --- a program against the shared library ----------------------------------------------
mkdir -p "$tmp/run"
# shellcheck disable=SC2086  # cc, cflags and libs are lists of words
if $cc -std=c11 "${strict[@]}" $cflags "$consumer_c" "${extra_objs[@]}" -o "$tmp/consumer_shared" $libs 2>"$tmp/err"; then
  needed=$(readelf -d "$tmp/consumer_shared" | sed -n 's/.*(NEEDED).*\[\(libmmapkit[^]]*\)\]/\1/p')
  [ "$needed" = "libmmapkit.so.$major" ] ||
    fail "a program linked with -lmmapkit should need libmmapkit.so.$major (the SONAME), needs '${needed:-nothing of mmapkit}'"
  resolved=$(LD_LIBRARY_PATH=$lib ldd "$tmp/consumer_shared" | awk '$1 == "libmmapkit.so.'"$major"'" {print $3}')
  [ "$resolved" = "$lib/libmmapkit.so.$major" ] ||
    fail "ldd: libmmapkit.so.$major should resolve to $lib/libmmapkit.so.$major, resolves to '${resolved:-nothing}'"
  LD_LIBRARY_PATH=$lib run_consumer shared "$tmp/consumer_shared"
  # Without the library path it must not start: it really uses the shared library.
  if out=$("$tmp/consumer_shared" "$tmp/run" 2>&1) || ! grep -q "libmmapkit.so.$major" <<<"$out"; then
    fail "the program started without libmmapkit.so.$major on the library path: it does not use the shared library ($out)"
  fi
  ok "shared: NEEDED libmmapkit.so.$major -> $resolved, runs"
else
  fail "cc $cflags consumer.c $libs does not build against the install: $(head -5 "$tmp/err")"
fi

# --- ... and against the static library --------------------------------------------------
# shellcheck disable=SC2086
if $cc -std=c11 "${strict[@]}" $cflags "$consumer_c" -o "$tmp/consumer_static" \
  "$(pkg-config --variable=libdir mmapkit)/libmmapkit.a" $(pkg-config --static --libs-only-other mmapkit) \
  "${extra_objs[@]}" 2>"$tmp/err"; then
  ! readelf -d "$tmp/consumer_static" | grep -q 'NEEDED.*libmmapkit' ||
    fail "the program linked with libmmapkit.a still needs a libmmapkit shared library"
  run_consumer static "$tmp/consumer_static"
  ok "static: libmmapkit.a, runs"
else
  fail "cc consumer.c libmmapkit.a does not build: $(head -5 "$tmp/err")"
fi

# --- tools -------------------------------------------------------------------------------
for p in "${programs[@]}"; do
  if ! out=$("$prefix/bin/$p" --help 2>&1); then
    fail "$p --help: expected exit 0, got failure: $(head -2 <<<"$out")"
  elif ! grep -qi "usage: .*$p" <<<"$out"; then
    fail "$p --help: expected a usage line naming $p, got: $(head -1 <<<"$out")"
  fi
  # Where a tool has --version, it reports the one version of the package.
  if out=$("$prefix/bin/$p" --version 2>/dev/null) && ! grep -qF "$version" <<<"$out"; then
    fail "$p --version: expected version $version (version.bzl), got '$(head -1 <<<"$out")'"
  fi
done
cp "$consumer_c" "$tmp/run/a"
"$prefix/bin/mmapcp" "$tmp/run/a" "$tmp/run/b" && cmp -s "$tmp/run/a" "$tmp/run/b" ||
  fail "the installed mmapcp did not copy a file byte for byte"
ok "tools: ${programs[*]} answer --help; mmapcp copies"

# --- man pages ---------------------------------------------------------------------------
export MANWIDTH=80 MANPAGER=cat PAGER=cat LC_ALL=C.UTF-8
pages=("$prefix"/share/man/man1/*.1 "$prefix"/share/man/man3/mmapkit.3)
for page in "${pages[@]}"; do
  name=$(basename "$page") && title=${name%.*} && section=${name##*.}
  if ! man --warnings -l "$page" >"$tmp/page.txt" 2>"$tmp/err"; then
    fail "man -l $name: exit status non-zero: $(head -3 "$tmp/err")"
  elif [ -s "$tmp/err" ]; then
    fail "man --warnings -l $name: expected no warnings, got: $(head -3 "$tmp/err")"
  elif ! grep -q '^NAME' "$tmp/page.txt" || ! grep -q "$title" "$tmp/page.txt" ||
    [ "$(wc -l <"$tmp/page.txt")" -lt 10 ]; then
    fail "man -l $name: expected a NAME section naming $title and a real page, got $(wc -l <"$tmp/page.txt") lines"
  elif ! grep -q '^SYNOPSIS' "$tmp/page.txt"; then
    # help2man makes the SYNOPSIS of a "Usage: PROG ..." first line of --help.
    fail "man -l $name: no SYNOPSIS section (does $title --help start with 'Usage: $title'?)"
  fi
  found=$(man -M "$prefix/share/man" -w "$section" "$title" 2>&1) || true
  [ "$found" = "$page" ] || fail "man -M $prefix/share/man $section $title: expected $page, found '$found'"
done
man -l "$prefix/share/man/man3/mmapkit.3" >"$tmp/page.txt" 2>/dev/null
missing=$(while read -r f; do grep -qw "$f" "$tmp/page.txt" || echo "$f"; done <<<"$declared")
[ -z "$missing" ] || fail "mmapkit(3) does not mention these public functions: $(echo $missing)"
ok "man: ${#pages[@]} pages render without warnings and are found by man -M; mmapkit(3) names every function"

# --- the .deb ----------------------------------------------------------------------------
deb_version=$(dpkg-deb -f "$deb" Version)
[ "$deb_version" = "$version" ] || fail "mmapkit.deb Version: expected $version, got '$deb_version'"
deb_files=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./usr/||' | LC_ALL=C sort)
tree_files=$(sed -E 's|^(share/man/.*\.[0-9])$|\1.gz|' <<<"$actual" | LC_ALL=C sort)
if [ "$deb_files" != "$tree_files" ]; then
  fail "mmapkit.deb: expected the installed tree under /usr (man pages .gz); difference (< tree, > deb):
$(diff <(echo "$tree_files") <(echo "$deb_files") | grep '^[<>]')"
fi
ok "mmapkit.deb $deb_version ($(dpkg-deb -f "$deb" Architecture), Depends: $(dpkg-deb -f "$deb" Depends)) holds the same tree under /usr"

if [ $failures -gt 0 ]; then
  echo "install_test: $failures check(s) failed" >&2
  exit 1
fi
echo "install_test: all checks passed"
