#!/usr/bin/env bash
# dist/install.sh - installs the mmapkit library, headers, pkg-config file, tools and man
# pages. Run it through Bazel, which builds everything first:
#
#   bazel run -c opt //:install -- --prefix DIR [--destdir STAGE] [--dry-run]
#
#   --prefix DIR     where it goes (default /usr/local): DIR/include/mmapkit/*.h,
#                    DIR/lib/libmmapkit.{so.N.N.N,so.N,so,a}, DIR/lib/pkgconfig/mmapkit.pc,
#                    DIR/bin/{mmapcp,mapwatch,mapwrite,anonchat,mmapkit-report},
#                    DIR/share/man/man1/*.1, DIR/share/man/man3/mmapkit.3
#   --destdir STAGE  write under STAGE/DIR instead (packaging, like make's DESTDIR): the
#                    files still say DIR (mmapkit.pc's prefix)
#   --dry-run        print what would be installed, change nothing
#
# Once built, bazel-bin/dist/install does the same without Bazel. What is installed is
# listed in dist/install.manifest (made by //dist:install_files). Existing files are
# replaced; nothing else in DIR is touched.
set -euo pipefail

die() { printf 'install: %s\n' "$*" >&2; exit 2; }
usage() { sed -n '2,19s/^# \{0,1\}//p' "$0"; }

prefix=/usr/local destdir="" dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --destdir) destdir=${2:?--destdir needs a directory}; shift 2 ;;
    --destdir=*) destdir=${1#*=}; shift ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unexpected argument '$1'" ;;
  esac
done
[ -n "$prefix" ] || die "--prefix is empty"

# Paths typed by the user are relative to where they typed them, not to bazel run's runfiles.
absolute() { (cd "${BUILD_WORKING_DIRECTORY:-$PWD}" && realpath -m -- "$1"); }
prefix=$(absolute "$prefix")
[ -z "$destdir" ] || destdir=$(absolute "$destdir")
case "$prefix" in
  *[[:space:]\|\&\\]*) die "the prefix '$prefix' has a character mmapkit.pc cannot carry" ;;
esac

# The files come from this program's runfiles (bazel run, bazel-bin/dist/install, or a
# test or action that has it as data: then RUNFILES_DIR is theirs and holds them too).
runfiles=${RUNFILES_DIR:-$0.runfiles}/mmapkit
manifest=$runfiles/dist/install.manifest
[ -f "$manifest" ] || die "no $manifest: run me through bazel (bazel run //:install -- --prefix DIR)"

root=$destdir$prefix
installed=0
while read -r kind mode dest src; do
  target=$root/$dest
  if [ $dry_run -eq 1 ]; then
    printf '%s\n' "$prefix/$dest"
    continue
  fi
  mkdir -p "$(dirname "$target")"
  case "$kind" in
    file) install -m "$mode" "$runfiles/$src" "$target" ;;
    pc)
      # mmapkit.pc names the prefix the files are used from (not the staging directory).
      sed "s|@PREFIX@|$prefix|g" "$runfiles/$src" >"$target.tmp"
      chmod "$mode" "$target.tmp"
      mv -f "$target.tmp" "$target"
      ;;
    link) ln -sfn "$src" "$target" ;;
    *) die "bad line in $manifest: $kind $mode $dest $src" ;;
  esac
  installed=$((installed + 1))
done <"$manifest"

[ $dry_run -eq 1 ] || echo "install: $installed files and links under $root"
