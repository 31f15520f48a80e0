/* Page size, overflow-checked alignment and error text (see mmapkit/util.h). */
#define _GNU_SOURCE
#include "mmapkit/util.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

size_t mk_page_size(void) {
  static atomic_size_t cached;
  size_t page = atomic_load_explicit(&cached, memory_order_relaxed);
  if (page == 0) {
    long v = sysconf(_SC_PAGESIZE);
    page = v > 0 ? (size_t)v : 4096;
    atomic_store_explicit(&cached, page, memory_order_relaxed);
  }
  return page;
}

static int is_power_of_two(uint64_t v) {
  return v != 0 && (v & (v - 1)) == 0;
}

int mk_align_down(uint64_t value, uint64_t align, uint64_t *out) {
  if (!is_power_of_two(align)) return -EINVAL;
  *out = value & ~(align - 1);
  return 0;
}

int mk_align_up(uint64_t value, uint64_t align, uint64_t *out) {
  if (!is_power_of_two(align)) return -EINVAL;
  uint64_t sum;
  if (__builtin_add_overflow(value, align - 1, &sum)) return -EOVERFLOW;
  *out = sum & ~(align - 1);
  return 0;
}

int mk_add_checked(uint64_t a, uint64_t b, uint64_t limit, uint64_t *out) {
  uint64_t sum;
  if (__builtin_add_overflow(a, b, &sum) || sum > limit) return -EOVERFLOW;
  *out = sum;
  return 0;
}

const char *mk_strerror(int err) {
  if (err == 0) return "Success";
  /* strerrordesc_np (glibc >= 2.32) is thread-safe and never formats. */
  const char *text = strerrordesc_np(err < 0 ? -err : err);
  return text ? text : "Unknown error";
}

const char *mk_errno_name(int err) {
  return strerrorname_np(err < 0 ? -err : err);
}
