#!/bin/bash -eu
# .clusterfuzzlite/build.sh - ClusterFuzzLite's build step: the harnesses are built by the
# same script as on OSS-Fuzz (fuzz/oss-fuzz/build.sh; CC, CFLAGS, LIB_FUZZING_ENGINE, OUT
# come from the base-builder image).
exec "$SRC/mmapkit/fuzz/oss-fuzz/build.sh"
