// Checks of mprotect(): what a protection change does to loads and stores of
// pages already present, ranges over several mappings, invalid lengths and
// protection bits; and of msync(): which mappings and lengths it accepts, its
// flag validation, and MS_INVALIDATE against locked pages.
#include "conformance/checks/mprotect_msync.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <vector>

#include "conformance/checks/check_util.h"
#include "conformance/posix/privileges.h"

namespace mk_conformance {

namespace {

// A readable and writable mapping of `pages` pages for env.fs: MAP_SHARED of a
// fresh pattern file for file rows, MAP_PRIVATE|MAP_ANONYMOUS for anon rows.
struct Target {
  Target(const CheckEnv &env, size_t pages)
      : content(Pattern(pages * env.page, 31)), file(NewFile(env, content)) {
    if (env.fs == Fs::kAnon) {
      map = Mmap(nullptr, pages * env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                 0);
      if (map.valid()) {
        for (size_t i = 0; i < content.size(); i++) map.ptr()[i] = content[i];
      }
    } else {
      fd = file.Open(O_RDWR);
      if (fd.valid()) {
        map = Mmap(nullptr, pages * env.page, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
      }
    }
  }
  // Store c at byte i, and remember it as the expected content.
  void Store(size_t i, char c) {
    map.ptr()[i] = c;
    content[i] = c;
  }
  std::string content;
  TempFile file;
  ScopedFd fd;
  Mapping map;
};

// The lowest msync() flag bit that is none of MS_ASYNC, MS_INVALIDATE, MS_SYNC
// (their values differ between architectures).
int UnknownMsyncFlag() {
  const int known = MS_ASYNC | MS_INVALIDATE | MS_SYNC;
  int bit = 1;
  while (known & bit) bit <<= 1;
  return bit;
}

// A protection bit no architecture defines (PROT_SEM 0x8; 0x10 and 0x20 are
// PROT_SAO, PROT_BTI, PROT_ADI, PROT_MTE on some).
constexpr int kUnknownProt = 0x40;

// Exit statuses of the noexec child beyond errno values: the mount could not
// be made here (SKIP), or a step before the call under test failed.
constexpr int kNoexecUnavailable = 251;
constexpr int kNoexecSetupFailed = 252;
constexpr int kNoexecMmapMapped = 253;
constexpr int kNoexecMmapOtherErrno = 254;

}  // namespace

Observation CheckMprotectNoneLoad(const CheckEnv &env) {
  Target t(env, 1);
  MK_REQUIRE(t.map.valid(), "mmap(PROT_READ|PROT_WRITE)");
  t.Store(3, 'n');  // present and dirty before the change
  if (mprotect(t.map.addr(), env.page, PROT_NONE) != 0) MK_RETURN_ERRNO("mprotect(PROT_NONE)");
  return LoadInChild(t.map.vptr() + 3, "load from a present page after mprotect(PROT_NONE)");
}

Observation CheckMprotectReadOnlyStore(const CheckEnv &env) {
  Target t(env, 1);
  MK_REQUIRE(t.map.valid(), "mmap(PROT_READ|PROT_WRITE)");
  t.Store(5, 'w');
  if (mprotect(t.map.addr(), env.page, PROT_READ) != 0) MK_RETURN_ERRNO("mprotect(PROT_READ)");
  MK_STEP(LoadInChild(t.map.vptr() + 5, "load after mprotect(PROT_READ)"),
          "mprotect(PROT_READ) also blocked loads");
  Observation store =
      StoreInChild(t.map.vptr() + 6, 'x', "store to a written page after mprotect(PROT_READ)");
  MK_STEP(CompareBytes(t.map.vptr(), t.content, "the page after the refused store"),
          "the refused store or mprotect changed the contents");
  return store;
}

Observation CheckMprotectHugeLength(const CheckEnv &env) {
  Mapping m = Mmap(nullptr, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  MK_REQUIRE(m.valid(), "mmap");
  Observation page_max = ObserveCall([&] { return mprotect(m.addr(), SIZE_MAX, PROT_READ); },
                                     "mprotect(addr, SIZE_MAX, PROT_READ)");
  if (page_max.kind != Observation::Kind::kErrno || page_max.err != ENOMEM) return page_max;
  // SIZE_MAX rounded down to a page: no rounding overflow, just no such range.
  return ObserveCall([&] { return mprotect(m.addr(), SIZE_MAX & ~(env.page - 1), PROT_READ); },
                     "mprotect(addr, SIZE_MAX rounded down to a page, PROT_READ)");
}

Observation CheckMprotectSeveralMappings(const CheckEnv &env) {
  Target t(env, 3);
  MK_REQUIRE(t.map.valid(), "mmap(PROT_READ|PROT_WRITE) of 3 pages");
  char *p = t.map.ptr();
  // Three mappings (VMAs) with different protections: rw-, r--, ---.
  MK_REQUIRE(mprotect(p + env.page, env.page, PROT_READ) == 0, "mprotect(page 1, PROT_READ)");
  MK_REQUIRE(mprotect(p + 2 * env.page, env.page, PROT_NONE) == 0, "mprotect(page 2, PROT_NONE)");
  if (mprotect(p, 3 * env.page, PROT_READ | PROT_WRITE) != 0) {
    MK_RETURN_ERRNO("mprotect(PROT_READ|PROT_WRITE) over 3 pages of 3 protections");
  }
  for (size_t i = 0; i < 3; i++) {
    // The file's own byte: a shared mapping's page changes in the parent too.
    MK_STEP(StoreInChild(t.map.vptr() + i * env.page + 9, t.content[i * env.page + 9],
                         "store to page " + std::to_string(i) + " after the one mprotect()"),
            "page " + std::to_string(i) + " did not become writable");
  }
  MK_STEP(CompareBytes(t.map.vptr(), t.content, "the 3 pages"), "the contents changed");
  return Success("one mprotect() made all 3 pages writable, contents kept");
}

Observation CheckMprotectUnknownProt(const CheckEnv &env) {
  Mapping m = Mmap(nullptr, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  MK_REQUIRE(m.valid(), "mmap");
  Observation unknown =
      ObserveCall([&] { return mprotect(m.addr(), env.page, PROT_READ | kUnknownProt); },
                  "mprotect(PROT_READ|" + Hex(static_cast<uint64_t>(kUnknownProt)) + ")");
  if (unknown.kind != Observation::Kind::kErrno || unknown.err != EINVAL) return unknown;
  return ObserveCall([&] { return mprotect(m.addr(), env.page, PROT_READ | PROT_GROWSDOWN); },
                     "mprotect(PROT_READ|PROT_GROWSDOWN) of a mapping without MAP_GROWSDOWN");
}

Observation CheckMsyncMappingTypes(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page, 32));
  ScopedFd rdwr = file.Open(O_RDWR);
  ScopedFd rdonly = file.Open(O_RDONLY);
  MK_REQUIRE(rdwr.valid() && rdonly.valid(), "open");
  struct Kind {
    const char *name;
    int prot, flags, fd;
  };
  // Built, not assigned: gcc 12 -O2 warns (-Wnonnull) on assigning a braced list.
  const std::vector<Kind> kinds =
      env.fs == Fs::kAnon ? std::vector<Kind>{{"MAP_PRIVATE|MAP_ANONYMOUS", PROT_READ | PROT_WRITE,
                                               MAP_PRIVATE | MAP_ANONYMOUS, -1},
                                              {"PROT_READ MAP_PRIVATE|MAP_ANONYMOUS", PROT_READ,
                                               MAP_PRIVATE | MAP_ANONYMOUS, -1},
                                              {"PROT_READ MAP_SHARED|MAP_ANONYMOUS", PROT_READ,
                                               MAP_SHARED | MAP_ANONYMOUS, -1}}
                          : std::vector<Kind>{{"MAP_PRIVATE of the file", PROT_READ | PROT_WRITE,
                                               MAP_PRIVATE, rdwr.get()},
                                              {"PROT_READ MAP_PRIVATE of the file (O_RDONLY)",
                                               PROT_READ, MAP_PRIVATE, rdonly.get()}};
  const struct {
    const char *name;
    int flags;
  } syncs[] = {{"MS_SYNC", MS_SYNC},
               {"MS_ASYNC", MS_ASYNC},
               {"MS_INVALIDATE", MS_INVALIDATE},
               {"MS_SYNC|MS_INVALIDATE", MS_SYNC | MS_INVALIDATE}};
  for (const Kind &k : kinds) {
    Mapping m = Mmap(nullptr, env.page, k.prot, k.flags, k.fd, 0);
    MK_REQUIRE(m.valid(), std::string("mmap(") + k.name + ")");
    if (k.prot & PROT_WRITE) m.ptr()[1] = 'd';  // a dirty private page
    for (const auto &s : syncs) {
      if (msync(m.addr(), env.page, s.flags) != 0) {
        MK_RETURN_ERRNO(std::string("msync(") + s.name + ") of a " + k.name + " mapping");
      }
    }
  }
  return Success(
      "msync(MS_SYNC, MS_ASYNC, MS_INVALIDATE) of writable and read-only private mappings (and "
      "shared read-only anonymous memory) returned 0");
}

Observation CheckMsyncUnalignedLength(const CheckEnv &env) {
  // One page with no mapping after it: the second page of a reservation freed,
  // then the first mapped anew with MAP_FIXED (whatever munmap left of it).
  Mapping reserved = Reserve(2 * env.page);
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  char *p = reserved.ptr();
  MK_REQUIRE(munmap(p + env.page, env.page) == 0, "munmap (the second page)");
  reserved.release();
  Mapping page0 =
      Mmap(p, env.page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  MK_REQUIRE(page0.valid(), "mmap(MAP_FIXED) of the first page again");
  if (msync(p, env.page / 2, MS_SYNC) != 0) MK_RETURN_ERRNO("msync(addr, page/2, MS_SYNC)");
  // One byte more than a page reaches into the hole once rounded up.
  if (msync(p, env.page + 1, MS_SYNC) == 0) {
    return Violated(
        "msync(addr, page + 1) with the second page unmapped returned 0: the length "
        "was not rounded up to a whole page");
  }
  if (errno != ENOMEM) {
    MK_RETURN_ERRNO("msync(addr, page + 1) with the second page unmapped (expected ENOMEM)");
  }
  return Success("page/2 returned 0; page + 1 into an unmapped page failed with ENOMEM");
}

Observation CheckMsyncUnknownFlag(const CheckEnv &env) {
  Mapping m = Mmap(nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  MK_REQUIRE(m.valid(), "mmap");
  const int bit = UnknownMsyncFlag();
  return ObserveCall([&] { return msync(m.addr(), env.page, MS_SYNC | bit); },
                     "msync(MS_SYNC|" + Hex(static_cast<uint64_t>(bit)) + ")");
}

Observation CheckMsyncInvalidate(const CheckEnv &env) {
  Target t(env, 1);
  MK_REQUIRE(t.map.valid(), "mmap(PROT_READ|PROT_WRITE)");
  t.Store(8, 'i');
  if (msync(t.map.addr(), env.page, MS_INVALIDATE) != 0) MK_RETURN_ERRNO("msync(MS_INVALIDATE)");
  MK_STEP(CompareBytes(t.map.vptr(), t.content, "the mapping after msync(MS_INVALIDATE)"),
          "MS_INVALIDATE lost a store");
  return Success("msync(MS_INVALIDATE) of an unlocked mapping returned 0, contents kept");
}

Observation CheckMsyncInvalidateLocked(const CheckEnv &env) {
  Mapping m = Mmap(nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  MK_REQUIRE(m.valid(), "mmap");
  if (RawMlock(m.addr(), env.page) != 0) {
    int err = errno;
    struct rlimit limit;
    if ((err == EPERM || err == ENOMEM || err == EAGAIN) &&
        getrlimit(RLIMIT_MEMLOCK, &limit) == 0 && limit.rlim_cur < env.page) {
      return Skipped("mlock() of one page is refused: RLIMIT_MEMLOCK (" +
                     std::to_string(limit.rlim_cur) + " bytes) is below one page");
    }
    return SetupFailed("mlock", err);
  }
  if (msync(m.addr(), env.page, MS_SYNC) != 0) {
    MK_RETURN_ERRNO("msync(MS_SYNC) of an mlocked page (expected to succeed)");
  }
  return ObserveCall([&] { return msync(m.addr(), env.page, MS_INVALIDATE); },
                     "msync(MS_INVALIDATE) of an mlocked page");
}

Observation CheckNoexecMountExec(const CheckEnv &env) {
  const std::string dir = env.dir + "/noexec";
  MK_REQUIRE(mkdir(dir.c_str(), 0700) == 0, "mkdir");
  const size_t page = env.page;
  // In a private mount namespace, so the mount vanishes with the child.
  Observation seen = CallInChild(
      [&] {
        if (!mk_posix::EnterPrivateMountNamespace().empty() ||
            mount("mk-noexec", dir.c_str(), "tmpfs", MS_NOEXEC | MS_NOSUID | MS_NODEV, "size=1m") !=
                0) {
          return kNoexecUnavailable;
        }
        const std::string path = dir + "/file";
        int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0755);
        if (fd < 0 || ftruncate(fd, static_cast<off_t>(page)) != 0) return kNoexecSetupFailed;
        void *x = mmap(nullptr, page, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
        if (x != MAP_FAILED) return kNoexecMmapMapped;
        if (errno != EPERM) return kNoexecMmapOtherErrno;
        void *r = mmap(nullptr, page, PROT_READ, MAP_PRIVATE, fd, 0);
        if (r == MAP_FAILED) return kNoexecSetupFailed;
        return mprotect(r, page, PROT_READ | PROT_EXEC) == 0 ? 0 : errno;
      },
      "mprotect(PROT_READ|PROT_EXEC) of a MAP_PRIVATE mapping of a file on a noexec mount");
  if (seen.kind == Observation::Kind::kErrno) {
    switch (seen.err) {
      case kNoexecUnavailable:
        return Skipped("cannot mount a noexec tmpfs in a private mount namespace here");
      case kNoexecSetupFailed:
        return SetupFailed("creating or mapping the file on the noexec mount", 0);
      case kNoexecMmapMapped:
        return Violated(
            "mmap(PROT_READ|PROT_EXEC) of a file on a noexec mount succeeded, "
            "expected EPERM");
      case kNoexecMmapOtherErrno:
        return Violated(
            "mmap(PROT_READ|PROT_EXEC) of a file on a noexec mount failed with "
            "another errno than EPERM");
      case EACCES:
        seen.detail = "mmap(PROT_READ|PROT_EXEC) failed with EPERM; " + seen.detail;
        return seen;
      default:
        break;
    }
  }
  return seen;
}

}  // namespace mk_conformance
