// Checks of madvise(): what MADV_DONTNEED discards and keeps, argument
// validation, advice refused for a kind of mapping, the fork() advice
// (DONTFORK, WIPEONFORK, KEEPONFORK) and the newer advice behind a kernel
// version (MADV_COLD/PAGEOUT 5.4, POPULATE_* 5.14, DONTNEED_LOCKED 5.18,
// GUARD_* 6.13). The call under test goes through libc's madvise, so shims can
// break it; setup steps (the hole, the lock, the residency probe) use raw
// system calls, so another family's shim never reaches these rows.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "conformance/checks/check_util.h"
#include "conformance/checks/madvise.h"

// The kernel's advice numbers (include/uapi/asm-generic/mman-common.h) for C
// libraries whose headers predate them.
#ifndef MADV_FREE
#define MADV_FREE 8
#endif
#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18
#endif
#ifndef MADV_KEEPONFORK
#define MADV_KEEPONFORK 19
#endif
#ifndef MADV_COLD
#define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MADV_DONTNEED_LOCKED
#define MADV_DONTNEED_LOCKED 24
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif
#ifndef MADV_GUARD_REMOVE
#define MADV_GUARD_REMOVE 103
#endif

namespace mk_conformance {

namespace {

// An advice value and the first Linux version that knows it (madvise(2)).
struct Advice {
  int value;
  const char *name;
  KernelVersion since;
};

constexpr Advice kFree = {MADV_FREE, "MADV_FREE", Linux(4, 5)};
constexpr Advice kWipeonfork = {MADV_WIPEONFORK, "MADV_WIPEONFORK", Linux(4, 14)};
constexpr Advice kKeeponfork = {MADV_KEEPONFORK, "MADV_KEEPONFORK", Linux(4, 14)};
constexpr Advice kCold = {MADV_COLD, "MADV_COLD", Linux(5, 4)};
constexpr Advice kPageout = {MADV_PAGEOUT, "MADV_PAGEOUT", Linux(5, 4)};
constexpr Advice kPopulateRead = {MADV_POPULATE_READ, "MADV_POPULATE_READ", Linux(5, 14)};
constexpr Advice kPopulateWrite = {MADV_POPULATE_WRITE, "MADV_POPULATE_WRITE", Linux(5, 14)};
constexpr Advice kDontneedLocked = {MADV_DONTNEED_LOCKED, "MADV_DONTNEED_LOCKED", Linux(5, 18)};
constexpr Advice kGuardInstall = {MADV_GUARD_INSTALL, "MADV_GUARD_INSTALL", Linux(6, 13)};
constexpr Advice kGuardRemove = {MADV_GUARD_REMOVE, "MADV_GUARD_REMOVE", Linux(6, 13)};

Mapping MapAnon(size_t len, int prot = PROT_READ | PROT_WRITE, int type = MAP_PRIVATE) {
  return Mmap(nullptr, len, prot, type | MAP_ANONYMOUS, -1, 0);
}

// Setup steps and probes: raw system calls, 0 or an errno value.
int RawMadvise(void *p, size_t len, int advice) {
  return syscall(SYS_madvise, p, len, advice) == 0 ? 0 : errno;
}
int RawMunmap(void *p, size_t len) {
  return syscall(SYS_munmap, p, len) == 0 ? 0 : errno;
}
int RawMprotect(void *p, size_t len, int prot) {
  return syscall(SYS_mprotect, p, len, prot) == 0 ? 0 : errno;
}

std::string ErrnoText(int err) {
  return Describe(FailedWithErrno(err));
}

// Success when the kernel knows the advice; otherwise a skip that names the
// version it needs (a platform claiming that version or later then FAILs).
// The probe is madvise(advice) of a fresh private anonymous page, which every
// advice here accepts; "unknown advice" is EINVAL.
Observation RequireAdvice(const Advice &advice, size_t page) {
  Mapping m = MapAnon(page);
  MK_REQUIRE(m.valid(), "mmap (advice probe)");
  int err = RawMadvise(m.addr(), page, advice.value);
  if (err == 0) return Success();
  if (err == EINVAL) {
    return SkippedBeforeKernel(
        advice.since, std::string("needs Linux ") + ToString(advice.since) +
                          ": the kernel does not know " + advice.name + " (madvise(" + advice.name +
                          ") of a private anonymous page fails with EINVAL)");
  }
  return Violated(std::string("probe: madvise(") + advice.name + ") of a private anonymous page " +
                  ErrnoText(err));
}

// The call under test.
Observation Advise(void *p, size_t len, int advice, const std::string &what) {
  return ObserveCall([=] { return static_cast<long>(madvise(p, len, advice)); }, what);
}

// The observations of several cases of one statement: the common one when
// all agree (same kind and errno), otherwise Violated naming each case. A
// skip or setup failure passes through.
Observation Agreeing(const std::vector<Observation> &cases) {
  std::string all;
  bool agree = true;
  for (const Observation &o : cases) {
    if (o.kind == Observation::Kind::kSkip || o.kind == Observation::Kind::kSetupFailed) return o;
    if (o.kind != cases[0].kind || o.err != cases[0].err) agree = false;
    if (!all.empty()) all += "; ";
    all += o.detail + ": " + Describe(o);
  }
  if (!agree) return Violated("the cases differ: " + all);
  Observation common = cases[0];
  common.detail = all;
  return common;
}

// "" when the observation is a success, else what went wrong (for children).
std::string Problem(const Observation &o) {
  if (o.kind == Observation::Kind::kSuccess) return "";
  return o.detail.empty() ? Describe(o) : o.detail;
}

std::string InChildProblem(const std::function<std::string()> &fn) {
  return mk_posix::InChild(fn);
}

void Store(const Mapping &m, const std::string &bytes) {
  memcpy(m.ptr(), bytes.data(), bytes.size());
}

// Anonymous memory (private unless type says MAP_SHARED) holding bytes; invalid
// (errno set) when the mmap failed.
Mapping MapHolding(const std::string &bytes, int type = MAP_PRIVATE) {
  Mapping m = MapAnon(bytes.size(), PROT_READ | PROT_WRITE, type);
  if (m.valid()) Store(m, bytes);
  return m;
}

// "" when pages 0 and 2 of m still hold data's bytes, else which does not.
std::string NeighboursProblem(const Mapping &m, const std::string &data, size_t page,
                              const std::string &where) {
  std::string p = Problem(CompareBytes(m.vptr(), data.substr(0, page), "page 0 " + where));
  if (p.empty()) {
    p = Problem(CompareBytes(m.vptr() + 2 * page, data.substr(2 * page), "page 2 " + where));
  }
  return p;
}

// The running kernel's version ("unknown" off Linux or when unparsable).
KernelVersion RunningKernel() {
  struct utsname u;
  if (uname(&u) != 0 || std::string(u.sysname) != "Linux") return KernelVersion();
  return ParseKernelRelease(u.release);
}

// The mapping a row checks, holding f's bytes: MAP_SHARED of the file on file
// rows, anonymous memory of anon_type on anon rows. Invalid when a call failed.
Mapping MapForRow(const CheckEnv &env, const PatternFile &f, int anon_type) {
  if (env.fs == Fs::kAnon) return MapHolding(f.content, anon_type);
  if (!f.fd.valid()) return Mapping();
  return Mmap(nullptr, f.content.size(), PROT_READ | PROT_WRITE, MAP_SHARED, f.fd.get(), 0);
}

}  // namespace

// --- MADV_DONTNEED ----------------------------------------------------------------------

Observation CheckMadvDontneedPrivateAnon(const CheckEnv &env) {
  const size_t page = env.page;
  const std::string data = Pattern(2 * page, 1);
  Mapping m = MapHolding(data);
  MK_REQUIRE(m.valid(), "mmap");
  MK_STEP(Advise(m.addr(), page, MADV_DONTNEED, "madvise(MADV_DONTNEED) of page 0"),
          "MADV_DONTNEED of a private anonymous page");
  MK_STEP(CompareZero(m.vptr(), page, "page 0 after MADV_DONTNEED"),
          "the discarded page does not read zero");
  MK_STEP(CompareBytes(m.vptr() + page, data.substr(page), "page 1"),
          "MADV_DONTNEED of page 0 changed page 1");
  return Success("page 0 reads zero, page 1 kept its data");
}

Observation CheckMadvDontneedChildCopyOnly(const CheckEnv &env) {
  const size_t page = env.page;
  const std::string data = Pattern(page, 2);
  Mapping m = MapHolding(data);
  MK_REQUIRE(m.valid(), "mmap");
  std::string problem = InChildProblem([&m, page] {
    std::string p = Problem(Advise(m.addr(), page, MADV_DONTNEED, "madvise(MADV_DONTNEED)"));
    if (!p.empty()) return p;
    return Problem(CompareZero(m.vptr(), page, "the child's page after its MADV_DONTNEED"));
  });
  if (!problem.empty()) return Violated("in the forked child: " + problem);
  MK_STEP(CompareBytes(m.vptr(), data, "the parent's page"),
          "the child's MADV_DONTNEED discarded the parent's copy");
  return Success("the child's page reads zero, the parent's keeps its data");
}

Observation CheckMadvDontneedSharedKeeps(const CheckEnv &env) {
  const size_t page = env.page;
  PatternFile f(env, env.page, 11);
  Mapping m = MapForRow(env, f, MAP_SHARED);
  MK_REQUIRE(m.valid(), "open and mmap(MAP_SHARED)");
  std::string want = f.content;
  want[5] = 'K';
  want[page - 1] = 'L';
  Store(m, want);
  MK_STEP(Advise(m.addr(), page, MADV_DONTNEED, "madvise(MADV_DONTNEED)"),
          "MADV_DONTNEED of a shared page");
  MK_STEP(CompareBytes(m.vptr(), want, "the shared page after MADV_DONTNEED"),
          "MADV_DONTNEED lost the stores to a shared mapping");
  if (env.fs != Fs::kAnon) {
    MK_STEP(CompareFile(f.fd.get(), want, "the file after MADV_DONTNEED"),
            "the file lost the stores");
  }
  return Success("the shared page keeps its stores");
}

Observation CheckMadvDontneedPrivateFile(const CheckEnv &env) {
  const size_t page = env.page;
  PatternFile f(env, env.page, 11);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_PRIVATE)", nullptr, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, f.fd.get(), 0);
  m.ptr()[0] = 'X';
  m.ptr()[page - 1] = 'Y';
  MK_STEP(Advise(m.addr(), page, MADV_DONTNEED, "madvise(MADV_DONTNEED)"),
          "MADV_DONTNEED of a private file page");
  MK_STEP(CompareBytes(m.vptr(), f.content, "the private page after MADV_DONTNEED"),
          "the page does not show the file's bytes again (the private stores were kept)");
  return Success("the private stores are gone, the page shows the file again");
}

Observation CheckMadvDontneedProtNone(const CheckEnv &env) {
  const size_t page = env.page;
  Mapping m = MapAnon(page);
  MK_REQUIRE(m.valid(), "mmap");
  memset(m.ptr(), 'p', page);
  errno = RawMprotect(m.addr(), page, PROT_NONE);
  MK_REQUIRE(errno == 0, "mprotect(PROT_NONE)");
  Observation call =
      Advise(m.addr(), page, MADV_DONTNEED, "madvise(MADV_DONTNEED) of a PROT_NONE page");
  if (call.kind != Observation::Kind::kSuccess) return call;
  errno = RawMprotect(m.addr(), page, PROT_READ | PROT_WRITE);
  MK_REQUIRE(errno == 0, "mprotect(PROT_READ|PROT_WRITE)");
  MK_STEP(CompareZero(m.vptr(), page, "the page, readable again"),
          "MADV_DONTNEED of the PROT_NONE page did not discard it");
  return Success("MADV_DONTNEED ignored PROT_NONE and discarded the page");
}

Observation CheckMadvDontneedHugeSubrange(const CheckEnv &env) {
  const size_t page = env.page;
  const size_t huge = size_t{2} << 20;  // a PMD on x86-64 and arm64 (4 KiB pages)
  Mapping m = MapAnon(2 * huge);
  MK_REQUIRE(m.valid(), "mmap (4 MiB)");
  char *base = reinterpret_cast<char *>((m.addr_value() + huge - 1) & ~(huge - 1));
  // Transparent huge pages where the kernel has them; the statement holds either way.
  const bool thp = RawMadvise(base, huge, MADV_HUGEPAGE) == 0;
  const size_t n = huge / page;
  const struct {
    size_t first, count;
  } cases[] = {{0, 1},         {n - 1, 1}, {n / 2, 1},     {0, n / 2},
               {n / 2, n / 2}, {1, n - 2}, {n / 4, n / 2}, {0, n}};
  for (const auto &c : cases) {
    memset(base, 'h', huge);
    char *lo = base + c.first * page;
    char *hi = lo + c.count * page;
    const std::string what = "pages [" + std::to_string(c.first) + ", " +
                             std::to_string(c.first + c.count) + ") of a 2 MiB-aligned region";
    MK_STEP(Advise(lo, c.count * page, MADV_DONTNEED, "madvise(MADV_DONTNEED) of " + what),
            "MADV_DONTNEED of a sub-range");
    for (char *p = base; p < base + huge; p++) {
      const bool inside = p >= lo && p < hi;
      if (*p != (inside ? 0 : 'h')) {
        return Violated("after MADV_DONTNEED of " + what + ", byte " + std::to_string(p - base) +
                        " of the region is " + ByteText(*p) + ", expected " +
                        (inside ? "0x00 (discarded)" : "'h' (kept)") +
                        (thp ? " (MADV_HUGEPAGE accepted)" : " (no MADV_HUGEPAGE)"));
      }
    }
  }
  return Success(std::string("each of 8 sub-ranges read zero exactly, the rest kept its data") +
                 (thp ? " (MADV_HUGEPAGE accepted)" : " (no transparent huge pages)"));
}

// --- arguments --------------------------------------------------------------------------

Observation CheckMadvUnalignedStart(const CheckEnv &env) {
  Mapping m = MapAnon(2 * env.page);
  MK_REQUIRE(m.valid(), "mmap");
  return Advise(m.ptr() + 1, env.page, MADV_DONTFORK, "madvise(addr + 1, page, MADV_DONTFORK)");
}

Observation CheckMadvLengthZero(const CheckEnv &env) {
  Mapping m = MapAnon(env.page);
  MK_REQUIRE(m.valid(), "mmap");
  memset(m.ptr(), 'z', env.page);
  Observation call = Advise(m.addr(), 0, MADV_DONTNEED, "madvise(addr, 0, MADV_DONTNEED)");
  if (call.kind != Observation::Kind::kSuccess) return call;
  MK_STEP(CompareBytes(m.vptr(), std::string(env.page, 'z'), "the page after a 0-length advice"),
          "madvise with length 0 discarded the page");
  return Success("madvise(addr, 0, MADV_DONTNEED) succeeded and changed nothing");
}

Observation CheckMadvLengthOverflow(const CheckEnv &env) {
  Mapping m = MapAnon(env.page);
  MK_REQUIRE(m.valid(), "mmap");
  return Agreeing({
      Advise(m.addr(), SIZE_MAX, MADV_DONTFORK, "madvise(addr, SIZE_MAX, MADV_DONTFORK)"),
      Advise(m.addr(), SIZE_MAX - env.page + 2, MADV_DONTFORK,
             "madvise(addr, SIZE_MAX - page + 2, MADV_DONTFORK)"),
  });
}

Observation CheckMadvLengthRoundedUp(const CheckEnv &env) {
  const size_t page = env.page;
  Mapping m = MapAnon(2 * page);
  MK_REQUIRE(m.valid(), "mmap");
  memset(m.ptr(), 'r', 2 * page);
  MK_STEP(Advise(m.addr(), 1, MADV_DONTNEED, "madvise(addr, 1, MADV_DONTNEED)"),
          "MADV_DONTNEED of a 1-byte length");
  MK_STEP(CompareZero(m.vptr(), page, "the whole first page"),
          "the 1-byte length was not rounded up to the page");
  MK_STEP(CompareBytes(m.vptr() + page, std::string(page, 'r'), "the second page"),
          "the length was rounded past one page");
  return Success("a 1-byte MADV_DONTNEED discarded exactly the first page");
}

Observation CheckMadvUnknownAdvice(const CheckEnv &env) {
  Mapping m = MapAnon(env.page);
  MK_REQUIRE(m.valid(), "mmap");
  return Advise(m.addr(), env.page, 1212, "madvise(addr, page, 1212)");
}

Observation CheckMadvHole(const CheckEnv &env) {
  const size_t page = env.page;
  Mapping m = MapAnon(3 * page);
  MK_REQUIRE(m.valid(), "mmap");
  errno = RawMunmap(m.ptr() + page, page);
  MK_REQUIRE(errno == 0, "munmap (the hole)");
  return Advise(m.addr(), 3 * page, MADV_NORMAL,
                "madvise(MADV_NORMAL) of 3 pages whose middle one is unmapped");
}

// --- advice refused for the kind of mapping ---------------------------------------------

namespace {

// An mlocked page of `type` anonymous memory holding 'l' bytes, or a skip
// when the lock limit refuses even one page.
Observation LockedPage(size_t page, int type, Mapping *out) {
  *out = MapAnon(page, PROT_READ | PROT_WRITE, type);
  MK_REQUIRE(out->valid(), "mmap");
  memset(out->ptr(), 'l', page);
  if (RawMlock(out->addr(), page) != 0) {
    int err = errno;
    return Skipped("mlock of one page " + ErrnoText(err) +
                   " (RLIMIT_MEMLOCK below one page, or no CAP_IPC_LOCK)");
  }
  return Success();
}

// The advice on a locked page: its observation, Violated if the refused
// advice still changed the page.
Observation AdviseLocked(int type, int advice, const char *name, size_t page) {
  Mapping m;
  MK_STEP(LockedPage(page, type, &m), "mlock");
  Observation call =
      Advise(m.addr(), page, advice, std::string("madvise(") + name + ") of an mlocked page");
  if (call.kind == Observation::Kind::kErrno) {
    MK_STEP(CompareBytes(m.vptr(), std::string(page, 'l'), "the locked page"),
            std::string("the refused ") + name + " changed the page");
  }
  return call;
}

}  // namespace

Observation CheckMadvDontneedMlocked(const CheckEnv &env) {
  return AdviseLocked(MAP_PRIVATE, MADV_DONTNEED, "MADV_DONTNEED", env.page);
}

Observation CheckMadvRemoveMlocked(const CheckEnv &env) {
  return AdviseLocked(MAP_SHARED, MADV_REMOVE, "MADV_REMOVE", env.page);
}

Observation CheckMadvFreeFile(const CheckEnv &env) {
  MK_STEP(RequireAdvice(kFree, env.page), "MADV_FREE");
  PatternFile f(env, env.page, 11);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(priv, "mmap(MAP_PRIVATE)", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE,
         f.fd.get(), 0);
  MK_MAP(shared, "mmap(MAP_SHARED)", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED,
         f.fd.get(), 0);
  return Agreeing({
      Advise(priv.addr(), env.page, MADV_FREE, "madvise(MADV_FREE) of a MAP_PRIVATE file page"),
      Advise(shared.addr(), env.page, MADV_FREE, "madvise(MADV_FREE) of a MAP_SHARED file page"),
  });
}

Observation CheckMadvWipeonforkNotPrivateAnon(const CheckEnv &env) {
  MK_STEP(RequireAdvice(kWipeonfork, env.page), "MADV_WIPEONFORK");
  if (env.fs == Fs::kAnon) {
    Mapping m = MapAnon(env.page, PROT_READ | PROT_WRITE, MAP_SHARED);
    MK_REQUIRE(m.valid(), "mmap(MAP_SHARED|MAP_ANONYMOUS)");
    return Advise(m.addr(), env.page, MADV_WIPEONFORK,
                  "madvise(MADV_WIPEONFORK) of shared anonymous memory");
  }
  PatternFile f(env, env.page, 11);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(priv, "mmap(MAP_PRIVATE)", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE,
         f.fd.get(), 0);
  MK_MAP(shared, "mmap(MAP_SHARED)", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED,
         f.fd.get(), 0);
  return Agreeing({
      Advise(priv.addr(), env.page, MADV_WIPEONFORK,
             "madvise(MADV_WIPEONFORK) of a MAP_PRIVATE file page"),
      Advise(shared.addr(), env.page, MADV_WIPEONFORK,
             "madvise(MADV_WIPEONFORK) of a MAP_SHARED file page"),
  });
}

Observation CheckMadvRemovePrivateAnon(const CheckEnv &env) {
  Mapping m = MapAnon(env.page);
  MK_REQUIRE(m.valid(), "mmap");
  memset(m.ptr(), 'a', env.page);
  Observation call =
      Advise(m.addr(), env.page, MADV_REMOVE, "madvise(MADV_REMOVE) of private anonymous memory");
  if (call.kind == Observation::Kind::kErrno) {
    MK_STEP(CompareBytes(m.vptr(), std::string(env.page, 'a'), "the page"),
            "the refused MADV_REMOVE changed the page");
  }
  return call;
}

Observation CheckMadvAllAccepted(const CheckEnv &env) {
  const size_t page = env.page;
  // What an advice needs beyond the version: a kernel configuration, seen in sysfs.
  constexpr const char *kThp = "/sys/kernel/mm/transparent_hugepage";
  constexpr const char *kKsm = "/sys/kernel/mm/ksm";
  const struct {
    int value;
    const char *name;
    KernelVersion since;  // {0, 0}: older than any kernel the kit supports
    const char *config;   // sysfs directory that exists with the configuration, or null
    bool shared;          // needs shared memory (MADV_REMOVE)
  } advice[] = {
      {MADV_NORMAL, "MADV_NORMAL", {}, nullptr, false},
      {MADV_RANDOM, "MADV_RANDOM", {}, nullptr, false},
      {MADV_SEQUENTIAL, "MADV_SEQUENTIAL", {}, nullptr, false},
      {MADV_WILLNEED, "MADV_WILLNEED", {}, nullptr, false},
      {MADV_DONTNEED, "MADV_DONTNEED", {}, nullptr, false},
      {MADV_REMOVE, "MADV_REMOVE", {}, nullptr, true},
      {MADV_DONTFORK, "MADV_DONTFORK", {}, nullptr, false},
      {MADV_DOFORK, "MADV_DOFORK", {}, nullptr, false},
      {MADV_MERGEABLE, "MADV_MERGEABLE", {}, kKsm, false},
      {MADV_UNMERGEABLE, "MADV_UNMERGEABLE", {}, kKsm, false},
      {MADV_HUGEPAGE, "MADV_HUGEPAGE", {}, kThp, false},
      {MADV_NOHUGEPAGE, "MADV_NOHUGEPAGE", {}, kThp, false},
      {MADV_DONTDUMP, "MADV_DONTDUMP", {}, nullptr, false},
      {MADV_DODUMP, "MADV_DODUMP", {}, nullptr, false},
      {kFree.value, kFree.name, kFree.since, nullptr, false},
      {kWipeonfork.value, kWipeonfork.name, kWipeonfork.since, nullptr, false},
      {kKeeponfork.value, kKeeponfork.name, kKeeponfork.since, nullptr, false},
      {kCold.value, kCold.name, kCold.since, nullptr, false},
      {kPageout.value, kPageout.name, kPageout.since, nullptr, false},
      {kPopulateRead.value, kPopulateRead.name, kPopulateRead.since, nullptr, false},
      {kPopulateWrite.value, kPopulateWrite.name, kPopulateWrite.since, nullptr, false},
      {kDontneedLocked.value, kDontneedLocked.name, kDontneedLocked.since, nullptr, false},
      {kGuardInstall.value, kGuardInstall.name, kGuardInstall.since, nullptr, false},
      {kGuardRemove.value, kGuardRemove.name, kGuardRemove.since, nullptr, false},
  };
  Mapping priv = MapAnon(page);
  MK_REQUIRE(priv.valid(), "mmap(MAP_PRIVATE|MAP_ANONYMOUS)");
  Mapping shared = MapAnon(page, PROT_READ | PROT_WRITE, MAP_SHARED);
  MK_REQUIRE(shared.valid(), "mmap(MAP_SHARED|MAP_ANONYMOUS)");
  const KernelVersion kernel = RunningKernel();
  std::string accepted, untried;
  for (const auto &a : advice) {
    std::string why_not;
    if (kernel.known() && a.since.known() && kernel < a.since) {
      why_not = "needs Linux " + ToString(a.since);
    } else if (a.config != nullptr && access(a.config, F_OK) != 0) {
      why_not = std::string("kernel without ") +
                (a.config == kKsm ? "CONFIG_KSM" : "CONFIG_TRANSPARENT_HUGEPAGE") + " (" +
                a.config + " absent)";
    }
    if (!why_not.empty()) {
      untried += std::string(untried.empty() ? "" : ", ") + a.name + " (" + why_not + ")";
      continue;
    }
    void *at = a.shared ? shared.addr() : priv.addr();
    const std::string what = std::string("madvise(") + a.name + ") of " +
                             (a.shared ? "shared" : "private") + " anonymous memory";
    if (madvise(at, page, a.value) != 0) MK_RETURN_ERRNO(what);
    accepted += std::string(accepted.empty() ? "" : ", ") + a.name;
  }
  std::string detail = "accepted: " + accepted;
  if (!untried.empty()) detail += "; not tried: " + untried;
  return Success(detail);
}

// --- fork() -----------------------------------------------------------------------------

Observation CheckMadvDontfork(const CheckEnv &env) {
  const size_t page = env.page;
  PatternFile f(env, 3 * env.page, 11);
  const std::string &data = f.content;
  Mapping m = MapForRow(env, f, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "open and mmap");
  char *mid = m.ptr() + page;
  Observation call = Advise(mid, page, MADV_DONTFORK, "madvise(MADV_DONTFORK) of the middle page");
  if (call.kind != Observation::Kind::kSuccess) return call;
  std::string problem = InChildProblem(
      [&m, &data, page] { return NeighboursProblem(m, data, page, "in the child"); });
  if (!problem.empty()) return Violated("the neighbours were not inherited: " + problem);
  Observation load = LoadInChild(mid, "load from the MADV_DONTFORK page in a forked child");
  MK_STEP(CompareBytes(m.vptr(), data, "the parent's three pages"),
          "MADV_DONTFORK changed the parent's mapping");
  return load;
}

Observation CheckMadvWipeonfork(const CheckEnv &env) {
  MK_STEP(RequireAdvice(kWipeonfork, env.page), "MADV_WIPEONFORK");
  const size_t page = env.page;
  const std::string data = Pattern(3 * page, 4);
  Mapping m = MapHolding(data);
  MK_REQUIRE(m.valid(), "mmap");
  char *mid = m.ptr() + page;
  MK_STEP(Advise(mid, page, MADV_WIPEONFORK, "madvise(MADV_WIPEONFORK) of the middle page"),
          "MADV_WIPEONFORK");
  std::string problem = InChildProblem([&m, &data, mid, page] {
    std::string p = Problem(CompareZero(mid, page, "the wiped page in the child"));
    if (p.empty()) p = NeighboursProblem(m, data, page, "in the child");
    if (!p.empty()) return p;
    // The advice is inherited: the child's own stores are wiped for its child.
    memset(mid, 'c', page);
    pid_t pid = fork();
    if (pid < 0) return std::string("fork in the child failed");
    if (pid == 0) {
      for (size_t i = 0; i < page; i++) {
        if (mid[i] != 0) _exit(1);
      }
      _exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      return std::string("the grandchild does not read zero in the wiped page");
    }
    return std::string();
  });
  if (!problem.empty()) return Violated(problem);
  MK_STEP(CompareBytes(m.vptr(), data, "the parent's three pages"),
          "MADV_WIPEONFORK changed the parent's pages");
  return Success("the child and grandchild read zero in the wiped page, the rest was inherited");
}

Observation CheckMadvKeeponfork(const CheckEnv &env) {
  MK_STEP(RequireAdvice(kKeeponfork, env.page), "MADV_KEEPONFORK");
  const size_t page = env.page;
  const std::string data = Pattern(page, 5);
  Mapping m = MapHolding(data);
  MK_REQUIRE(m.valid(), "mmap");
  MK_STEP(Advise(m.addr(), page, MADV_WIPEONFORK, "madvise(MADV_WIPEONFORK)"), "MADV_WIPEONFORK");
  MK_STEP(Advise(m.addr(), page, MADV_KEEPONFORK, "madvise(MADV_KEEPONFORK)"), "MADV_KEEPONFORK");
  std::string problem = InChildProblem(
      [&m, &data] { return Problem(CompareBytes(m.vptr(), data, "the page in the child")); });
  if (!problem.empty()) return Violated("MADV_KEEPONFORK did not undo MADV_WIPEONFORK: " + problem);
  return Success("the child inherited the page's data");
}

// --- newer advice -----------------------------------------------------------------------

Observation CheckMadvColdPageoutKeepData(const CheckEnv &env) {
  MK_STEP(RequireAdvice(kCold, env.page), "MADV_COLD");
  MK_STEP(RequireAdvice(kPageout, env.page), "MADV_PAGEOUT");
  const size_t page = env.page;
  const std::string data = Pattern(2 * page, 6);
  Mapping m = MapHolding(data);
  MK_REQUIRE(m.valid(), "mmap");
  MK_STEP(Advise(m.addr(), page, MADV_COLD, "madvise(MADV_COLD) of page 0"), "MADV_COLD");
  MK_STEP(Advise(m.ptr() + page, page, MADV_PAGEOUT, "madvise(MADV_PAGEOUT) of page 1"),
          "MADV_PAGEOUT");
  MK_STEP(CompareBytes(m.vptr(), data, "both pages"),
          "MADV_COLD / MADV_PAGEOUT lost data (they may only move it)");
  return Success("both pages kept their data");
}

Observation CheckMadvPopulateProtMismatch(const CheckEnv &env) {
  MK_STEP(RequireAdvice(kPopulateRead, env.page), "MADV_POPULATE_READ");
  MK_STEP(RequireAdvice(kPopulateWrite, env.page), "MADV_POPULATE_WRITE");
  Mapping wo = MapAnon(env.page, PROT_WRITE);
  MK_REQUIRE(wo.valid(), "mmap(PROT_WRITE)");
  Mapping ro = MapAnon(env.page, PROT_READ);
  MK_REQUIRE(ro.valid(), "mmap(PROT_READ)");
  return Agreeing({
      Advise(wo.addr(), env.page, MADV_POPULATE_READ, "MADV_POPULATE_READ of a PROT_WRITE page"),
      Advise(ro.addr(), env.page, MADV_POPULATE_WRITE, "MADV_POPULATE_WRITE of a PROT_READ page"),
  });
}

Observation CheckMadvPopulateHoles(const CheckEnv &env) {
  MK_STEP(RequireAdvice(kPopulateRead, env.page), "MADV_POPULATE_READ");
  MK_STEP(RequireAdvice(kPopulateWrite, env.page), "MADV_POPULATE_WRITE");
  const size_t page = env.page;
  const char *where[] = {"first", "middle", "last"};
  std::vector<Observation> cases;
  for (size_t hole = 0; hole < 3; hole++) {
    Mapping m = MapAnon(3 * page);
    MK_REQUIRE(m.valid(), "mmap");
    errno = RawMunmap(m.ptr() + hole * page, page);
    MK_REQUIRE(errno == 0, "munmap (the hole)");
    for (const Advice &a : {kPopulateRead, kPopulateWrite}) {
      cases.push_back(
          Advise(m.addr(), 3 * page, a.value,
                 std::string(a.name) + " of 3 pages, the " + where[hole] + " one unmapped"));
    }
  }
  return Agreeing(cases);
}

Observation CheckMadvPopulatePresent(const CheckEnv &env) {
  MK_STEP(RequireAdvice(kPopulateRead, env.page), "MADV_POPULATE_READ");
  MK_STEP(RequireAdvice(kPopulateWrite, env.page), "MADV_POPULATE_WRITE");
  const size_t page = env.page;
  Mapping m = MapAnon(2 * page);
  MK_REQUIRE(m.valid(), "mmap");
  unsigned char resident[2] = {0, 0};
  if (syscall(SYS_mincore, m.addr(), 2 * page, resident) != 0) {
    return Skipped("mincore, which observes residency, " + ErrnoText(errno));
  }
  if ((resident[0] & 1) || (resident[1] & 1)) {
    return Skipped(
        "mincore reports untouched anonymous pages resident: populating is not "
        "observable here");
  }
  MK_STEP(Advise(m.addr(), page, MADV_POPULATE_READ, "madvise(MADV_POPULATE_READ) of page 0"),
          "MADV_POPULATE_READ");
  MK_STEP(
      Advise(m.ptr() + page, page, MADV_POPULATE_WRITE, "madvise(MADV_POPULATE_WRITE) of page 1"),
      "MADV_POPULATE_WRITE");
  MK_REQUIRE(syscall(SYS_mincore, m.addr(), 2 * page, resident) == 0, "mincore");
  if (!(resident[0] & 1) || !(resident[1] & 1)) {
    return Violated(std::string("after MADV_POPULATE_READ of page 0 and MADV_POPULATE_WRITE of "
                                "page 1, mincore reports page 0 ") +
                    ((resident[0] & 1) ? "resident" : "not resident") + " and page 1 " +
                    ((resident[1] & 1) ? "resident" : "not resident"));
  }
  MK_STEP(CompareZero(m.vptr(), 2 * page, "the populated pages"), "populated pages are not zero");
  return Success("both pages are resident (mincore) and read zero");
}

namespace {

// pagemap's bits (Documentation/admin-guide/mm/pagemap.rst): soft-dirty, present, and
// two that are always zero.
constexpr uint64_t kSoftDirty = uint64_t{1} << 55;
constexpr uint64_t kPresent = uint64_t{1} << 63;
constexpr uint64_t kAlwaysZero = (uint64_t{1} << 59) | (uint64_t{1} << 60);

// The pagemap entry of the page at p; false when it cannot be read or is not
// a present page's entry as the kernel writes it (an emulator that passes the
// host's /proc/self/pagemap through untranslated).
bool PresentEntry(int pagemap, const void *p, size_t page, uint64_t *entry) {
  const off_t at = static_cast<off_t>(reinterpret_cast<uintptr_t>(p) / page * sizeof *entry);
  if (pread(pagemap, entry, sizeof *entry, at) != static_cast<ssize_t>(sizeof *entry)) return false;
  return (*entry & kPresent) != 0 && (*entry & kAlwaysZero) == 0;
}

}  // namespace

Observation CheckMadvPopulateSoftDirty(const CheckEnv &env) {
  MK_STEP(RequireAdvice(kPopulateRead, env.page), "MADV_POPULATE_READ");
  MK_STEP(RequireAdvice(kPopulateWrite, env.page), "MADV_POPULATE_WRITE");
  const size_t page = env.page;
  ScopedFd pagemap(open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC));
  if (!pagemap.valid()) return Skipped("/proc/self/pagemap: " + ErrnoText(errno));
  ScopedFd clear_refs(open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC));
  if (!clear_refs.valid()) return Skipped("/proc/self/clear_refs: " + ErrnoText(errno));
  Mapping m = MapAnon(3 * page);
  MK_REQUIRE(m.valid(), "mmap");
  // "4" clears every soft-dirty bit of the process, the new mapping's included.
  MK_REQUIRE(write(clear_refs.get(), "4", 1) == 1, "write(/proc/self/clear_refs, \"4\")");
  MK_STEP(Advise(m.addr(), page, MADV_POPULATE_READ, "madvise(MADV_POPULATE_READ) of page 0"),
          "MADV_POPULATE_READ");
  MK_STEP(
      Advise(m.ptr() + page, page, MADV_POPULATE_WRITE, "madvise(MADV_POPULATE_WRITE) of page 1"),
      "MADV_POPULATE_WRITE");
  m.ptr()[2 * page] = 's';  // the control: a plain store sets the bit where it is tracked
  uint64_t read_entry = 0, write_entry = 0, store_entry = 0;
  if (!PresentEntry(pagemap.get(), m.ptr(), page, &read_entry) ||
      !PresentEntry(pagemap.get(), m.ptr() + page, page, &write_entry) ||
      !PresentEntry(pagemap.get(), m.ptr() + 2 * page, page, &store_entry)) {
    return Skipped(
        "/proc/self/pagemap does not describe these pages as the kernel would (a "
        "populated page not present, or an always-zero bit set): entries " +
        Hex(read_entry) + ", " + Hex(write_entry) + ", " + Hex(store_entry));
  }
  const bool read_dirty = (read_entry & kSoftDirty) != 0;
  const bool write_dirty = (write_entry & kSoftDirty) != 0;
  if ((store_entry & kSoftDirty) == 0) {
    return Skipped(
        "the kernel tracks no soft-dirty bits (no CONFIG_MEM_SOFT_DIRTY): a store "
        "after clearing them left pagemap's bit 55 clear");
  }
  if (read_dirty || !write_dirty) {
    return Violated(std::string("after clearing soft-dirty bits, the page MADV_POPULATE_READ "
                                "populated is ") +
                    (read_dirty ? "soft-dirty" : "clean") +
                    " (expected clean) and the page MADV_POPULATE_WRITE populated is " +
                    (write_dirty ? "soft-dirty" : "clean") + " (expected soft-dirty)");
  }
  return Success("MADV_POPULATE_WRITE set the soft-dirty bit, MADV_POPULATE_READ did not");
}

Observation CheckMadvDontneedLocked(const CheckEnv &env) {
  MK_STEP(RequireAdvice(kDontneedLocked, env.page), "MADV_DONTNEED_LOCKED");
  Mapping m;
  MK_STEP(LockedPage(env.page, MAP_PRIVATE, &m), "mlock");
  MK_STEP(Advise(m.addr(), env.page, MADV_DONTNEED_LOCKED,
                 "madvise(MADV_DONTNEED_LOCKED) of an mlocked page"),
          "MADV_DONTNEED_LOCKED");
  MK_STEP(CompareZero(m.vptr(), env.page, "the locked page after MADV_DONTNEED_LOCKED"),
          "the page was not discarded");
  return Success("the mlocked page was discarded and reads zero");
}

Observation CheckMadvCollapse(const CheckEnv &env) {
  constexpr const char *kPmdSize = "/sys/kernel/mm/transparent_hugepage/hpage_pmd_size";
  const KernelVersion kernel = RunningKernel();
  if (kernel.known() && kernel < Linux(6, 1)) {
    return SkippedBeforeKernel(
        Linux(6, 1), "needs Linux 6.1: MADV_COLLAPSE is newer than Linux " + ToString(kernel));
  }
  std::string text;
  const mk_posix::PosixError read = mk_posix::ReadFile(kPmdSize, &text);
  if (!read.ok()) {
    return Skipped("kernel without CONFIG_TRANSPARENT_HUGEPAGE (" + read.ToString() + ")");
  }
  const size_t huge = std::strtoul(text.c_str(), nullptr, 10);
  MK_REQUIRE(huge >= env.page && huge % env.page == 0, "parse hpage_pmd_size");
  // At a huge-page-aligned address of its own, so the range starts a mapping (for shared
  // memory, its object's offset is aligned too).
  Mapping reserved = Reserve(2 * huge);
  MK_REQUIRE(reserved.valid(), "mmap (reserve two huge pages)");
  char *base = reinterpret_cast<char *>((reserved.addr_value() + huge - 1) & ~(huge - 1));
  Mapping m =
      Mmap(base, huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  MK_REQUIRE(m.valid() && m.ptr() == base, "mmap(MAP_FIXED) of a huge-page-aligned range");
  for (size_t i = 0; i < huge; i += env.page) base[i] = static_cast<char>('a' + i / env.page % 26);
  if (madvise(base, huge, MADV_COLLAPSE) != 0) {
    const int err = errno;
    if (err == EAGAIN || err == ENOMEM) {
      return Skipped("no huge page could be allocated now: madvise(MADV_COLLAPSE) " +
                     ErrnoText(err) + " (madvise(2): a temporary shortage)");
    }
    return FailedWithErrno(err, "madvise(MADV_COLLAPSE) of a " + std::to_string(huge >> 10) +
                                    " KiB-aligned populated anonymous range");
  }
  for (size_t i = 0; i < huge; i++) {
    const char want = (i % env.page == 0) ? static_cast<char>('a' + i / env.page % 26) : 0;
    if (base[i] != want) {
      return Violated("after MADV_COLLAPSE byte " + std::to_string(i) + " is " + ByteText(base[i]) +
                      ", expected " + ByteText(want));
    }
  }
  return Success("MADV_COLLAPSE of a " + std::to_string(huge >> 10) +
                 " KiB range succeeded and kept every byte");
}

Observation CheckMadvGuard(const CheckEnv &env) {
  MK_STEP(RequireAdvice(kGuardInstall, env.page), "MADV_GUARD_INSTALL");
  const size_t page = env.page;
  const std::string data = Pattern(3 * page, 8);
  Mapping m = MapHolding(data);
  MK_REQUIRE(m.valid(), "mmap");
  char *mid = m.ptr() + page;
  MK_STEP(Advise(mid, page, MADV_GUARD_INSTALL, "madvise(MADV_GUARD_INSTALL) of the middle page"),
          "MADV_GUARD_INSTALL");
  Observation load = LoadInChild(mid, "load from the guard page");
  Observation store = StoreInChild(mid, 's', "store to the guard page");
  if (load.kind != Observation::Kind::kSignal) return load;
  if (store.kind != Observation::Kind::kSignal || store.sig != load.sig) {
    return Violated("a load from the guard page raised " + Describe(load) + ", a store " +
                    Describe(store));
  }
  const std::string neighbours = NeighboursProblem(m, data, page, "next to the guard");
  if (!neighbours.empty()) return Violated("the guard changed a neighbour: " + neighbours);
  MK_STEP(Advise(mid, page, MADV_GUARD_REMOVE, "madvise(MADV_GUARD_REMOVE)"), "MADV_GUARD_REMOVE");
  MK_STEP(CompareZero(mid, page, "the page after MADV_GUARD_REMOVE"),
          "the page is not accessible and zero after MADV_GUARD_REMOVE (installing the guard "
          "discards the page)");
  load.detail += "; a store raised the same signal; after MADV_GUARD_REMOVE the page reads zero";
  return load;
}

Observation CheckMadvRemoveShared(const CheckEnv &env) {
  const size_t page = env.page;
  PatternFile f(env, 2 * env.page, 11);
  const std::string &data = f.content;
  Mapping m = MapForRow(env, f, MAP_SHARED);
  MK_REQUIRE(m.valid(), "open and mmap(MAP_SHARED)");
  Observation call = Advise(m.addr(), page, MADV_REMOVE, "madvise(MADV_REMOVE) of page 0");
  if (env.fs == Fs::kDisk && call.kind == Observation::Kind::kErrno && call.err == EOPNOTSUPP) {
    return Skipped(
        "this file system cannot free a range of a file (madvise(2): MADV_REMOVE "
        "fails with EOPNOTSUPP where the file system has no hole punching)");
  }
  MK_STEP(call, "MADV_REMOVE");
  MK_STEP(CompareZero(m.vptr(), page, "page 0 after MADV_REMOVE"), "the removed page is not zero");
  MK_STEP(CompareBytes(m.vptr() + page, data.substr(page), "page 1"),
          "MADV_REMOVE of page 0 changed page 1");
  if (env.fs != Fs::kAnon) {
    MK_STEP(CompareFile(f.fd.get(), std::string(page, '\0') + data.substr(page),
                        "the file after MADV_REMOVE"),
            "the file does not hold a zeroed first page and an unchanged size");
  }
  return Success("page 0 reads zero (a hole in the backing object), page 1 is unchanged");
}

}  // namespace mk_conformance
