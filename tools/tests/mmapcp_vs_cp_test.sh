#!/bin/sh
# mmapcp against cp (coreutils, the reference: 9.1 on Debian 12), side by side:
# the no-option scenarios of coreutils' tests/cp re-enacted, plus the cases
# mmapcp treats on purpose differently, as root and as an unprivileged user
# (nobody, through setpriv). For each scenario both tools run in identical
# fresh directories; their exit statuses, outputs (mmapcp's "mmapcp:" prefix
# read as "cp:") and the resulting files (type, mode, owner, size, links,
# content, extended attributes and ACLs) must be the same, or the difference
# must be one listed in explanation() with its reason - and then mmapcp must
# say what the explanation says it says. Then the perm.sh matrix (umask x
# new/existing destination x modes) for each user: every case must match.
# Prints a table of the scenarios and the matrix counts.
#   usage: mmapcp_vs_cp_test.sh MMAPCP
set -u
export LC_ALL=C
case $1 in /*) mmapcp_built=$1 ;; *) mmapcp_built=$PWD/$1 ;; esac
CP=$(command -v cp) || exit 1
T=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/vs_cp.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
chmod 755 "$T"
mkdir "$T/bin" "$T/run"
cp "$mmapcp_built" "$T/bin/mmapcp" && chmod 755 "$T/bin/mmapcp" "$T/run"
echo "cp: $($CP --version | head -1); mmapcp: $("$T/bin/mmapcp" --version)"

failures=0
fail() {
  printf 'FAIL: %s\n' "$*"
  failures=$((failures + 1))
}

# --- users -----------------------------------------------------------------------
# The test directory's ancestors may be closed to nobody: everything runs with
# relative paths from the scenario directory, and mmapcp is executed through
# a descriptor (/proc/self/fd/9), which needs no lookup from /.
users=""
skip_note=""
if [ "$(id -u)" -eq 0 ]; then
  users="root"
  if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    users="root nobody"
  else
    skip_note="SKIP nobody: setpriv cannot switch to uid 65534 here (inside Bazel's linux-sandbox only root is mapped: this test is tagged no-sandbox for that reason)"
  fi
else
  users="$(id -un)"
  skip_note="SKIP root and nobody: not running as root; the scenarios ran as $(id -un) only"
fi

# u CMD...: CMD as the scenario's user.
u() {
  if [ "$user" = nobody ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
  else
    "$@"
  fi
}

# --- running a tool and recording what it did ------------------------------------
# In a scenario: tool is cp or mmapcp; inplace=1 gives mmapcp --in-place (cp
# writes in place anyway). Everything goes to $log, normalized.
run_tool() { # REDIRECTION-KIND ARGS...
  kind=$1
  shift
  shown="$*"
  if [ "$tool" = mmapcp ]; then
    [ "$inplace" = 1 ] && set -- --in-place "$@"
    set -- /proc/self/fd/9 "$@"
  else
    set -- "$CP" "$@"
  fi
  status=0
  : >"$R.out"
  case $kind in
    plain) u "$@" >"$R.out" 2>"$R.err" 9<"$T/bin/mmapcp" || status=$? ;;
    closed) u "$@" <&- >&- 2>"$R.err" 9<"$T/bin/mmapcp" || status=$? ;;
    full) u "$@" >/dev/full 2>"$R.err" 9<"$T/bin/mmapcp" || status=$? ;;
  esac
  printf '%s,' "$status" >>"$R.statuses"
  { # shell builtins only: this runs a few hundred times
    echo "\$ $shown"
    echo "status $status"
    while IFS= read -r line || [ -n "$line" ]; do echo "out: $line"; done <"$R.out"
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        "mmapcp: "*) line="cp: ${line#mmapcp: }" ;;
        "$CP: "*) line="cp: ${line#"$CP: "}" ;;
      esac
      echo "err: $line"
    done <"$R.err"
  } >>"$log"
}
run() { run_tool plain "$@"; }
note() { echo "note: $*" >>"$log"; }

# The files of the scenario directory: what both tools must leave the same.
state() {
  {
    echo "--- files"
    ls -lnAR --time-style=+ --quoting-style=escape .
    find . -type f -exec md5sum {} + | sort -k2
    # One line per file that has attributes (getfattr goes in directory order).
    getfattr -R -h -d -m - . 2>/dev/null | awk 'BEGIN { RS = "" } { gsub("\n", " | "); print }' |
      sort
  } >>"$log"
}

# --- the scenarios (each runs in an empty directory owned by $user) ----------------

# same-file.sh: the same file by any name is refused; nothing changes.
s_same_file() {
  u sh -c 'echo XYZ >foo; ln -s foo symlink; ln foo hardlink; ln -s foo sl1; ln -s foo sl2; ln sl2 hlsl'
  for args in 'foo symlink' 'symlink foo' 'foo foo' 'sl1 sl2' 'foo hardlink' 'hlsl sl2'; do
    # shellcheck disable=SC2086
    run $args
  done
}

# sparse.sh: a sparse file stays sparse; data/zero transitions copy exactly.
s_sparse() {
  u sh -c 'dd bs=1 seek=131073 of=sparse </dev/null 2>/dev/null
    printf x | dd of=sparse bs=1 seek=70000 conv=notrunc 2>/dev/null
    head -c 65536 /dev/zero >zeros; head -c 65536 /dev/zero | tr "\0" U >nonzero
    cat nonzero zeros nonzero zeros zeros nonzero >mixed; rm zeros nonzero'
  run sparse copy
  [ "$(stat -c %b copy)" -le "$(stat -c %b sparse)" ] && note "copy no less sparse" || note "copy filled holes"
  run mixed mixed.copy
}

# proc-short-read.sh, proc-zero-len.sh: procfs files copy whole (what cat gives).
s_proc() {
  run /proc/cpuinfo 1
  varying='/MHz/d; /[Bb][Oo][Gg][Oo][Mm][Ii][Pp][Ss]/d'
  if [ "$(sed "$varying" 1)" = "$(sed "$varying" /proc/cpuinfo)" ]; then note "cpuinfo as cat gives it"; else note "cpuinfo differs from cat"; fi
  [ -s 1 ] && note "nonempty"
  run /proc/self/limits 2
  rm -f 1 # its MHz lines change between runs
}

# thru-dangling.sh: not through a dangling symlink; a loop is an error (9.1).
s_thru_dangling() {
  u sh -c 'ln -s no-such dangle; echo hi >f; ln -s loop loop'
  run f dangle
  run f loop
}

# dir-slash.sh, dir-vs-file.sh, src-base-dot.sh: directories without -r.
s_dirs() {
  u sh -c 'mkdir dir1 dir2 x y; touch dir1/file file'
  run dir1/ dir2
  run dir1 file
  cd y && run ../x/. . && cd ..
}

# trailing-slash.sh (cp part): a slash after a new name wants a directory.
s_trailing_slash() {
  u sh -c 'touch b; mkdir d'
  run b no-such/
  run d e/
  run b b/
}

# fail-perm.sh: a symlink into an unsearchable directory; an unreadable source.
s_fail_perm() {
  u sh -c 'mkdir D D/D; touch D/a F secret; chmod 0 D/a secret; chmod u=rx,go=,-st D
    chmod 0 D; ln -s D/D symlink'
  run F symlink
  run secret x
}

# preserve-mode.sh (the no-option parts): umask applies to new files; an
# existing file keeps its mode.
s_preserve_mode() {
  umask 022
  u sh -c 'touch a b; chmod 600 b'
  run b c
  u chmod 600 c
  run a b
  u sh -c 'rm -f a b c; touch a; chmod 660 a'
  run a b
}

# readonly-dir.sh (files): out of, into, and a writable file within a
# read-only directory.
s_readonly_dir() {
  umask 022
  u sh -c 'mkdir -p a/b; echo content >a/b/bar.txt; echo old >a/w; chmod -R -w a; chmod 666 a/w'
  run a/b/bar.txt out
  run out a/new
  run out a/w
}

# special-bits.sh (no option): new copies lose set-ID and sticky bits; an
# existing file keeps them as the kernel leaves them after a write.
s_special_bits() {
  umask 022
  u sh -c 'echo x >a; echo x >b; echo x >c; echo x >s; chmod u+sx,go= a; chmod u=rwx,g=sx,o= b
    chmod a=r,ug+sx c; chmod 1755 s
    for e in e1 e2 e3 e4; do echo old >$e; done; chmod 4755 e1; chmod 2755 e2; chmod 6755 e3
    chmod 2745 e4'
  run a a2
  run b b2
  run c c2
  run s s2
  for e in e1 e2 e3 e4; do run a $e; done
}

# non-utf8-name.sh: names that are not UTF-8, and how they are quoted, in the
# C and a UTF-8 locale.
s_non_utf8() {
  bad=$(printf '\377\376')
  u mkdir "$bad" target
  u touch "$bad/file1"
  for loc in C C.UTF-8; do
    export LC_ALL=$loc
    run "$bad/file1" target/
    run "$bad/nope" target/
    run "$(printf 'caf\303\251')/nope" target/
  done
  export LC_ALL=C
}

# Names in messages: quoted, never split, no escape sequence let through.
s_names() {
  run "$(printf 'new\nline')" x
  run "$(printf '\033[31mred')" x
  run "it's" x
  run "a'\$b" x
}

# -v: cp's "'a' -> 'b'" line.
s_verbose() {
  u sh -c 'echo a >a; mkdir d'
  run -v a b
  run -v a d
  run -v a d//
  run -v nope x
}

# -v of a copy that fails.
s_verbose_failing() {
  u sh -c 'echo s >s; chmod 0 s'
  run -v s y
}

# The reported corruption: streams closed or full while -v prints.
s_streams() {
  u sh -c 'printf hello >five'
  run_tool closed -v five out1
  run_tool full -v five out2
  run_tool closed five out3
}

# An existing file's ACL and extended attributes stay; a directory's default
# ACL decides a new file's permissions (not the umask).
s_acl_xattr() {
  umask 022
  u sh -c 'echo new >src; chmod 666 src; echo old >dst; setfattr -n user.tag -v kept dst
    setfacl -m u:root:rw,g::r dst; mkdir d; echo old >d/plain
    setfacl -d -m u::rwx,g::rx,o::- d; setfacl -d -m u:root:rw d'
  run src dst
  run src d/new
  run src d/plain
}

# The owner and group of a file written by the other user stay.
s_other_owner() {
  umask 022
  u sh -c 'echo new >src; mkdir w'
  echo old >w/theirs
  chmod 666 w/theirs
  [ "$user" = root ] && chown 65534:65534 w/theirs
  run src w/theirs
}

# Another user's world-writable file in a sticky directory (/tmp).
s_sticky() {
  mkdir -m 1777 tmp
  echo old >tmp/f
  chmod 666 tmp/f
  u sh -c 'echo new >src'
  run src tmp/f
}

# A file with a second hard link.
s_hard_link() {
  u sh -c 'echo new >f; echo old >dst; ln dst link'
  run f dst
}

# Does the existing file keep its inode?
s_replace_inode() {
  u sh -c 'echo new >src; echo old >dst'
  before=$(stat -c %i dst)
  run src dst
  [ "$(stat -c %i dst)" = "$before" ] && note "same inode" || note "new inode"
}

# A FIFO or device as source or destination (cp reads or writes it).
s_fifo_source() {
  u mkfifo fifo
  u sh -c 'printf data >fifo' &
  writer=$!
  run fifo x
  # mmapcp never opened the FIFO: let the writer's open through.
  kill -0 $writer 2>/dev/null && timeout 5 cat fifo >/dev/null
  wait $writer 2>/dev/null
}
s_fifo_dest() {
  u sh -c 'mkfifo fifo; echo data >f'
  cat fifo >got &
  reader=$!
  run f fifo
  # mmapcp never opened the FIFO: let the reader's open through.
  kill -0 $reader 2>/dev/null && timeout 5 sh -c ': >fifo'
  wait $reader 2>/dev/null
}
s_device_source() {
  run /dev/null x
}

# The scenarios, in table order. "+in-place": the same with mmapcp --in-place.
SCENARIOS="same_file sparse proc thru_dangling dirs trailing_slash fail_perm preserve_mode
readonly_dir readonly_dir+in-place special_bits non_utf8 names verbose verbose_failing streams
acl_xattr other_owner other_owner+in-place sticky sticky+in-place hard_link hard_link+in-place
replace_inode fifo_source fifo_dest device_source"

# Differences that are intended, per scenario and user: "reason|what mmapcp's
# output must contain". Anything else that differs fails the test.
explanation() { # SCENARIO USER
  case $1:$2 in
    readonly_dir:nobody)
      echo "atomic replace needs a new name in the directory; refused, --in-place offered|cannot replace 'a/w' atomically: its directory is not writable; --in-place writes into it" ;;
    verbose_failing:nobody)
      echo "mmapcp prints the -v line once the copy is complete, cp before trying|cp: cannot open 's' for reading: Permission denied" ;;
    other_owner:nobody)
      echo "the replacement cannot be given to another user; refused, --in-place offered|cannot replace 'w/theirs' atomically: cannot give its owner, group or attributes to a new file (Operation not permitted); --in-place" ;;
    sticky:nobody)
      echo "another user's file in a sticky directory cannot be replaced; refused, --in-place offered|cannot replace 'tmp/f' atomically: cannot give its owner, group or attributes to a new file (Operation not permitted); --in-place" ;;
    hard_link:*)
      echo "replacing by rename would leave the other link with the old content; refused, --in-place offered|cannot replace 'dst' atomically: it has other hard links, which would keep the old content; --in-place" ;;
    replace_inode:*)
      echo "atomic replace: the complete copy is renamed over the old file (a new inode)|note: new inode" ;;
    fifo_source:*)
      echo "FIFOs are refused as sources (no size to map; reading one may block forever)|cp: cannot copy 'fifo': not a regular file" ;;
    fifo_dest:*)
      echo "FIFOs are refused as destinations (cp writes into them)|cp: cannot overwrite non-regular file 'fifo'" ;;
    device_source:*)
      echo "devices are refused as sources (/dev/zero would never end)|cp: cannot copy '/dev/null': not a regular file" ;;
  esac
}

# --- run the scenarios --------------------------------------------------------------
rows=""
table_row() { rows="$rows$(printf '| %-22s | %-6s | %-8s | %-8s | %s |' "$@")
"; }
statuses() { # the file holds "0,1," without a newline
  s=""
  read -r s <"$1"
  printf '%s' "${s%,}"
}

for user in $users; do
  for entry in $SCENARIOS; do
    name=${entry%+in-place}
    variant=$entry
    mkdir -p "$T/run/$user/$variant"
    for tool in cp mmapcp; do
      inplace=0
      [ "$entry" != "$name" ] && [ "$tool" = mmapcp ] && inplace=1
      dir=$T/run/$user/$variant/$tool
      mkdir "$dir"
      [ "$user" = nobody ] && chown 65534:65534 "$dir"
      log=$T/run/$user/$variant/$tool.log
      R=$T/run/$user/$variant/$tool.last
      : >"$log"
      : >"$R.statuses"
      (cd "$dir" && "s_$name" && state) 2>>"$log"
    done
    base=$T/run/$user/$variant
    if cmp -s "$base/cp.log" "$base/mmapcp.log"; then
      verdict="same"
    else
      why=$(explanation "$name" "$user")
      [ "$entry" != "$name" ] && why="" # the in-place variants must match cp
      if [ -z "$why" ]; then
        verdict="DIFFERENT"
        fail "$variant as $user: mmapcp differs from cp:"
        diff "$base/cp.log" "$base/mmapcp.log" | sed 's/^/    /'
      else
        must=${why#*|}
        if grep -qF -- "$must" "$base/mmapcp.log"; then
          verdict="explained: ${why%%|*}"
        else
          verdict="DIFFERENT (not as explained)"
          fail "$variant as $user: the explained difference is not what mmapcp did (wanted '$must'):"
          diff "$base/cp.log" "$base/mmapcp.log" | sed 's/^/    /'
        fi
      fi
    fi
    table_row "$variant" "$user" "$(statuses "$base/cp.last.statuses")" \
      "$(statuses "$base/mmapcp.last.statuses")" "$verdict"
  done
done

# --- perm.sh: umask x new/existing x modes -------------------------------------------
# perm.sh's cases (its umasks 031, 037, 002: an existing destination of every
# u=rw,g=?,o=? mode from a u=r,g=rx,o= source, and a new one), and a new
# destination from sources of eight modes under three more umasks. One shell per user runs every case for both tools in twin
# directories (few processes: files made once, one stat per batch) and prints
# one line per case: "match ..." or "MISMATCH ...".
cat >"$T/run/perm_matrix.sh" <<'EOF'
# Runs in its (empty) directory, with no cd: a shell's cd goes through the
# full path, which nobody may not be allowed to follow.
cp_cmd=$1
perms="r w x rw wx xr rwx"
news="u=r,g=rx,o= 644 755 777 600 4755 2775 1777"
echo data >data # not empty: the mapped copy, not the read/write one
mkdir cp mmapcp || exit 1
install -m u=r,g=rx,o= data cp/src
i=0
for m in $news; do
  i=$((i + 1))
  install -m "$m" data cp/src$i
done
for g in $perms; do for o in $perms; do install -m "u=rw,g=$g,o=$o" /dev/null "cp/old_${g}_$o"; done; done
"$cp_cmd" -p cp/* mmapcp || exit 1 # twins, modes included
tool() { if [ "$1" = cp ]; then "$cp_cmd" "$2" "$3"; else /proc/self/fd/9 "$2" "$3"; fi; }
for u in 031 037 002 022 077 000; do
  umask $u
  for t in cp mmapcp; do
    statuses=""
    i=0
    for m in $news; do
      i=$((i + 1))
      tool $t $t/src$i $t/new$i
      statuses="$statuses $?"
    done
    olds=""
    case $u in 031 | 037 | 002) olds="$t/old_*" ;; esac
    for g in $perms; do for o in $perms; do
      [ -n "$olds" ] || continue
      tool $t $t/src "$t/old_${g}_$o"
      statuses="$statuses $?"
    done; done
    # shellcheck disable=SC2086
    stat -c '%n %A' $t/new* $olds >$t.modes 2>&1
    echo "$statuses" >$t.statuses
    rm -f $t/new*
  done
  if cmp -s cp.statuses mmapcp.statuses; then
    statuses_differ=""
  else
    statuses_differ=" (exit statuses: cp$(cat cp.statuses), mmapcp$(cat mmapcp.statuses))"
  fi
  paste -d' ' cp.modes mmapcp.modes | while read -r name a name2 b; do
    name=${name#cp/}
    if [ "$a" = "$b" ] && [ "$name" = "${name2#mmapcp/}" ] && [ -z "$statuses_differ" ]; then
      echo "match umask=$u $name $a"
    else
      echo "MISMATCH umask=$u $name: cp $a, mmapcp $b$statuses_differ"
    fi
  done
done
EOF

matrix=""
for user in $users; do
  mkdir "$T/run/matrix-$user"
  [ "$user" = nobody ] && chown 65534:65534 "$T/run/matrix-$user"
  out=$(cd "$T/run/matrix-$user" && u sh ../perm_matrix.sh "$CP" 9<"$T/bin/mmapcp" 2>&1)
  total=$(printf '%s\n' "$out" | grep -c '^match\|^MISMATCH')
  matched=$(printf '%s\n' "$out" | grep -c '^match')
  matrix="${matrix}perm matrix as $user: $matched/$total cases match cp
"
  [ "$total" -eq 195 ] || fail "perm matrix as $user ran $total cases: $(printf '%s\n' "$out" | head -3)"
  [ "$matched" -eq "$total" ] || {
    fail "perm matrix as $user: $((total - matched)) mismatches"
    printf '%s\n' "$out" | grep -v '^match' | head -20
  }
done

echo
echo "| scenario               | user   | cp       | mmapcp   | verdict |"
echo "|------------------------|--------|----------|----------|---------|"
printf '%s' "$rows"
echo
printf '%s' "$matrix"
[ -n "$skip_note" ] && echo "$skip_note"

if [ "$failures" -eq 0 ]; then
  echo PASS
  exit 0
fi
echo "$failures check(s) failed"
exit 1
