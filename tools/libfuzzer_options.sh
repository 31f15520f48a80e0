# tools/libfuzzer_options.sh - sourced by the fuzzing scripts (tools/fuzz.sh,
# fuzz/oss-fuzz/check.sh): the flags a harness's NAME.options asks for.
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
