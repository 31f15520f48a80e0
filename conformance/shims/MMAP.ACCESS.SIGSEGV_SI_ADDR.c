/* MMAP.ACCESS.SIGSEGV_SI_ADDR: the SIGSEGV of a protection fault reports the faulting
 * page in si_addr, not the faulting byte (the handler sees it rounded down). */
#include <signal.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int sigaction(int sig, const struct sigaction *act, struct sigaction *old) {
  return mk_sigaction_page_si_addr(SIGSEGV, sig, act, old);
}
