# tools/remote/worker.Dockerfile - the container image of --config=remote-exec's workers:
# Debian 12 with exactly what tools/bootstrap.sh installs (compilers at the paths the
# client's auto-configured toolchains name, googletest, QEMU and qemu-user, the cross
# compilers) plus its hooks' caches (the Debian kernels of the QEMU tests, in
# /var/cache/mmapkit/kernel). Build it from the repository root:
#   docker build -f tools/remote/worker.Dockerfile -t REGISTRY/mmapkit/worker .
# and put the pushed digest into tools/remote/BUILD.bazel (WORKER_IMAGE).
# Rebuild it whenever tools/bootstrap.sh or tools/bootstrap.d/ changes, and keep clients on
# the same Debian point release: a changed compiler changes every action's key anyway.
FROM debian:12
COPY tools/ /tmp/mmapkit-tools/tools/
RUN /tmp/mmapkit-tools/tools/bootstrap.sh \
    && rm -rf /tmp/mmapkit-tools /var/lib/apt/lists/*
