/* conformance/shims/shim.h - the one interposition helper every fault-injection
 * shim uses. A shim is a small LD_PRELOAD library that redefines a libc
 * function (mmap, munmap, ...) to break one catalog semantic, and calls the
 * real function for everything else. This header gives it:
 *   - the real libc functions (dlsym(RTLD_NEXT)), so a shim never calls itself;
 *   - mk_armed(): false when MK_SHIM_HARMLESS is set, which turns every shim
 *     into a pass-through (the self-test proves its FAILs come from the fault);
 *   - the facts a shim decides on: descriptor mode and inode, /proc/self/maps,
 *     and the mappings made so far through the shim's own mmap;
 *   - anonymous copies of file bytes, to fake a mapping the kernel would not give.
 * The helper itself does its I/O with raw syscalls, so no shim's redefinition
 * of write, pread, close or fstat can reach it. */
#ifndef MMAPKIT_CONFORMANCE_SHIMS_SHIM_H_
#define MMAPKIT_CONFORMANCE_SHIMS_SHIM_H_

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Marks the functions a shim redefines: the only symbols its .so exports
 * (everything else is built with -fvisibility=hidden). */
#define MK_INTERPOSE __attribute__((visibility("default")))

/* glibc exports the 64-bit-offset names as separate symbols: a shim that
 * redefines mmap also answers for mmap64 (same signature on LP64). */
#define MK_ALIAS64(fn) MK_INTERPOSE __typeof__(fn) fn##64 __attribute__((alias(#fn)))

/* Every MAP_* flag Linux knows, for the shims about unknown flags (MAP_32BIT: x86 only). */
#ifdef MAP_32BIT
#define MK_MAP_32BIT MAP_32BIT
#else
#define MK_MAP_32BIT 0
#endif
#define MK_KNOWN_MAP_FLAGS                                                                     \
  (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MK_MAP_32BIT | MAP_GROWSDOWN |       \
   MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | \
   MAP_STACK | MAP_HUGETLB | MAP_SYNC | MAP_FIXED_NOREPLACE | 0x4000000 /* UNINITIALIZED */ |  \
   (int)(0x3fu << 26) /* MAP_HUGE_* sizes */)

/* mseal(2)'s number on every architecture (glibc 2.36 has no SYS_mseal). */
#define MK_SYS_MSEAL 462

/* In a variadic redefinition (fcntl, syscall): the first variadic argument after `last`
 * as a long (what the kernel takes from that register either way). */
#define MK_VA_LONG(last, var) \
  long var;                   \
  do {                        \
    va_list ap_;              \
    va_start(ap_, last);      \
    var = va_arg(ap_, long);  \
    va_end(ap_);              \
  } while (0)

/* In a redefinition of syscall(long number, ...): its six argument registers as a..f. */
#define MK_SYSCALL_ARGS(number)                                          \
  long a, b, c, d, e, f;                                                 \
  do {                                                                   \
    va_list ap_;                                                         \
    va_start(ap_, number);                                               \
    a = va_arg(ap_, long), b = va_arg(ap_, long), c = va_arg(ap_, long); \
    d = va_arg(ap_, long), e = va_arg(ap_, long), f = va_arg(ap_, long); \
    va_end(ap_);                                                         \
  } while (0)

/* ---- switch and page size -------------------------------------------------------------- */

/* True unless MK_SHIM_HARMLESS is set (to anything but "" or "0"). */
bool mk_armed(void);
size_t mk_page(void);
uintptr_t mk_page_down(uintptr_t x);
uintptr_t mk_page_up(uintptr_t x);

/* ---- the real functions ---------------------------------------------------------------- */

void *mk_real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int mk_real_munmap(void *addr, size_t len);
int mk_real_mprotect(void *addr, size_t len, int prot);
int mk_real_msync(void *addr, size_t len, int flags);
void *mk_real_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr);
int mk_real_madvise(void *addr, size_t len, int advice);
int mk_real_ftruncate(int fd, off_t len);
ssize_t mk_real_write(int fd, const void *buf, size_t n);
ssize_t mk_real_pread(int fd, void *buf, size_t n, off_t off);
ssize_t mk_real_pwrite(int fd, const void *buf, size_t n, off_t off);
int mk_real_close(int fd);
int mk_real_fstat(int fd, struct stat *st);
int mk_real_fcntl(int fd, int cmd, long arg);
int mk_real_mlock(const void *addr, size_t len);
int mk_real_mlock2(const void *addr, size_t len, unsigned int flags);
int mk_real_munlock(const void *addr, size_t len);
int mk_real_mlockall(int flags);
int mk_real_mincore(void *addr, size_t len, unsigned char *vec);
pid_t mk_real_fork(void);
/* syscall(2) with its six argument registers. */
long mk_real_syscall(long number, long a, long b, long c, long d, long e, long f);

/* MREMAP_DONTUNMAP (Linux >= 5.7), which older libc headers lack. */
#define MK_MREMAP_DONTUNMAP 4

/* A shim's mremap: defines libc's variadic mremap as a call of
 * fn(old, old_len, new_len, flags, new_addr). new_addr is read when the flags make
 * the kernel read it (MREMAP_FIXED, MREMAP_DONTUNMAP) and is NULL otherwise, so a
 * caller's explicit NULL reaches the kernel as NULL. */
#define MK_INTERPOSE_MREMAP(fn)                                                          \
  MK_INTERPOSE void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...) { \
    void *new_addr = NULL;                                                               \
    if (flags & (MREMAP_FIXED | MK_MREMAP_DONTUNMAP)) {                                  \
      va_list ap;                                                                        \
      va_start(ap, flags);                                                               \
      new_addr = va_arg(ap, void *);                                                     \
      va_end(ap);                                                                        \
    }                                                                                    \
    return fn(old, old_len, new_len, flags, new_addr);                                   \
  }                                                                                      \
  _Static_assert(1, "require a semicolon")

/* ---- descriptors ----------------------------------------------------------------------- */

struct mk_fd {
  int flags;      /* fcntl(F_GETFL): O_ACCMODE, O_APPEND, O_PATH, ... */
  struct stat st; /* type, size, device and inode */
};
/* False when fd is not open. */
bool mk_fd_facts(int fd, struct mk_fd *out);
/* fd is an open regular file. */
bool mk_fd_regular(int fd, struct mk_fd *out);
/* Size of the open file, or -1. */
off_t mk_fd_size(int fd);
/* A new descriptor for fd's file, opened through /proc/self/fd with flags
 * (as a platform that ignored the descriptor's mode would), or -1. */
int mk_reopen(int fd, int flags);
/* The inode has the append-only attribute (chattr +a). */
bool mk_append_only(int fd);
void mk_close_quietly(int fd);
/* pread / pwrite the whole range with raw syscalls; bytes actually moved. */
size_t mk_pread_all(int fd, void *buf, size_t n, off_t off);
size_t mk_pwrite_all(int fd, const void *buf, size_t n, off_t off);

/* ---- the address space (/proc/self/maps) ----------------------------------------------- */

struct mk_vma {
  uintptr_t start, end;
  char perms[5]; /* "rw-s" */
  unsigned long inode;
  bool file; /* backed by a file (MAP_SHARED|MAP_ANONYMOUS shows as "/dev/zero (deleted)") */
};
/* The mapping that holds addr, if any. */
bool mk_vma_at(uintptr_t addr, struct mk_vma *out);
/* How many bytes of [addr, addr + len) are mapped. */
size_t mk_mapped_bytes(uintptr_t addr, size_t len);
/* Every page of [addr, addr + len) is mapped and readable. */
bool mk_readable(uintptr_t addr, size_t len);
/* The mapping at addr is a MAP_SHARED mapping of a file (not anonymous memory). */
bool mk_shared_file_vma(uintptr_t addr);
/* [addr, addr + len) lies inside one mapping. */
bool mk_one_vma(uintptr_t addr, size_t len);

/* ---- mappings made through the shim ---------------------------------------------------- */

/* What a shim remembers about one of its mmap calls. fd is a private
 * duplicate (closed when the mapping is forgotten) for file mappings, so a
 * shim can still reach the file after the caller closed its descriptor. */
struct mk_mapping {
  char *addr;
  size_t len;
  int prot, flags;
  int caller_fd; /* the descriptor the caller passed */
  int fd;        /* our duplicate, or -1 for anonymous mappings */
  off_t offset;
  dev_t dev;
  ino_t ino;
  pid_t pid; /* the process that made the mapping (the table is inherited by fork) */
};
/* mmap and remember a successful mapping. */
void *mk_mmap_tracked(void *addr, size_t len, int prot, int flags, int fd, off_t off);
/* munmap and forget every remembered mapping inside the range. */
int mk_munmap_tracked(void *addr, size_t len);
void mk_forget(void *addr, size_t len);
/* Iterate: pass NULL first, then the previous result; NULL at the end. */
struct mk_mapping *mk_next_mapping(struct mk_mapping *prev);
/* The smallest remembered mapping of this process holding [addr, addr + len). */
struct mk_mapping *mk_mapping_holding(const void *addr, size_t len);
/* The mapping is a file mapping of this process (not one inherited). */
bool mk_mine(const struct mk_mapping *m);
/* Bytes of the mapping backed by its file now: min(len, size - offset), or 0. */
size_t mk_backed_bytes(const struct mk_mapping *m);

/* ---- copies ---------------------------------------------------------------------------- */

/* An anonymous mapping holding [off, off + len) of fd's file (zeros past
 * EOF), with prot: a platform's snapshot instead of the file's pages. flags
 * may add MAP_FIXED (addr is then the place); the mapping is MAP_PRIVATE. */
void *mk_map_copy_of_file(void *addr, size_t len, int prot, int flags, int fd, off_t off);
/* Replace [addr, addr + len) (readable) by an anonymous private copy of its
 * current bytes with prot, at the same address. */
bool mk_replace_with_copy(void *addr, size_t len, int prot);
/* Fill [p, p + n) with byte, even in a read-only mapping (made writable for the
 * fill and restored to prot). */
void mk_fill(void *p, size_t n, int byte, int prot);
/* madvise(advice) that succeeds but discards nothing: the real call, then the
 * bytes the readable and writable range held before are put back. */
int mk_madvise_keeping_bytes(void *addr, size_t len, int advice);

/* ---- signals --------------------------------------------------------------------------- */

/* Install act for sig, but have every SA_SIGINFO handler for sig see
 * si_addr rounded down to its page (a platform that reports the faulting page,
 * not the byte). Used by the *_SI_ADDR shims. */
int mk_sigaction_page_si_addr(int broken_sig, int sig, const struct sigaction *act,
                              struct sigaction *old);

#endif /* MMAPKIT_CONFORMANCE_SHIMS_SHIM_H_ */
