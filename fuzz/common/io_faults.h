/* fuzz/common/io_faults.h - input-driven I/O faults for the copy harnesses.
 *
 * Link-time wrappers (-Wl,--wrap=NAME for each NAME in fuzz/defs.bzl's IO_FAULT_WRAPS; the
 * __wrap_ functions are in io_faults.c) stand between the library and libc. While a plan is
 * armed - only around the mk_copy_* call under test - calls on regular files behave the way a
 * real file system may make them behave:
 *   - a write (write, pwrite) stores only part of what it was given and returns that short
 *     count, or fails with EINTR having stored nothing; a read (read, pread) likewise;
 *   - the space ends at a byte offset ("limit"): a write crossing it is cut short there, the
 *     next write fails (ENOSPC, or EFBIG as RLIMIT_FSIZE does); fallocate past it fails with
 *     ENOSPC, and with EFBIG, like ftruncate, only when it would grow the file past it;
 *   - fallocate is not supported (EOPNOTSUPP), or is interrupted (EINTR) once;
 *   - one hard error: the k-th read fails with EIO, the k-th mmap with ENOMEM, fsync, close or
 *     rename of the destination with EIO;
 *   - fstatfs of the source says it is on procfs, so mk_copy_file takes its read()/write()
 *     fallback for a source whose size cannot be trusted (with real, fuzzed content).
 * Nothing else changes: the wrappers call the real function for everything they do not alter,
 * and do nothing at all while no plan is armed (libFuzzer's own I/O goes through them too).
 * Every alteration is counted, so the harness knows which outcomes are legitimate. */
#ifndef MMAPKIT_FUZZ_COMMON_IO_FAULTS_H
#define MMAPKIT_FUZZ_COMMON_IO_FAULTS_H

#include <stdint.h>
#include <sys/types.h>

#include "fuzz/common/fuzz_input.h"

enum fz_io_hard {
  FZ_IO_HARD_NONE,
  FZ_IO_HARD_READ_EIO,    /* the k-th read or pread of the source */
  FZ_IO_HARD_MMAP_ENOMEM, /* the k-th mmap of a regular file */
  FZ_IO_HARD_FSYNC_EIO,   /* fsync of the destination */
  FZ_IO_HARD_CLOSE_EIO,   /* close of the destination (after closing it) */
  FZ_IO_HARD_RENAME_EIO,  /* rename (nothing renamed) */
  FZ_IO_HARD_COUNT
};

struct fz_io_plan {
  uint32_t write_schedule; /* 2 bits per write call, first 16 calls: 1 short, 2 EINTR, else whole */
  uint32_t read_schedule;  /* the same for reads of the source */
  uint8_t short_part;      /* a short call moves 1 + (n - 1) * short_part / 256 bytes */
  int limit_errno;         /* 0 (no limit), ENOSPC or EFBIG */
  uint64_t limit;          /* byte offset where the space ends */
  int fallocate_mode;      /* 0 real, 1 EOPNOTSUPP always, 2 EINTR on the first call */
  enum fz_io_hard hard;
  int hard_at; /* k: which call (0 = the first) */
  int fake_procfs;
};

/* What the armed plan did to the calls. */
struct fz_io_record {
  int writes, reads, mmaps;         /* calls seen on regular files */
  int short_writes, short_reads;    /* returned a short count */
  int interrupted;                  /* returned EINTR */
  int fallocate_refused;            /* returned EOPNOTSUPP */
  int hard_errno;                   /* the first error returned for good (0: none) */
  int hard_on_source;               /* ... and whether it was a call on the source */
  const char *hard_call;            /* its function's name */
  uint64_t first_short_read_offset; /* file offset where the first short read ended */
};

/* Reads a plan from the input: one byte (0: no faults; bit 0 a write schedule, bit 1 a read
 * schedule, bits 2-3 the limit's errno: ENOSPC, EFBIG, bit 4 fallocate mode, bit 5 a hard
 * error, bit 6 the procfs fallback), then the arguments those need. The limit is
 * fz_biased(page, unit) <= limit_max. fake_procfs_ok: may the plan ask for the procfs
 * fallback (mk_copy_file only). */
void fz_io_plan_decode(struct fz_input *in, struct fz_io_plan *plan, uint64_t page, uint64_t unit,
                       uint64_t limit_max, int fake_procfs_ok);

/* Prints the plan (for a harness's describe()). */
void fz_io_plan_describe(const struct fz_io_plan *plan);

/* Arms plan for calls on regular files; source_fd's file is "the source" (reads), any other
 * regular file is "the destination". Clears the record. */
void fz_io_arm(const struct fz_io_plan *plan, int source_fd);
void fz_io_disarm(void);
const struct fz_io_record *fz_io_record(void);

#endif /* MMAPKIT_FUZZ_COMMON_IO_FAULTS_H */
