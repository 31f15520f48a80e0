/* MMAP.SHARED.STORE_MARKS_MTIME: stores through a MAP_SHARED mapping never mark the
 * file's st_mtime: msync() puts back the modification time the file had when it
 * was mapped. */
#include <sys/mman.h>
#include <sys/stat.h>

#include "conformance/shims/shim.h"

/* The modification time of each file mapping when it was made. */
enum { kMaxTimes = 32 };
static struct {
  void *addr;
  struct timespec mtime;
} g_times[kMaxTimes];

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_mmap_tracked(addr, len, prot, flags, fd, off);
  struct mk_fd facts;
  if (p != MAP_FAILED && (flags & MAP_SHARED) && mk_fd_regular(fd, &facts)) {
    for (int i = 0; i < kMaxTimes; i++) {
      if (g_times[i].addr == NULL || g_times[i].addr == p) {
        g_times[i].addr = p;
        g_times[i].mtime = facts.st.st_mtim;
        break;
      }
    }
  }
  return p;
}
MK_ALIAS64(mmap);

MK_INTERPOSE int munmap(void *addr, size_t len) {
  for (int i = 0; i < kMaxTimes; i++) {
    if (g_times[i].addr == addr) g_times[i].addr = NULL;
  }
  return mk_munmap_tracked(addr, len);
}

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  int r = mk_real_msync(addr, len, flags);
  struct mk_mapping *m = mk_mapping_holding(addr, len);
  if (mk_armed() && r == 0 && m != NULL && m->fd >= 0 && (m->flags & MAP_SHARED)) {
    for (int i = 0; i < kMaxTimes; i++) {
      if (g_times[i].addr == m->addr) {
        struct timespec times[2] = {{0, UTIME_OMIT}, g_times[i].mtime};
        futimens(m->fd, times);
      }
    }
  }
  return r;
}
