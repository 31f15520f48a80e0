/* MSEAL.BLOCKS_CHANGES: mseal() returns 0 and seals nothing. the checks call it through
 * syscall(2) (glibc has no wrapper), so the shim redefines syscall. */

#include "conformance/shims/shim.h"

MK_INTERPOSE long syscall(long number, ...) {
  MK_SYSCALL_ARGS(number);
  if (number == MK_SYS_MSEAL && mk_armed() && c == 0 && mk_page_down(a) == (uintptr_t)a &&
      mk_mapped_bytes(a, b) >= (size_t)b) {
    return 0;
  }
  return mk_real_syscall(number, a, b, c, d, e, f);
}
