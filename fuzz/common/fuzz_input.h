/* fuzz/common/fuzz_input.h - reads a fuzz input as a stream of small decisions.
 *
 * Every harness decodes its input with these readers. When the input runs out
 * every reader returns 0, so any byte string is a valid (if short) case and a
 * mutation changes one decision without shifting the meaning of the bytes
 * before it. Integers are little-endian.
 *
 * fz_biased() is how sizes and offsets are drawn: most of the time it lands
 * on or next to a multiple of a unit (the page size, the copy window, the
 * current end of file), because that is where off-by-one bugs live. */
#ifndef MMAPKIT_FUZZ_COMMON_FUZZ_INPUT_H
#define MMAPKIT_FUZZ_COMMON_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mmapkit/copy.h"

struct fz_input {
  const uint8_t *p;
  size_t n; /* bytes left */
};

static inline struct fz_input fz_make(const uint8_t *data, size_t size) {
  struct fz_input in = {data, size};
  return in;
}

static inline uint8_t fz_u8(struct fz_input *in) {
  if (in->n == 0) return 0;
  in->n--;
  return *in->p++;
}

static inline uint16_t fz_u16(struct fz_input *in) {
  uint16_t lo = fz_u8(in);
  return (uint16_t)(lo | (uint16_t)fz_u8(in) << 8);
}

static inline uint32_t fz_u32(struct fz_input *in) {
  uint32_t lo = fz_u16(in);
  return lo | (uint32_t)fz_u16(in) << 16;
}

/* Takes up to n bytes; returns how many were available. */
static inline size_t fz_take(struct fz_input *in, const uint8_t **out, size_t n) {
  if (n > in->n) n = in->n;
  *out = in->p;
  in->p += n;
  in->n -= n;
  return n;
}

/* The rest of the input (at most FZ_OVERLAY_MAX bytes, and at most limit)
 * laid over the start of a reusable buffer, so the fuzzer steers the first
 * bytes of otherwise fixed data; fz_overlay_undo restores them afterwards. */
#define FZ_OVERLAY_MAX 256
struct fz_overlay {
  uint8_t *buf;
  size_t n;
  uint8_t saved[FZ_OVERLAY_MAX];
};

static inline void fz_overlay_apply(struct fz_overlay *o, struct fz_input *in, uint8_t *buf,
                                    size_t limit) {
  const uint8_t *bytes;
  o->buf = buf;
  o->n = fz_take(in, &bytes, limit < FZ_OVERLAY_MAX ? limit : FZ_OVERLAY_MAX);
  memcpy(o->saved, buf, o->n);
  memcpy(buf, bytes, o->n);
}

static inline void fz_overlay_undo(const struct fz_overlay *o) {
  memcpy(o->buf, o->saved, o->n);
}

/* A small signed adjustment in [-8, 7]: "just before / on / just after". */
static inline int64_t fz_delta(uint8_t b) {
  return (int64_t)(b & 15) - 8;
}

/* k * unit + delta, never below 0. */
static inline uint64_t fz_near(uint64_t k, uint64_t unit, int64_t delta) {
  uint64_t base = k * unit;
  if (delta < 0 && (uint64_t)-delta > base) return 0;
  return base + (uint64_t)delta;
}

/* A size or offset in [0, limit], drawn near multiples of unit_a (usually the
 * page size) or unit_b (the window, the end of file, ...) with probability
 * 3/4, anywhere otherwise. One selector byte, then zero to two bytes:
 *   00dddddd k      k%16 * unit_a + (d%16 - 8)
 *   01dddddd k      k%4 * unit_b + (d%16 - 8)
 *   10vvvvvv        v
 *   11......  lo hi  lo | hi << 8
 * and a result above limit wraps to result % (limit + 1). */
static inline uint64_t fz_biased(struct fz_input *in, uint64_t unit_a, uint64_t unit_b,
                                 uint64_t limit) {
  uint8_t sel = fz_u8(in);
  uint64_t v;
  switch (sel >> 6) {
    case 0: /* k * unit_a + delta */
      v = fz_near(fz_u8(in) & 15, unit_a, fz_delta(sel));
      break;
    case 1: /* k * unit_b + delta, k < 4: the unit itself 1 time in 4 */
      v = fz_near(fz_u8(in) & 3, unit_b, fz_delta(sel));
      break;
    case 2: /* small: 0 .. 63 */
      v = sel & 63;
      break;
    default: /* anywhere */
      v = fz_u16(in);
      break;
  }
  /* Wrapping keeps small values exact; a bigger one becomes some other value. */
  return v <= limit ? v : v % (limit + 1);
}

/* A copy strategy from one byte: b < 0xf0 picks one of the three (0
 * MK_COPY_MAP_BOTH, 1 MK_COPY_MAP_SRC_WRITE, 2 MK_COPY_MAP_DST_READ: the
 * corpus keeps its meaning whatever the enum's values), otherwise a value
 * that is no strategy (-EINVAL). */
static inline enum mk_copy_strategy fz_strategy(uint8_t b) {
  static const enum mk_copy_strategy kStrategies[3] = {MK_COPY_MAP_BOTH, MK_COPY_MAP_SRC_WRITE,
                                                       MK_COPY_MAP_DST_READ};
  if (b < 0xf0) return kStrategies[b % 3];
  return (enum mk_copy_strategy)(3 + (b & 15));
}

#endif /* MMAPKIT_FUZZ_COMMON_FUZZ_INPUT_H */
