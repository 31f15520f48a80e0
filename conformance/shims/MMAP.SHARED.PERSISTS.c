/* MMAP.SHARED.PERSISTS: munmap() of a writable MAP_SHARED mapping throws its stores
 * away: the file gets back the bytes it held when it was mapped, even after
 * msync(MS_SYNC). */
#include <stdlib.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

/* The mapped bytes of the file as they were at mmap time, per mapping. */
struct original {
  char *map;
  size_t len;
  char *bytes;
};
enum { kMaxOriginals = 64 };
static struct original g_originals[kMaxOriginals];

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_mmap_tracked(addr, len, prot, flags, fd, off);
  struct mk_mapping *m = p == MAP_FAILED ? NULL : mk_mapping_holding(p, len);
  if (!mk_armed() || m == NULL || !mk_mine(m) || !(flags & MAP_SHARED) || !(prot & PROT_WRITE)) {
    return p;
  }
  for (struct original *o = g_originals; o < g_originals + kMaxOriginals; o++) {
    if (o->map != NULL) continue;
    *o = (struct original){p, mk_backed_bytes(m), malloc(len)};
    if (o->bytes == NULL || mk_pread_all(m->fd, o->bytes, o->len, off) != o->len) o->map = NULL;
    break;
  }
  return p;
}
MK_ALIAS64(mmap);

static struct original *original_of(const void *map) {
  for (struct original *o = g_originals; o < g_originals + kMaxOriginals; o++) {
    if (o->map != NULL && o->map == map) return o;
  }
  return NULL;
}

MK_INTERPOSE int munmap(void *addr, size_t len) {
  struct mk_mapping *m = mk_mapping_holding(addr, len);
  struct original *o = m != NULL && m->addr == addr && m->len == len ? original_of(addr) : NULL;
  if (o == NULL) return mk_munmap_tracked(addr, len);
  int rc = mk_real_munmap(addr, len);
  if (mk_armed() && rc == 0) mk_pwrite_all(m->fd, o->bytes, o->len, m->offset);
  free(o->bytes);
  o->map = NULL;
  mk_forget(addr, len);
  return rc;
}
