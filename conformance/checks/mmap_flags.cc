// Checks of mmap()'s behaviour flags: MAP_POPULATE pre-faults (and copies a
// private mapping at once), MAP_LOCKED locks within RLIMIT_MEMLOCK, and a
// MAP_GROWSDOWN mapping grows into free space below it but not into the
// guard gap of another mapping.
#include "conformance/checks/mmap_flags.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <vector>

#include "conformance/catalog/kernel_version.h"
#include "conformance/checks/check_util.h"
#include "conformance/posix/privileges.h"

namespace mk_conformance {

namespace {

// Exit status of a RLIMIT_MEMLOCK child whose own setup failed (errno values
// stay below it).
constexpr int kLimitSetupFailed = 250;

// Which pages of [p, p + len) are resident, asked of the kernel directly so
// that no shim of mincore() decides this family's rows. "" on failure.
std::string Residency(const void *p, size_t len, size_t page) {
  std::vector<unsigned char> vec((len + page - 1) / page);
  if (syscall(SYS_mincore, p, len, vec.data()) != 0) return "";
  std::string map;
  for (unsigned char v : vec) map += (v & 1) ? 'R' : '-';
  return map;
}

// In the child: give up CAP_IPC_LOCK (as root RLIMIT_MEMLOCK is not enforced)
// and lower the soft RLIMIT_MEMLOCK to `bytes`.
bool LimitLockedMemory(rlim_t bytes) {
  if (!mk_posix::DropCapability(CAP_IPC_LOCK).ok()) return false;
  struct rlimit limit;
  if (getrlimit(RLIMIT_MEMLOCK, &limit) != 0 || limit.rlim_max < bytes) return false;
  limit.rlim_cur = bytes;
  return setrlimit(RLIMIT_MEMLOCK, &limit) == 0;
}

// Run call (0 or an errno value; it must not allocate) in a child without
// CAP_IPC_LOCK whose RLIMIT_MEMLOCK is `bytes`.
Observation UnderLockLimit(rlim_t bytes, const std::function<int()> &call,
                           const std::string &what) {
  Observation seen =
      CallInChild([&] { return LimitLockedMemory(bytes) ? call() : kLimitSetupFailed; }, what);
  if (seen.kind == Observation::Kind::kErrno && seen.err == kLimitSetupFailed) {
    return SetupFailed("dropping CAP_IPC_LOCK and lowering RLIMIT_MEMLOCK in the child", 0);
  }
  return seen;
}

int MmapErrno(size_t len, int flags) {
  void *p = mmap(nullptr, len, PROT_READ | PROT_WRITE, flags | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? errno : 0;
}

// Pages the MAP_GROWSDOWN checks leave free below the mapping: more than the
// kernel's default stack_guard_gap (256 pages), which growth must keep from
// the next mapping below.
constexpr size_t kFreeBelow = 300;

// A two-page MAP_GROWSDOWN mapping at the top of kFreeBelow + 2 pages of
// address space that this process just reserved and freed. The caller
// unmaps [*base, *base + (kFreeBelow + 2) pages) when done.
char *GrowsDownAtTop(size_t page, char **base) {
  size_t span = (kFreeBelow + 2) * page;
  Mapping reserved = Reserve(span);
  if (!reserved.valid()) return nullptr;
  char *low = reserved.ptr();
  char *top = low + kFreeBelow * page;
  if (munmap(low, kFreeBelow * page) != 0) return nullptr;  // free space, not a PROT_NONE neighbour
  reserved = Mapping(top, 2 * page);
  void *p = mmap(top, 2 * page, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  reserved.release();
  *base = low;
  return top;
}

}  // namespace

Observation CheckPopulatePastEof(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(100, 21));
  ScopedFd fd = file.Open(O_RDONLY);
  MK_REQUIRE(fd.valid(), "open");
  MK_MAP(m, "mmap(PROT_READ, MAP_SHARED|MAP_POPULATE) of 4 pages of a 100-byte file", nullptr,
         4 * env.page, PROT_READ, MAP_SHARED | MAP_POPULATE, fd.get(), 0);
  MK_STEP(CompareBytes(m.vptr(), Pattern(100, 21), "the file's bytes"), "wrong contents");
  MK_STEP(CompareFile(fd.get(), Pattern(100, 21), "the file after mmap(MAP_POPULATE)"),
          "populating the pages past EOF changed the file");
  return Success(
      "mmap(MAP_POPULATE) of 4 pages of a 100-byte file succeeded; the file is "
      "unchanged");
}

Observation CheckPopulatePrefaults(const CheckEnv &env) {
  const size_t len = 4 * env.page;
  Mapping plain = Mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  MK_REQUIRE(plain.valid(), "mmap without MAP_POPULATE");
  std::string before = Residency(plain.addr(), len, env.page);
  MK_REQUIRE(!before.empty(), "mincore");
  if (before != "----") {
    return Skipped("mincore() shows untouched anonymous pages as resident (" + before +
                   "), so it cannot tell whether MAP_POPULATE faulted them in");
  }
  MK_MAP(m, "mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE)", nullptr, len, PROT_READ | PROT_WRITE,
         MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  std::string after = Residency(m.addr(), len, env.page);
  MK_REQUIRE(!after.empty(), "mincore");
  if (after != "RRRR") {
    return Violated("right after mmap(MAP_POPULATE) mincore() shows the 4 pages as " + after +
                    " (R = resident), expected all resident");
  }
  return Success("all 4 pages resident before any access (without MAP_POPULATE: " + before + ")");
}

Observation CheckPopulatePrivateCopies(const CheckEnv &env) {
  std::string content = Pattern(env.page, 22);
  TempFile file = NewFile(env, content);
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  Mapping shared = Mmap(nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  MK_REQUIRE(shared.valid(), "mmap(MAP_SHARED)");
  MK_MAP(priv, "mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_POPULATE)", nullptr, env.page,
         PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE, fd.get(), 0);
  shared.ptr()[30] = static_cast<char>(content[30] ^ 0x5a);
  MK_STEP(CompareBytes(priv.vptr(), content, "the MAP_PRIVATE|MAP_POPULATE mapping"),
          "a store through a MAP_SHARED mapping made after mmap(MAP_PRIVATE|MAP_POPULATE, "
          "PROT_WRITE) shows in the private mapping: populating did not copy the page");
  return Success("the populated private mapping keeps the file's old bytes");
}

Observation CheckLockedLocks(const CheckEnv &env) {
  Mapping m = Mmap(nullptr, env.page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
  if (!m.valid()) {
    int err = errno;
    struct rlimit limit;
    if ((err == EPERM || err == EAGAIN) && getrlimit(RLIMIT_MEMLOCK, &limit) == 0 &&
        limit.rlim_cur < env.page) {
      return Skipped("RLIMIT_MEMLOCK (" + std::to_string(limit.rlim_cur) +
                     " bytes) is below one page and this process lacks CAP_IPC_LOCK");
    }
    return FailedWithErrno(err, "mmap(MAP_LOCKED) of 1 page");
  }
  std::string resident = Residency(m.addr(), env.page, env.page);
  if (resident != "R") {
    return Violated("mincore() shows the MAP_LOCKED page as " +
                    (resident.empty() ? std::string("(mincore failed)") : resident) +
                    ", expected resident");
  }
  // msync(MS_INVALIDATE) refuses locked pages: the kernel's own word that the range is locked.
  if (syscall(SYS_msync, m.addr(), env.page, MS_INVALIDATE) != -1 || errno != EBUSY) {
    return Violated(
        "msync(MS_INVALIDATE) of the MAP_LOCKED page did not fail with EBUSY: the "
        "range is not locked");
  }
  return Success("resident at once, and msync(MS_INVALIDATE) fails with EBUSY (locked)");
}

Observation CheckLockedLimitZero(const CheckEnv &env) {
  const size_t page = env.page;
  return UnderLockLimit(
      0, [page] { return MmapErrno(page, MAP_LOCKED); },
      "mmap(MAP_LOCKED) of 1 page with RLIMIT_MEMLOCK 0, without CAP_IPC_LOCK");
}

Observation CheckLockedLimitExceeded(const CheckEnv &env) {
  const size_t page = env.page;
  Observation seen = UnderLockLimit(
      page,
      [page] {
        // One page fits (so the limit, not the flag, refuses the next call).
        int fits = MmapErrno(page, MAP_LOCKED);
        if (fits != 0) return kLimitSetupFailed - 1;
        return MmapErrno(4 * page, MAP_LOCKED);
      },
      "mmap(MAP_LOCKED) of 4 pages with RLIMIT_MEMLOCK 1 page (1 page locked), without "
      "CAP_IPC_LOCK");
  if (seen.kind == Observation::Kind::kErrno && seen.err == kLimitSetupFailed - 1) {
    return Violated(
        "mmap(MAP_LOCKED) of 1 page failed under a 1-page RLIMIT_MEMLOCK: the limit "
        "cannot be what refuses the 4-page mapping");
  }
  return seen;
}

// mmap() of 4 pages in a child without CAP_IPC_LOCK whose RLIMIT_MEMLOCK is 2
// pages, after mlockall(flags).
Observation MapAfterMlockall(size_t page, int flags, const std::string &what) {
  Observation seen = UnderLockLimit(
      2 * page,
      [page, flags] {
        // Raw syscall: ASan's mlockall() interceptor does nothing.
        if (syscall(SYS_mlockall, flags) != 0)
          return errno == EINVAL ? kLimitSetupFailed - 3 : kLimitSetupFailed - 2;
        return MmapErrno(4 * page, 0);
      },
      "mmap() of 4 pages after mlockall(" + what +
          ") with RLIMIT_MEMLOCK 2 pages, without "
          "CAP_IPC_LOCK");
  if (seen.kind == Observation::Kind::kErrno && seen.err == kLimitSetupFailed - 2) {
    return SetupFailed("mlockall(" + what + ") in the child", 0);
  }
  return seen;
}

Observation CheckMlockallFutureLimit(const CheckEnv &env) {
  Observation future = MapAfterMlockall(env.page, MCL_FUTURE, "MCL_FUTURE");
  if (future.kind != Observation::Kind::kErrno || future.err != EAGAIN) return future;
  // MCL_ONFAULT (Linux 4.4) locks pages only when they fault in, but a new
  // mapping is still charged against the limit at once.
  Observation onfault =
      MapAfterMlockall(env.page, MCL_FUTURE | MCL_ONFAULT, "MCL_FUTURE|MCL_ONFAULT");
  if (onfault.kind == Observation::Kind::kErrno && onfault.err == kLimitSetupFailed - 3) {
    struct utsname u;
    if (uname(&u) == 0 && !(ParseKernelRelease(u.release) < Linux(4, 4))) {
      return Violated(
          "mlockall(MCL_FUTURE|MCL_ONFAULT) fails with EINVAL on a kernel that "
          "reports Linux " +
          std::string(u.release) + " (MCL_ONFAULT: Linux 4.4)");
    }
    future.detail += "; MCL_ONFAULT not checked: the kernel predates it (Linux 4.4)";
    return future;
  }
  if (onfault.kind != Observation::Kind::kErrno || onfault.err != EAGAIN) {
    onfault.detail = "with MCL_ONFAULT: " + onfault.detail;
    return onfault;
  }
  future.detail += "; the same with MCL_FUTURE|MCL_ONFAULT";
  return future;
}

Observation CheckGrowsDownGrows(const CheckEnv &env) {
  char *base = nullptr;
  char *top = GrowsDownAtTop(env.page, &base);
  MK_REQUIRE(top != nullptr, "mmap(MAP_GROWSDOWN|MAP_FIXED) below free address space");
  Mapping whole(base, (kFreeBelow + 2) * env.page);
  volatile char *below = top - 1;
  Observation grown = AccessInChild(
      [below] {
        *below = 'g';
        if (*below != 'g') _exit(1);
      },
      "store to the byte just below the MAP_GROWSDOWN mapping (free space below)");
  if (grown.kind != Observation::Kind::kSuccess) {
    return Violated("a store just below a MAP_GROWSDOWN mapping with " +
                    std::to_string(kFreeBelow) + " free pages below: " + Describe(grown) + " (" +
                    grown.detail + "), expected the mapping to grow");
  }
  return Success("the mapping grew down to hold the store at " + Hex((const void *)below));
}

Observation CheckGrowsDownGuardGap(const CheckEnv &env) {
  char *base = nullptr;
  char *top = GrowsDownAtTop(env.page, &base);
  MK_REQUIRE(top != nullptr, "mmap(MAP_GROWSDOWN|MAP_FIXED) below free address space");
  Mapping whole(base, (kFreeBelow + 2) * env.page);
  // A readable mapping one free page below: growing by that page would leave
  // no guard gap between the two.
  void *blocker =
      mmap(top - 2 * env.page, env.page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  MK_REQUIRE(blocker != MAP_FAILED, "mmap(MAP_FIXED) of a mapping 2 pages below");
  return StoreInChild(top - 1, 'g',
                      "store just below a MAP_GROWSDOWN mapping with another "
                      "mapping 1 free page below it");
}

Observation CheckGrowsDownShared(const CheckEnv &env) {
  return ObserveMmap(
      [&] {
        return mmap(nullptr, env.page, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
      },
      env.page, "mmap(MAP_SHARED|MAP_ANONYMOUS|MAP_GROWSDOWN)");
}

}  // namespace mk_conformance
