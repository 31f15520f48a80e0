/* MSEAL.ARGS.INVALID_EINVAL: mseal() ignores its flags argument instead of failing with
 * EINVAL for any bit set. */

#include "conformance/shims/shim.h"

MK_INTERPOSE long syscall(long number, ...) {
  MK_SYSCALL_ARGS(number);
  if (number == MK_SYS_MSEAL && mk_armed()) c = 0;
  return mk_real_syscall(number, a, b, c, d, e, f);
}
