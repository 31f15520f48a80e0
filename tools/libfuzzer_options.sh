# tools/libfuzzer_options.sh - the one reader of a harness's NAME.options, sourced by every
# script that needs its flags (tools/fuzz.sh, fuzz/run_fuzzer.sh, fuzz/check_harness_files.sh,
# fuzz/oss-fuzz/check.sh).
#
#   libfuzzer_options FILE.options    prints one -key=value per "key = value" line
#
# NAME.options is OSS-Fuzz's format: "[libfuzzer]" then "key = value" lines, # comments.
libfuzzer_options() {
  local line
  while IFS= read -r line; do
    line=${line%%#*}
    if [[ "$line" =~ ^[[:space:]]*([a-z_]+)[[:space:]]*=[[:space:]]*([^[:space:]]+) ]]; then
      echo "-${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
    fi
  done <"$1"
}
