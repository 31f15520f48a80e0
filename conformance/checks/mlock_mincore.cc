// Checks of mlock(), mlock2(), mlockall(), munlock(), munlockall(), RLIMIT_MEMLOCK and mincore().
// Whether a range is locked is read without /proc: msync(MS_INVALIDATE) fails with EBUSY
// exactly when a memory lock exists in the range (msync(2), POSIX msync()). Residency is
// read with mincore(). Anything that changes the process's limits, capabilities or
// mlockall() state runs in a forked child (ObserveInChild).
#include "conformance/checks/mlock_mincore.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "conformance/checks/check_util.h"
#include "conformance/posix/privileges.h"

namespace mk_conformance {

namespace {

#ifndef MAP_DROPPABLE
#define MAP_DROPPABLE 0x08
#endif

// The sanitizer runtimes (AddressSanitizer, ThreadSanitizer: compiler-rt's common
// interceptors) intercept mlock, munlock, mlockall and munlockall and make them no-ops that
// return 0 ("mlock/munlock are not supported"). Under them the checks call the next
// definition instead: libc's, or an LD_PRELOAD shim's (MK_UNDER_SANITIZER: check_util.h).

#ifdef MK_UNDER_SANITIZER
template <typename Fn>
Fn Next(const char *name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}
int Mlock(const void *p, size_t len) {
  static auto fn = Next<int (*)(const void *, size_t)>("mlock");
  return fn(p, len);
}
int Munlock(const void *p, size_t len) {
  static auto fn = Next<int (*)(const void *, size_t)>("munlock");
  return fn(p, len);
}
int Mlockall(int flags) {
  static auto fn = Next<int (*)(int)>("mlockall");
  return fn(flags);
}
int Munlockall() {
  static auto fn = Next<int (*)()>("munlockall");
  return fn();
}
#else
int Mlock(const void *p, size_t len) {
  return mlock(p, len);
}
int Munlock(const void *p, size_t len) {
  return munlock(p, len);
}
int Mlockall(int flags) {
  return mlockall(flags);
}
int Munlockall() {
  return munlockall();
}
#endif

// 1 when a memory lock exists somewhere in [p, p + len), 0 when none does, -errno when
// msync(MS_INVALIDATE) fails otherwise. The probe asks the kernel itself (the system
// call, not libc's msync), so a fault injected into msync for the msync rows is not
// taken for a lock that is or is not there.
int LockedState(const void *p, size_t len) {
  if (syscall(SYS_msync, p, len, MS_INVALIDATE) == 0) return 0;
  return errno == EBUSY ? 1 : -errno;
}

std::string LockedText(int state) {
  if (state == 1) return "locked (msync(MS_INVALIDATE) fails with EBUSY)";
  if (state == 0) return "not locked (msync(MS_INVALIDATE) succeeds)";
  return std::string("unknown (msync(MS_INVALIDATE) failed with ") + strerror(-state) + ")";
}

// The range must be in `want` lock state: Success or Violated naming what. A probe that
// cannot answer (msync refused, say by a seccomp filter) leaves the check unable to judge.
Observation ExpectLocked(const void *p, size_t len, bool want, const std::string &what) {
  int state = LockedState(p, len);
  if (state < 0) return SetupFailed("msync(MS_INVALIDATE), the lock probe, of " + what, -state);
  if (state == (want ? 1 : 0)) return Success(what + " is " + LockedText(state));
  return Violated(what + " is " + LockedText(state) + ", expected " +
                  (want ? "locked" : "not locked"));
}

// Residency of each page of [p, p + pages * page) as "1" / "0" characters, or "" when
// mincore() fails (errno set).
std::string Residency(const void *p, size_t pages, size_t page) {
  std::vector<unsigned char> vec(pages);
  if (mincore(const_cast<void *>(p), pages * page, vec.data()) != 0) return "";
  std::string out;
  for (unsigned char v : vec) out += (v & 1) ? '1' : '0';
  return out;
}

Observation ExpectResidency(const void *p, size_t pages, size_t page, const std::string &want,
                            const std::string &what) {
  std::string got = Residency(p, pages, page);
  if (got.empty()) MK_RETURN_ERRNO("mincore (" + what + ")");
  if (got == want) return Success(what + ": residency " + got);
  return Violated(what + ": mincore shows residency " + got + " (1 = resident), expected " + want);
}

// `pages` read-write private anonymous pages between two inaccessible guard pages, so the
// range is a VMA of its own (no merge with neighbours, no transparent huge page).
struct GuardedPages {
  Mapping reserved;
  char *p = nullptr;
};
GuardedPages MapGuarded(size_t pages, size_t page, int prot = PROT_READ | PROT_WRITE) {
  GuardedPages g;
  g.reserved = Reserve((pages + 2) * page);
  if (!g.reserved.valid()) return g;
  char *p = g.reserved.ptr() + page;
  Mapping m = Mmap(p, pages * page, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (!m.valid()) {
    g.reserved = Mapping();
    return g;
  }
  m.release();  // inside the reservation, which unmaps it
  g.p = p;
  return g;
}

// In a forked child: give up CAP_IPC_LOCK (root ignores RLIMIT_MEMLOCK with it) and set
// RLIMIT_MEMLOCK to limit bytes.
mk_posix::PosixError LimitMemlock(rlim_t limit) {
  mk_posix::PosixError dropped = mk_posix::DropCapability(CAP_IPC_LOCK);
  if (!dropped.ok()) return dropped;
  struct rlimit rl = {limit, limit};
  if (setrlimit(RLIMIT_MEMLOCK, &rl) != 0) return mk_posix::ErrnoError("setrlimit(RLIMIT_MEMLOCK)");
  return mk_posix::PosixError();
}

// mlock2 needs Linux 4.4. glibc's mlock2() hides the kernel's ENOSYS (flags 0 fall back to
// mlock, others fail with EINVAL), so the kernel is asked directly, as probes do.
bool KernelHasMlock2() {
  return syscall(SYS_mlock2, nullptr, 0, 0) == 0 || errno != ENOSYS;
}
Observation Mlock2Missing() {
  return SkippedBeforeKernel(Linux(4, 4), "the kernel has no mlock2 (ENOSYS): Linux < 4.4");
}

// VmLck of /proc/self/status in kB, or -1 when it cannot be read.
long VmLckKb() {
  FILE *f = fopen("/proc/self/status", "re");
  if (f == nullptr) return -1;
  char line[256];
  long kb = -1;
  while (fgets(line, sizeof line, f) != nullptr) {
    if (sscanf(line, "VmLck: %ld kB", &kb) == 1) break;
  }
  fclose(f);
  return kb;
}

// How many lines of /proc/self/maps overlap [p, p + len), or -1 without /proc.
int VmasIn(const char *p, size_t len) {
  FILE *f = fopen("/proc/self/maps", "re");
  if (f == nullptr) return -1;
  char line[512];
  int n = 0;
  const uintptr_t lo = reinterpret_cast<uintptr_t>(p), hi = lo + len;
  while (fgets(line, sizeof line, f) != nullptr) {
    unsigned long start, end;
    if (sscanf(line, "%lx-%lx", &start, &end) == 2 && start < hi && end > lo) n++;
  }
  fclose(f);
  return n;
}

// The three calls that lock the current range, for the RLIMIT_MEMLOCK rows: mlock's
// result is the observation; mlock2 and Mlockall(MCL_CURRENT) must fail with the same errno.
Observation LockAllThreeWays(char *p, size_t len) {
  errno = 0;
  if (Mlock(p, len) == 0) {
    return Success("mlock of " + std::to_string(len) + " bytes succeeded despite the limit");
  }
  const int err = errno;
  const std::string what = "mlock of " + std::to_string(len) + " bytes";
  if (mlock2(p, len, 0) == 0) return Violated(what + " failed, but mlock2 succeeded");
  if (errno != err && errno != ENOSYS) {
    return Violated(what + " failed with " + strerror(err) + ", mlock2 with " + strerror(errno));
  }
  if (Mlockall(MCL_CURRENT) == 0) {
    Munlockall();
    return Violated(what + " failed, but mlockall(MCL_CURRENT) succeeded");
  }
  if (errno != err) {
    return Violated(what + " failed with " + strerror(err) + ", mlockall(MCL_CURRENT) with " +
                    strerror(errno));
  }
  return FailedWithErrno(err, what + ", mlock2 and mlockall(MCL_CURRENT) under RLIMIT_MEMLOCK " +
                                  "without CAP_IPC_LOCK");
}

Observation LockBeyondLimit(const CheckEnv &env, rlim_t limit) {
  return ObserveInChild(
      [&]() -> Observation {
        GuardedPages g = MapGuarded(2, env.page);
        MK_REQUIRE(g.p != nullptr, "mmap");
        mk_posix::PosixError limited = LimitMemlock(limit);
        if (!limited.ok()) return SetupFailed(limited.call(), limited.errno_value());
        return LockAllThreeWays(g.p, 2 * env.page);
      },
      "the locking child");
}

}  // namespace

Observation CheckMlockLocksRange(const CheckEnv &env) {
  GuardedPages g = MapGuarded(2, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  if (Mlock(g.p, 2 * env.page) != 0) MK_RETURN_ERRNO("mlock of 2 untouched pages");
  MK_STEP(ExpectLocked(g.p, 2 * env.page, true, "the range after mlock"), "mlock locked nothing");
  MK_STEP(ExpectResidency(g.p, 2, env.page, "11", "after mlock"),
          "mlock did not make the pages resident");
  return Success("mlock returned 0; both pages are locked and resident");
}

Observation CheckMlockProtNone(const CheckEnv &env) {
  return ObserveInChild(
      [&]() -> Observation {
        GuardedPages g = MapGuarded(1, env.page, PROT_NONE);
        MK_REQUIRE(g.p != nullptr, "mmap(PROT_NONE)");
        if (Mlock(g.p, env.page) == 0) return Success("mlock of a PROT_NONE page succeeded");
        const int err = errno;
        MK_STEP(ExpectLocked(g.p, env.page, true, "the PROT_NONE page after the failed mlock"),
                "the failed mlock must still mark the mapping locked (mm/mlock.c)");
        return FailedWithErrno(err, "mlock of a PROT_NONE page (the mapping is locked anyway)");
      },
      "the locking child");
}

Observation CheckMlockSharedWriteOnly(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(2 * env.page, 3));
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open(O_RDWR)");
  MK_MAP(m, "mmap(PROT_WRITE, MAP_SHARED)", nullptr, 2 * env.page, PROT_WRITE, MAP_SHARED, fd.get(),
         0);
  if (Mlock(m.addr(), 2 * env.page) != 0) MK_RETURN_ERRNO("mlock of a PROT_WRITE-only mapping");
  MK_STEP(ExpectLocked(m.addr(), 2 * env.page, true, "the write-only mapping after mlock"),
          "mlock locked nothing");
  return Success("mlock of a PROT_WRITE-only MAP_SHARED file mapping returned 0 and locked it");
}

Observation CheckMlockNotInherited(const CheckEnv &env) {
  return ObserveInChild(
      [&]() -> Observation {
        GuardedPages g = MapGuarded(2, env.page);
        MK_REQUIRE(g.p != nullptr, "mmap");
        MK_REQUIRE(Mlock(g.p, 2 * env.page) == 0, "mlock");
        MK_STEP(ExpectLocked(g.p, 2 * env.page, true, "the range in the parent"),
                "mlock locked nothing");
        Observation child = CallInChild(
            [&] {
              int state = LockedState(g.p, 2 * env.page);
              return state == 0 ? 0 : state == 1 ? EBUSY : -state;
            },
            "msync(MS_INVALIDATE) of the range in a fork child");
        if (child.kind == Observation::Kind::kSuccess) {
          return Success("the fork child's copy of the mlocked range is not locked");
        }
        if (child.kind == Observation::Kind::kErrno && child.err == EBUSY) {
          return Violated(
              "the fork child's copy of the mlocked range is still locked "
              "(msync(MS_INVALIDATE) failed with EBUSY there)");
        }
        return StepFailed("the lock probe in the fork child", child);
      },
      "the locking child");
}

Observation CheckMlockRlimitZero(const CheckEnv &env) {
  return LockBeyondLimit(env, 0);
}

Observation CheckMlockRlimitExceeded(const CheckEnv &env) {
  return LockBeyondLimit(env, env.page);
}

Observation CheckMlockHole(const CheckEnv &env) {
  GuardedPages g = MapGuarded(3, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  MK_REQUIRE(munmap(g.p + env.page, env.page) == 0, "munmap (make a hole)");
  if (Mlock(g.p, 3 * env.page) == 0) {
    return Success("mlock over a range with an unmapped page succeeded");
  }
  const int err = errno;
  if (Munlock(g.p, 3 * env.page) == 0) {
    return Violated(std::string("mlock over the hole failed with ") + strerror(err) +
                    ", but munlock over it succeeded");
  }
  if (errno != err) {
    return Violated(std::string("mlock over the hole failed with ") + strerror(err) +
                    ", munlock with " + strerror(errno));
  }
  return FailedWithErrno(err, "mlock and munlock of 3 pages whose middle page is unmapped");
}

Observation CheckMlockUnaligned(const CheckEnv &env) {
  GuardedPages g = MapGuarded(2, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  // One byte into page 0, ending one byte into page 1: both pages are touched.
  char *start = g.p + 1;
  if (Mlock(start, env.page) != 0) MK_RETURN_ERRNO("mlock(addr + 1, page)");
  MK_STEP(ExpectLocked(g.p + env.page, env.page, true, "page 1 after mlock(addr + 1, page)"),
          "the lock did not extend to the page holding the range's last byte");
  if (Munlock(start, env.page) != 0) MK_RETURN_ERRNO("munlock(addr + 1, page)");
  MK_STEP(ExpectLocked(g.p, 2 * env.page, false, "both pages after munlock(addr + 1, page)"),
          "the unaligned munlock left a lock");
  return Success("mlock and munlock at addr + 1 succeeded and covered both pages");
}

Observation CheckMunlockUnlocks(const CheckEnv &env) {
  GuardedPages g = MapGuarded(2, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  if (Munlock(g.p, 2 * env.page) != 0) MK_RETURN_ERRNO("munlock of a range never locked");
  MK_REQUIRE(Mlock(g.p, 2 * env.page) == 0, "mlock");
  MK_STEP(ExpectLocked(g.p, 2 * env.page, true, "the range after mlock"), "mlock locked nothing");
  if (Munlock(g.p, 2 * env.page) != 0) MK_RETURN_ERRNO("munlock of the locked range");
  MK_STEP(ExpectLocked(g.p, 2 * env.page, false, "the range after munlock"),
          "munlock left the range locked");
  return Success("munlock of an unlocked range returned 0; munlock unlocked a locked range");
}

Observation CheckMlockallFuture(const CheckEnv &env) {
  return ObserveInChild(
      [&]() -> Observation {
        const size_t len = 2 * env.page;
        if (Mlockall(MCL_FUTURE) != 0) MK_RETURN_ERRNO("mlockall(MCL_FUTURE)");
        char *later = static_cast<char *>(
            mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
        if (later == MAP_FAILED) MK_RETURN_ERRNO("mmap after mlockall(MCL_FUTURE)");
        int state = LockedState(later, len);
        std::string resident = Residency(later, 2, env.page);
        if (Munlockall() != 0) MK_RETURN_ERRNO("munlockall");
        if (state < 0) return SetupFailed("msync(MS_INVALIDATE), the lock probe", -state);
        if (state != 1) {
          return Violated("a mapping made after mlockall(MCL_FUTURE) is " + LockedText(state));
        }
        if (resident != "11") {
          return Violated(
              "a mapping made after mlockall(MCL_FUTURE) was not faulted in: "
              "residency '" +
              resident + "'");
        }
        MK_STEP(ExpectLocked(later, len, false, "that mapping after munlockall"),
                "munlockall left a lock");
        char *after = static_cast<char *>(
            mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
        MK_REQUIRE(after != MAP_FAILED, "mmap after munlockall");
        MK_STEP(ExpectLocked(after, len, false, "a mapping made after munlockall"),
                "munlockall did not cancel MCL_FUTURE");
        return Success(
            "mlockall(MCL_FUTURE) locked and faulted in a later mapping; munlockall "
            "unlocked it and cancelled MCL_FUTURE");
      },
      "the mlockall child");
}

Observation CheckMlockallBadFlags(const CheckEnv &) {
  return ObserveInChild(
      []() -> Observation {
        struct Case {
          int flags;
          const char *name;
        };
        const Case cases[] = {{0, "0"},
                              {MCL_ONFAULT, "MCL_ONFAULT alone"},
                              {MCL_CURRENT | 0x100, "MCL_CURRENT|0x100 (an unknown bit)"}};
        int first_err = 0;
        for (const Case &c : cases) {
          errno = 0;
          if (Mlockall(c.flags) == 0) {
            Munlockall();
            return Success(std::string("mlockall(") + c.name + ") succeeded");
          }
          if (first_err == 0) {
            first_err = errno;
          } else if (errno != first_err) {
            return Violated(std::string("mlockall(0) failed with ") + strerror(first_err) +
                            ", mlockall(" + c.name + ") with " + strerror(errno));
          }
        }
        return FailedWithErrno(first_err,
                               "mlockall(0), mlockall(MCL_ONFAULT) and "
                               "mlockall(MCL_CURRENT|0x100)");
      },
      "the mlockall child");
}

Observation CheckMlock2NoFlags(const CheckEnv &env) {
  GuardedPages g = MapGuarded(2, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  if (!KernelHasMlock2()) return Mlock2Missing();
  if (mlock2(g.p, 2 * env.page, 0) != 0) MK_RETURN_ERRNO("mlock2(flags 0)");
  MK_STEP(ExpectLocked(g.p, 2 * env.page, true, "the range after mlock2(0)"),
          "mlock2 locked nothing");
  MK_STEP(ExpectResidency(g.p, 2, env.page, "11", "after mlock2(0)"),
          "mlock2(0) did not fault the pages in, as mlock does");
  return Success("mlock2(flags 0) locked both pages and made them resident");
}

Observation CheckMlock2Onfault(const CheckEnv &env) {
  GuardedPages g = MapGuarded(3, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  if (!KernelHasMlock2()) return Mlock2Missing();
  g.p[0] = 1;  // present before the lock: must stay resident
  if (mlock2(g.p, 3 * env.page, MLOCK_ONFAULT) != 0) MK_RETURN_ERRNO("mlock2(MLOCK_ONFAULT)");
  MK_STEP(ExpectLocked(g.p, 3 * env.page, true, "the range after mlock2(MLOCK_ONFAULT)"),
          "mlock2(MLOCK_ONFAULT) locked nothing");
  MK_STEP(ExpectResidency(g.p, 3, env.page, "100", "after mlock2(MLOCK_ONFAULT)"),
          "MLOCK_ONFAULT must not fault pages in, and must keep the present one");
  g.p[2 * env.page] = 1;
  MK_STEP(ExpectResidency(g.p, 3, env.page, "101", "after a store to page 2"),
          "the faulted page is not resident");
  return Success("mlock2(MLOCK_ONFAULT) locked the range, kept page 0 and faulted in nothing");
}

Observation CheckMlock2UnknownFlags(const CheckEnv &env) {
  GuardedPages g = MapGuarded(1, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  if (!KernelHasMlock2()) return Mlock2Missing();
  if (mlock2(g.p, env.page, 0x10) == 0) return Success("mlock2(flags 0x10) succeeded");
  MK_RETURN_ERRNO("mlock2(flags 0x10, an unknown bit)");
}

Observation CheckMlockOnfaultCountedOnce(const CheckEnv &env) {
  return ObserveInChild(
      [&]() -> Observation {
        const size_t pages = 4, len = pages * env.page;
        GuardedPages g = MapGuarded(pages, env.page);
        MK_REQUIRE(g.p != nullptr, "mmap");
        long before = VmLckKb();
        if (before < 0) return Skipped("needs VmLck in /proc/self/status (no /proc here)");
        if (!KernelHasMlock2()) return Mlock2Missing();
        MK_REQUIRE(mlock2(g.p, len, MLOCK_ONFAULT) == 0, "mlock2(MLOCK_ONFAULT)");
        MK_REQUIRE(Mlock(g.p, len) == 0, "mlock after mlock2(MLOCK_ONFAULT)");
        long after = VmLckKb();
        const long want = static_cast<long>(len / 1024);
        if (after - before != want) {
          return Violated("VmLck grew by " + std::to_string(after - before) + " kB, expected " +
                          std::to_string(want) + " kB (the " + std::to_string(pages) +
                          " pages counted once)");
        }
        return Success("VmLck grew by " + std::to_string(want) + " kB: the range counted once");
      },
      "the locking child");
}

Observation CheckMunlockSplitsVma(const CheckEnv &env) {
  GuardedPages g = MapGuarded(3, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  const size_t len = 3 * env.page;
  if (VmasIn(g.p, len) < 0) return Skipped("needs /proc/self/maps (no /proc here)");
  MK_REQUIRE(Mlock(g.p, len) == 0, "mlock");
  int locked = VmasIn(g.p, len);
  if (Munlock(g.p + env.page, env.page) != 0) MK_RETURN_ERRNO("munlock of the middle page");
  int split = VmasIn(g.p, len);
  if (Munlock(g.p, len) != 0) MK_RETURN_ERRNO("munlock of all three pages");
  int merged = VmasIn(g.p, len);
  std::string seen = "mappings over the range: " + std::to_string(locked) + " locked, " +
                     std::to_string(split) + " after munlock of the middle page, " +
                     std::to_string(merged) + " after munlock of all";
  if (locked != 1 || split != 3 || merged != 1) return Violated(seen + "; expected 1, 3, 1");
  return Success(seen);
}

Observation CheckMlockDroppable(const CheckEnv &env) {
  if (sizeof(void *) < 8) return Skipped("MAP_DROPPABLE exists for 64-bit processes only");
  return ObserveInChild(
      [&]() -> Observation {
        const size_t len = 2 * env.page;
        void *d = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_DROPPABLE | MAP_ANONYMOUS, -1, 0);
        if (d == MAP_FAILED && errno == EINVAL) {
          return SkippedBeforeKernel(Linux(6, 11),
                                     "mmap(MAP_DROPPABLE) fails with EINVAL: Linux < 6.11");
        }
        MK_REQUIRE(d != MAP_FAILED, "mmap(MAP_DROPPABLE)");
        if (Mlock(d, len) != 0) MK_RETURN_ERRNO("mlock of a MAP_DROPPABLE mapping");
        MK_STEP(ExpectLocked(d, len, false, "the MAP_DROPPABLE mapping after mlock"),
                "droppable memory must never be locked");
        if (Mlockall(MCL_FUTURE) != 0) MK_RETURN_ERRNO("mlockall(MCL_FUTURE)");
        void *later =
            mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_DROPPABLE | MAP_ANONYMOUS, -1, 0);
        int state = later == MAP_FAILED ? -errno : LockedState(later, len);
        Munlockall();
        if (later == MAP_FAILED) {
          return Violated(std::string("mmap(MAP_DROPPABLE) after mlockall(MCL_FUTURE) failed: ") +
                          strerror(-state));
        }
        if (state < 0) return SetupFailed("msync(MS_INVALIDATE), the lock probe", -state);
        if (state != 0) {
          return Violated("a MAP_DROPPABLE mapping made under mlockall(MCL_FUTURE) is " +
                          LockedText(state));
        }
        return Success("mlock and mlockall(MCL_FUTURE) left MAP_DROPPABLE memory unlocked");
      },
      "the locking child");
}

Observation CheckMincoreAnonResidency(const CheckEnv &env) {
  GuardedPages g = MapGuarded(3, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  g.p[0] = 1;
  g.p[2 * env.page] = 1;
  return ExpectResidency(g.p, 3, env.page, "101", "pages 0 and 2 stored to, page 1 untouched");
}

Observation CheckMincoreUnaligned(const CheckEnv &env) {
  GuardedPages g = MapGuarded(2, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  unsigned char vec[2];
  return ObserveCall([&] { return mincore(g.p + 1, env.page, vec); }, "mincore(addr + 1)");
}

Observation CheckMincoreLengthRounded(const CheckEnv &env) {
  GuardedPages g = MapGuarded(3, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  for (size_t i = 0; i < 3; i++) g.p[i * env.page] = 1;
  unsigned char vec[3] = {0xee, 0xee, 0xee};
  if (mincore(g.p, env.page + 1, vec) != 0) MK_RETURN_ERRNO("mincore(len = page + 1)");
  std::string seen = "vector after mincore(len = page + 1) of 3 resident pages: " + Hex(vec[0]) +
                     " " + Hex(vec[1]) + " " + Hex(vec[2]);
  if ((vec[0] & 1) && (vec[1] & 1) && vec[2] == 0xee) return Success(seen);
  return Violated(seen +
                  "; expected the first two entries resident (bit 0 set) and the third "
                  "left as 0xee (the length rounds up to 2 pages, no further)");
}

Observation CheckMincoreLengthZero(const CheckEnv &env) {
  GuardedPages g = MapGuarded(1, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  return ObserveCall([&] { return mincore(g.p, 0, nullptr); }, "mincore(len 0, vec NULL)");
}

Observation CheckMincoreHugeLength(const CheckEnv &env) {
  GuardedPages g = MapGuarded(1, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  unsigned char vec[1];
  return ObserveCall([&] { return mincore(g.p, SIZE_MAX, vec); }, "mincore(len SIZE_MAX)");
}

Observation CheckMincoreBadVector(const CheckEnv &env) {
  GuardedPages g = MapGuarded(1, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  Mapping bad = Reserve(env.page);  // PROT_NONE: the kernel cannot write the vector there
  MK_REQUIRE(bad.valid(), "mmap (PROT_NONE vector)");
  return ObserveCall(
      [&] { return mincore(g.p, env.page, reinterpret_cast<unsigned char *>(bad.ptr())); },
      "mincore(vec in a PROT_NONE page)");
}

Observation CheckMincoreUnmapped(const CheckEnv &env) {
  GuardedPages g = MapGuarded(3, env.page);
  MK_REQUIRE(g.p != nullptr, "mmap");
  MK_REQUIRE(munmap(g.p + env.page, env.page) == 0, "munmap (make a hole)");
  unsigned char vec[3];
  return ObserveCall([&] { return mincore(g.p, 3 * env.page, vec); },
                     "mincore of 3 pages whose middle page is unmapped");
}

Observation CheckMincoreFilePages(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(2 * env.page, 5));
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open(O_RDWR)");
  // Drop the clean pages from the page cache where the file system can (tmpfs keeps them).
  MK_REQUIRE(fsync(fd.get()) == 0, "fsync");
  posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED);
  MK_MAP(m, "mmap(MAP_SHARED)", nullptr, 2 * env.page, PROT_READ, MAP_SHARED, fd.get(), 0);
  std::string before = Residency(m.addr(), 2, env.page);
  MK_STEP(LoadInChild(m.ptr(), "load from page 0 in a fork child"),
          "the other process could not read page 0");
  if (Mlock(m.ptr() + env.page, env.page) != 0) MK_RETURN_ERRNO("mlock of page 1");
  MK_STEP(ExpectResidency(m.addr(), 2, env.page, "11",
                          "page 0 faulted by another process, page 1 mlocked (residency before: " +
                              before + ")"),
          "mincore must report file pages in the page cache, whoever faulted them");
  return Success("page 0 (faulted by a fork child) and page 1 (mlocked) are resident; before: " +
                 before);
}

}  // namespace mk_conformance
