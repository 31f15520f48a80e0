#!/bin/sh
# run_without_robust_futexes.sh LAUNCHER TEST [ARG...] - runs a channel test
# binary through without_robust_futexes and tells it which way of noticing
# dead peers its channels must use (checked by channel_test's Liveness tests).
export MMAPKIT_EXPECT_CHANNEL_LIVENESS=records
exec "$@"
