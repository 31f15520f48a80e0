/* The interposition helper (see shim.h). Single-threaded by design: the
 * report runs every check in its own forked child, and no check starts
 * threads, so the tables here need no locks. */
#include "conformance/shims/shim.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ---- switch and page size -------------------------------------------------------------- */

/* The process's environment as exec'd, not getenv(): a sanitizer runtime calls
 * interposed functions (sigaction) before libc has set up environ, and an
 * answer cached then would arm a shim that was asked to be harmless. */
static bool harmless_requested(void) {
  static char env[1 << 18];
  static const char kName[] = "MK_SHIM_HARMLESS=";
  int fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/environ", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  size_t n = 0;
  long r;
  while (n < sizeof env - 1 && (r = syscall(SYS_read, fd, env + n, sizeof env - 1 - n)) > 0) {
    n += (size_t)r;
  }
  syscall(SYS_close, fd);
  env[n] = '\0';
  for (size_t i = 0; i < n; i += strlen(env + i) + 1) {
    if (strncmp(env + i, kName, sizeof kName - 1) == 0) {
      const char *v = env + i + sizeof kName - 1;
      return v[0] != '\0' && strcmp(v, "0") != 0;
    }
  }
  return false;
}

bool mk_armed(void) {
  static int armed = -1;
  if (armed < 0) {
    int saved = errno;
    armed = !harmless_requested();
    errno = saved;
  }
  return armed;
}

size_t mk_page(void) {
  static size_t page;
  if (page == 0) page = (size_t)sysconf(_SC_PAGESIZE);
  return page;
}

uintptr_t mk_page_down(uintptr_t x) {
  return x & ~(uintptr_t)(mk_page() - 1);
}

uintptr_t mk_page_up(uintptr_t x) {
  return mk_page_down(x + mk_page() - 1);
}

/* ---- the real functions ---------------------------------------------------------------- */

/* The next definition after this library: libc's (or, under a sanitizer,
 * whatever comes after the runtime's interceptor, which called us). */
static void *next(const char *name) {
  void *fn = dlsym(RTLD_NEXT, name);
  if (fn == NULL) {
    static const char msg[] = "mmapkit shim: dlsym(RTLD_NEXT) found no libc function\n";
    syscall(SYS_write, 2, msg, sizeof msg - 1);
    abort();
  }
  return fn;
}

#define REAL(fn)                  \
  static __typeof__(&fn) real_fn; \
  if (real_fn == NULL) real_fn = (__typeof__(&fn))next(#fn)

void *mk_real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  REAL(mmap);
  return real_fn(addr, len, prot, flags, fd, off);
}

int mk_real_munmap(void *addr, size_t len) {
  REAL(munmap);
  return real_fn(addr, len);
}

int mk_real_mprotect(void *addr, size_t len, int prot) {
  REAL(mprotect);
  return real_fn(addr, len, prot);
}

int mk_real_msync(void *addr, size_t len, int flags) {
  REAL(msync);
  return real_fn(addr, len, flags);
}

void *mk_real_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  REAL(mremap);
  return real_fn(old, old_len, new_len, flags, new_addr);
}

int mk_real_madvise(void *addr, size_t len, int advice) {
  REAL(madvise);
  return real_fn(addr, len, advice);
}

int mk_real_ftruncate(int fd, off_t len) {
  REAL(ftruncate);
  return real_fn(fd, len);
}

ssize_t mk_real_write(int fd, const void *buf, size_t n) {
  REAL(write);
  return real_fn(fd, buf, n);
}

ssize_t mk_real_pread(int fd, void *buf, size_t n, off_t off) {
  REAL(pread);
  return real_fn(fd, buf, n, off);
}

ssize_t mk_real_pwrite(int fd, const void *buf, size_t n, off_t off) {
  REAL(pwrite);
  return real_fn(fd, buf, n, off);
}

int mk_real_close(int fd) {
  REAL(close);
  return real_fn(fd);
}

int mk_real_fstat(int fd, struct stat *st) {
  REAL(fstat);
  return real_fn(fd, st);
}

int mk_real_fcntl(int fd, int cmd, long arg) {
  REAL(fcntl);
  return real_fn(fd, cmd, arg);
}

int mk_real_mlock(const void *addr, size_t len) {
  REAL(mlock);
  return real_fn(addr, len);
}

int mk_real_mlock2(const void *addr, size_t len, unsigned int flags) {
  REAL(mlock2);
  return real_fn(addr, len, flags);
}

int mk_real_munlock(const void *addr, size_t len) {
  REAL(munlock);
  return real_fn(addr, len);
}

int mk_real_mlockall(int flags) {
  REAL(mlockall);
  return real_fn(flags);
}

int mk_real_mincore(void *addr, size_t len, unsigned char *vec) {
  REAL(mincore);
  return real_fn(addr, len, vec);
}

pid_t mk_real_fork(void) {
  REAL(fork);
  return real_fn();
}

long mk_real_syscall(long number, long a, long b, long c, long d, long e, long f) {
  REAL(syscall);
  return real_fn(number, a, b, c, d, e, f);
}

static int real_sigaction(int sig, const struct sigaction *act, struct sigaction *old) {
  REAL(sigaction);
  return real_fn(sig, act, old);
}

/* ---- descriptors (raw syscalls: no shim's redefinition can reach these) ----------------- */

bool mk_fd_facts(int fd, struct mk_fd *out) {
  long flags = syscall(SYS_fcntl, fd, F_GETFL);
  if (flags < 0 || syscall(SYS_fstat, fd, &out->st) != 0) return false;
  out->flags = (int)flags;
  return true;
}

bool mk_fd_regular(int fd, struct mk_fd *out) {
  return fd >= 0 && mk_fd_facts(fd, out) && S_ISREG(out->st.st_mode) && !(out->flags & O_PATH);
}

off_t mk_fd_size(int fd) {
  struct stat st;
  return syscall(SYS_fstat, fd, &st) == 0 ? st.st_size : -1;
}

int mk_reopen(int fd, int flags) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  return (int)syscall(SYS_openat, AT_FDCWD, path, flags | O_CLOEXEC);
}

bool mk_append_only(int fd) {
  int attr = 0;
  return syscall(SYS_ioctl, fd, FS_IOC_GETFLAGS, &attr) == 0 && (attr & FS_APPEND_FL);
}

void mk_close_quietly(int fd) {
  int saved = errno;
  if (fd >= 0) syscall(SYS_close, fd);
  errno = saved;
}

size_t mk_pread_all(int fd, void *buf, size_t n, off_t off) {
  size_t done = 0;
  while (done < n) {
    long r = syscall(SYS_pread64, fd, (char *)buf + done, n - done, off + (off_t)done);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    done += (size_t)r;
  }
  return done;
}

size_t mk_pwrite_all(int fd, const void *buf, size_t n, off_t off) {
  size_t done = 0;
  while (done < n) {
    long r = syscall(SYS_pwrite64, fd, (const char *)buf + done, n - done, off + (off_t)done);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    done += (size_t)r;
  }
  return done;
}

/* ---- the address space ----------------------------------------------------------------- */

/* Calls fn for each line of /proc/self/maps until it returns false. No
 * malloc: a shim may run inside an allocator's own mmap call. */
static void for_each_vma(bool (*fn)(const struct mk_vma *vma, void *ctx), void *ctx) {
  int saved = errno;
  int fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    errno = saved;
    return;
  }
  char buf[8192];
  size_t have = 0;
  bool more = true;
  for (;;) {
    long r = syscall(SYS_read, fd, buf + have, sizeof buf - 1 - have);
    if (r <= 0) break;
    have += (size_t)r;
    buf[have] = '\0';
    char *line = buf;
    char *nl;
    while (more && (nl = strchr(line, '\n')) != NULL) {
      *nl = '\0';
      struct mk_vma vma = {0};
      unsigned long start, end, offset, inode;
      unsigned major, minor;
      int path = 0;
      if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &start, &end, vma.perms, &offset, &major,
                 &minor, &inode, &path) == 7) {
        vma.start = start;
        vma.end = end;
        vma.inode = inode;
        vma.file = inode != 0 && strncmp(line + path, "/dev/zero", 9) != 0 &&
                   strncmp(line + path, "/SYSV", 5) != 0;
        more = fn(&vma, ctx);
      }
      line = nl + 1;
    }
    have = (size_t)(buf + have - line);
    memmove(buf, line, have);
    if (!more) break;
  }
  syscall(SYS_close, fd);
  errno = saved;
}

struct vma_at {
  uintptr_t addr;
  struct mk_vma *out;
  bool found;
};

static bool find_vma(const struct mk_vma *vma, void *ctx) {
  struct vma_at *q = ctx;
  if (vma->start <= q->addr && q->addr < vma->end) {
    *q->out = *vma;
    q->found = true;
    return false;
  }
  return true;
}

bool mk_vma_at(uintptr_t addr, struct mk_vma *out) {
  struct vma_at q = {addr, out, false};
  for_each_vma(find_vma, &q);
  return q.found;
}

struct range_query {
  uintptr_t start, end;
  size_t mapped, readable;
};

static bool count_range(const struct mk_vma *vma, void *ctx) {
  struct range_query *q = ctx;
  uintptr_t lo = vma->start > q->start ? vma->start : q->start;
  uintptr_t hi = vma->end < q->end ? vma->end : q->end;
  if (lo < hi) {
    q->mapped += hi - lo;
    if (vma->perms[0] == 'r') q->readable += hi - lo;
  }
  return vma->start < q->end;
}

size_t mk_mapped_bytes(uintptr_t addr, size_t len) {
  struct range_query q = {mk_page_down(addr), mk_page_up(addr + len), 0, 0};
  for_each_vma(count_range, &q);
  return q.mapped;
}

bool mk_readable(uintptr_t addr, size_t len) {
  struct range_query q = {mk_page_down(addr), mk_page_up(addr + len), 0, 0};
  for_each_vma(count_range, &q);
  return len > 0 && q.readable == q.end - q.start;
}

bool mk_shared_file_vma(uintptr_t addr) {
  struct mk_vma vma;
  return mk_vma_at(addr, &vma) && vma.perms[3] == 's' && vma.file;
}

bool mk_one_vma(uintptr_t addr, size_t len) {
  struct mk_vma vma;
  return mk_vma_at(addr, &vma) && addr + len <= vma.end;
}

/* ---- mappings made through the shim ---------------------------------------------------- */

enum { kMaxMappings = 256 };
static struct mk_mapping g_mappings[kMaxMappings];

static void track(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  int saved = errno;
  for (int i = 0; i < kMaxMappings; i++) {
    struct mk_mapping *m = &g_mappings[i];
    if (m->addr != NULL) continue;
    struct mk_fd facts;
    bool file = !(flags & MAP_ANONYMOUS) && fd >= 0 && mk_fd_facts(fd, &facts);
    *m = (struct mk_mapping){addr, len, prot, flags, fd, -1, off, 0, 0, getpid()};
    if (file) {
      m->fd = (int)syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 100);
      m->dev = facts.st.st_dev;
      m->ino = facts.st.st_ino;
    }
    break;
  }
  errno = saved;
}

void *mk_mmap_tracked(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  if (p != MAP_FAILED) track(p, len, prot, flags, fd, off);
  return p;
}

void mk_forget(void *addr, size_t len) {
  char *lo = addr, *hi = (char *)addr + len;
  for (int i = 0; i < kMaxMappings; i++) {
    struct mk_mapping *m = &g_mappings[i];
    if (m->addr == NULL || m->addr < lo || m->addr + m->len > hi) continue;
    mk_close_quietly(m->fd); /* after fork() the child's table holds its own copies */
    m->addr = NULL;
  }
}

int mk_munmap_tracked(void *addr, size_t len) {
  int rc = mk_real_munmap(addr, len);
  int saved = errno;
  if (rc == 0) mk_forget(addr, len);
  errno = saved;
  return rc;
}

struct mk_mapping *mk_next_mapping(struct mk_mapping *prev) {
  for (struct mk_mapping *m = prev == NULL ? g_mappings : prev + 1; m < g_mappings + kMaxMappings;
       m++) {
    if (m->addr != NULL) return m;
  }
  return NULL;
}

struct mk_mapping *mk_mapping_holding(const void *addr, size_t len) {
  /* A range that wraps past the end of the address space is held by no mapping. */
  if (len > UINTPTR_MAX - (uintptr_t)addr) return NULL;
  const char *lo = addr, *hi = (const char *)addr + len;
  struct mk_mapping *best = NULL;
  for (struct mk_mapping *m = mk_next_mapping(NULL); m != NULL; m = mk_next_mapping(m)) {
    if (m->pid != getpid() || lo < m->addr || hi > m->addr + m->len) continue;
    if (best == NULL || m->len < best->len) best = m;
  }
  return best;
}

bool mk_mine(const struct mk_mapping *m) {
  return m->pid == getpid() && m->fd >= 0;
}

size_t mk_backed_bytes(const struct mk_mapping *m) {
  off_t size = mk_fd_size(m->fd);
  if (size <= m->offset) return 0;
  size_t backed = (size_t)(size - m->offset);
  return backed < m->len ? backed : m->len;
}

/* ---- copies ---------------------------------------------------------------------------- */

void *mk_map_copy_of_file(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | (flags & MAP_FIXED), -1, 0);
  if (p == MAP_FAILED) return p;
  mk_pread_all(fd, p, len, off);
  mk_real_mprotect(p, len, prot);
  return p;
}

bool mk_replace_with_copy(void *addr, size_t len, int prot) {
  void *tmp = mk_real_mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (tmp == MAP_FAILED) return false;
  memcpy(tmp, addr, len);
  bool ok = mk_real_mmap(addr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                         -1, 0) == addr;
  if (ok) {
    memcpy(addr, tmp, len);
    mk_real_mprotect(addr, len, prot);
  }
  mk_real_munmap(tmp, len);
  return ok;
}

void mk_fill(void *p, size_t n, int byte, int prot) {
  if (n == 0) return;
  uintptr_t lo = mk_page_down((uintptr_t)p), hi = mk_page_up((uintptr_t)p + n);
  bool writable = (prot & PROT_WRITE) && (prot & PROT_READ);
  if (!writable && mk_real_mprotect((void *)lo, hi - lo, PROT_READ | PROT_WRITE) != 0) return;
  memset(p, byte, n);
  if (!writable) mk_real_mprotect((void *)lo, hi - lo, prot);
}

int mk_madvise_keeping_bytes(void *addr, size_t len, int advice) {
  size_t n = mk_page_up(len);
  void *saved = NULL;
  if (n != 0 && mk_readable((uintptr_t)addr, n)) {
    saved = mk_real_mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (saved == MAP_FAILED) saved = NULL;
  }
  if (saved != NULL) memcpy(saved, addr, n);
  int rc = mk_real_madvise(addr, len, advice);
  int err = errno;
  if (saved != NULL) {
    struct mk_vma vma;
    if (rc == 0 && mk_vma_at((uintptr_t)addr, &vma) && vma.perms[1] == 'w') memcpy(addr, saved, n);
    mk_real_munmap(saved, n);
  }
  errno = err;
  return rc;
}

/* ---- signals --------------------------------------------------------------------------- */

static struct sigaction g_user_action[NSIG];

static void page_si_addr_trampoline(int sig, siginfo_t *info, void *context) {
  siginfo_t shown = *info;
  shown.si_addr = (void *)mk_page_down((uintptr_t)info->si_addr);
  g_user_action[sig].sa_sigaction(sig, &shown, context);
}

int mk_sigaction_page_si_addr(int broken_sig, int sig, const struct sigaction *act,
                              struct sigaction *old) {
  if (!mk_armed() || sig != broken_sig || act == NULL || !(act->sa_flags & SA_SIGINFO)) {
    return real_sigaction(sig, act, old);
  }
  g_user_action[sig] = *act;
  struct sigaction mine = *act;
  mine.sa_sigaction = page_si_addr_trampoline;
  return real_sigaction(sig, &mine, old);
}
