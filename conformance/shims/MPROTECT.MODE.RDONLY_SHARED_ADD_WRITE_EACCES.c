/* MPROTECT.MODE.RDONLY_SHARED_ADD_WRITE_EACCES: an mprotect() the kernel refuses with
 * EACCES (PROT_WRITE on a shared mapping of an O_RDONLY descriptor) reports
 * success, and the mapping silently stays read-only. */

#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  int rc = mk_real_mprotect(addr, len, prot);
  if (mk_armed() && rc != 0 && errno == EACCES) return 0;
  return rc;
}
