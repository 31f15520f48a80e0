#!/bin/sh
# run_without_robust_futexes.sh LAUNCHER ARG... -- TEST - runs a channel test
# binary through the seccomp launcher that refuses the robust-futex calls,
# and tells it which way of noticing dead peers its channels must use
# (checked by channel_test's Liveness test).
export MMAPKIT_EXPECT_CHANNEL_LIVENESS=records
exec "$@"
