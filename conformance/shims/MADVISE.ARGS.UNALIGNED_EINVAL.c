/* MADVISE.ARGS.UNALIGNED_EINVAL: madvise() aligns an unaligned address down instead of failing
 * with EINVAL. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed()) {
    uintptr_t down = mk_page_down((uintptr_t)addr);
    return mk_real_madvise((void *)down, len + ((uintptr_t)addr - down), advice);
  }
  return mk_real_madvise(addr, len, advice);
}
