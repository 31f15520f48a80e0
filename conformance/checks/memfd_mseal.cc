// Checks of memfd seals against mmap() (F_SEAL_WRITE, F_SEAL_FUTURE_WRITE) and of mseal().
// A seal cannot be undone: every mseal() runs in a forked child (ObserveInChild); a memfd
// dies with its last descriptor and mapping, so memfd checks run in process.
#include "conformance/checks/memfd_mseal.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "conformance/checks/check_util.h"

namespace mk_conformance {

namespace {

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

// mseal(2) has the same number on every architecture (the unified syscall table, 6.10);
// glibc 2.36 has neither a wrapper nor SYS_mseal.
constexpr long kSysMseal = 462;

// A memfd that allows sealing, holding 2 pages of a pattern, sealed with `seals` (0: none).
// On failure the ScopedFd is invalid and *failure says why (a skip for a kernel without
// memfd_create).
ScopedFd NewMemfd(size_t page, int seals, Observation *failure) {
  ScopedFd fd(memfd_create("mmapkit-seal", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!fd.valid()) {
    *failure = errno == ENOSYS
                   ? SkippedBeforeKernel(Linux(3, 17), "no memfd_create (ENOSYS): Linux < 3.17")
                   : SetupFailed("memfd_create(MFD_ALLOW_SEALING)", errno);
    return fd;
  }
  std::string content = Pattern(2 * page, 7);
  if (pwrite(fd.get(), content.data(), content.size(), 0) != static_cast<ssize_t>(content.size()) ||
      (seals != 0 && fcntl(fd.get(), F_ADD_SEALS, seals) != 0)) {
    *failure = SetupFailed(seals != 0 ? "write + fcntl(F_ADD_SEALS)" : "write", errno);
    return ScopedFd();
  }
  return fd;
}

#define MK_NEW_MEMFD(var, page, seals)                      \
  ::mk_conformance::Observation var##_failure;              \
  ScopedFd var = NewMemfd((page), (seals), &var##_failure); \
  if (!var.valid()) return var##_failure;                   \
  static_assert(true, "require a semicolon")

// The memfd still holds its 2 pages of pattern.
Observation MemfdUnchanged(int fd, size_t page, const std::string &what) {
  return CompareFile(fd, Pattern(2 * page, 7), what);
}

// Run the calls in order; each must fail, all with the same errno: FailedWithErrno with
// it, or Violated naming the first call that succeeded or differed.
struct Attempt {
  std::string what;
  std::function<long()> call;
};
Observation SameErrnoFromAll(const std::vector<Attempt> &attempts, const std::string &summary) {
  int first = 0;
  for (const Attempt &a : attempts) {
    errno = 0;
    if (a.call() != -1) return Success(a.what + " succeeded");
    if (first == 0) {
      first = errno;
    } else if (errno != first) {
      return Violated(attempts[0].what + " failed with " + strerror(first) + ", but " + a.what +
                      " with " + strerror(errno));
    }
  }
  return FailedWithErrno(first, summary);
}

long MmapResult(void *p, size_t len) {
  if (p == MAP_FAILED) return -1;
  munmap(p, len);
  return 0;
}

// mseal is for 64-bit processes only (mm/Makefile: CONFIG_64BIT); its ENOSYS there is the
// kernel's age.
Observation MsealMissing() {
  if (sizeof(void *) < 8) return Skipped("mseal exists for 64-bit processes only");
  return SkippedBeforeKernel(Linux(6, 10), "the kernel has no mseal (ENOSYS): Linux < 6.10");
}

long Mseal(void *p, size_t len, unsigned long flags) {
  return syscall(kSysMseal, p, len, flags);
}

// `pages` read-only private anonymous pages between inaccessible guards (a VMA of its own).
char *MapGuardedReadOnly(Mapping *reserved, size_t pages, size_t page) {
  *reserved = Reserve((pages + 2) * page);
  if (!reserved->valid()) return nullptr;
  char *p = reserved->ptr() + page;
  Mapping m = Mmap(p, pages * page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (!m.valid()) return nullptr;
  m.release();
  return p;
}

}  // namespace

Observation CheckSealWriteSharedWrite(const CheckEnv &env) {
  MK_NEW_MEMFD(fd, env.page, F_SEAL_WRITE);
  const size_t len = env.page;
  return SameErrnoFromAll(
      {{"mmap(PROT_READ|PROT_WRITE, MAP_SHARED)",
        [&] {
          return MmapResult(mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0),
                            len);
        }},
       {"mmap(PROT_WRITE, MAP_SHARED)",
        [&] { return MmapResult(mmap(nullptr, len, PROT_WRITE, MAP_SHARED, fd.get(), 0), len); }}},
      "mmap(PROT_READ|PROT_WRITE) and mmap(PROT_WRITE), MAP_SHARED, of an F_SEAL_WRITE memfd");
}

Observation CheckSealWritePrivateOk(const CheckEnv &env) {
  MK_NEW_MEMFD(fd, env.page, F_SEAL_WRITE);
  MK_MAP(m, "mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE) of an F_SEAL_WRITE memfd", nullptr, env.page,
         PROT_READ | PROT_WRITE, MAP_PRIVATE, fd.get(), 0);
  m.ptr()[10] = 'p';
  MK_STEP(MemfdUnchanged(fd.get(), env.page, "the memfd after a store to the private mapping"),
          "a store to a MAP_PRIVATE mapping of a sealed memfd reached the memfd");
  return Success(
      "a writable MAP_PRIVATE mapping of the sealed memfd works; the memfd is unchanged");
}

Observation CheckSealWriteSharedReadNoWrite(const CheckEnv &env) {
  MK_NEW_MEMFD(fd, env.page, F_SEAL_WRITE);
  Mapping m = Mmap(nullptr, env.page, PROT_READ, MAP_SHARED, fd.get(), 0);
  if (!m.valid()) {
    if (errno == EPERM) {
      return Variant(kSealedReadOnlySharedRefused,
                     "mmap(PROT_READ, MAP_SHARED) of an F_SEAL_WRITE memfd failed with EPERM");
    }
    MK_RETURN_ERRNO("mmap(PROT_READ, MAP_SHARED) of an F_SEAL_WRITE memfd");
  }
  return ObserveCall([&] { return mprotect(m.addr(), env.page, PROT_READ | PROT_WRITE); },
                     "mmap(PROT_READ, MAP_SHARED) of an F_SEAL_WRITE memfd succeeded; then "
                     "mprotect(PROT_READ|PROT_WRITE)");
}

Observation CheckSealWriteBusy(const CheckEnv &env) {
  MK_NEW_MEMFD(fd, env.page, 0);
  MK_MAP(rw, "mmap(PROT_READ|PROT_WRITE, MAP_SHARED)", nullptr, env.page, PROT_READ | PROT_WRITE,
         MAP_SHARED, fd.get(), 0);
  errno = 0;
  long with_rw = fcntl(fd.get(), F_ADD_SEALS, F_SEAL_WRITE);
  int rw_err = errno;
  rw = Mapping();
  MK_MAP(ro, "mmap(PROT_READ, MAP_SHARED)", nullptr, env.page, PROT_READ, MAP_SHARED, fd.get(), 0);
  errno = 0;
  long with_ro = fcntl(fd.get(), F_ADD_SEALS, F_SEAL_WRITE);
  int ro_err = errno;
  if (with_rw == 0 || with_ro == 0) {
    return Success(std::string("F_ADD_SEALS(F_SEAL_WRITE) succeeded while a MAP_SHARED mapping "
                               "through the writable memfd existed (") +
                   (with_rw == 0 ? "PROT_READ|PROT_WRITE" : "PROT_READ") + ")");
  }
  if (rw_err != ro_err) {
    return Violated(std::string("with a PROT_READ|PROT_WRITE mapping F_ADD_SEALS failed with ") +
                    strerror(rw_err) + ", with a PROT_READ one with " + strerror(ro_err));
  }
  return FailedWithErrno(rw_err,
                         "fcntl(F_ADD_SEALS, F_SEAL_WRITE) while a MAP_SHARED mapping "
                         "(PROT_READ|PROT_WRITE, then PROT_READ) of the memfd exists");
}

Observation CheckSealWritePrivateNoBlock(const CheckEnv &env) {
  MK_NEW_MEMFD(fd, env.page, 0);
  MK_MAP(m, "mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE)", nullptr, env.page, PROT_READ | PROT_WRITE,
         MAP_PRIVATE, fd.get(), 0);
  m.ptr()[0] = 'a';
  if (fcntl(fd.get(), F_ADD_SEALS, F_SEAL_WRITE) != 0) {
    MK_RETURN_ERRNO("fcntl(F_ADD_SEALS, F_SEAL_WRITE) while a MAP_PRIVATE mapping exists");
  }
  m.ptr()[1] = 'b';
  if (m.ptr()[0] != 'a' || m.ptr()[1] != 'b') {
    return Violated("the private mapping lost its stores after the seal");
  }
  MK_STEP(MemfdUnchanged(fd.get(), env.page, "the memfd"),
          "stores to the private mapping reached the memfd");
  return Success(
      "F_SEAL_WRITE was added with a writable MAP_PRIVATE mapping in place, which "
      "keeps working privately");
}

Observation CheckSealRejectedAddsNone(const CheckEnv &env) {
  MK_NEW_MEMFD(fd, env.page, 0);
  MK_MAP(m, "mmap(PROT_READ|PROT_WRITE, MAP_SHARED)", nullptr, env.page, PROT_READ | PROT_WRITE,
         MAP_SHARED, fd.get(), 0);
  const int want = F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW;
  if (fcntl(fd.get(), F_ADD_SEALS, want) == 0) {
    return Violated(
        "F_ADD_SEALS(F_SEAL_WRITE|F_SEAL_SHRINK|F_SEAL_GROW) succeeded despite the "
        "writable shared mapping: nothing to judge");
  }
  const int err = errno;
  int seals = fcntl(fd.get(), F_GET_SEALS);
  MK_REQUIRE(seals >= 0, "fcntl(F_GET_SEALS)");
  if (seals != 0) {
    return Violated(std::string("F_ADD_SEALS(F_SEAL_WRITE|F_SEAL_SHRINK|F_SEAL_GROW) failed "
                                "with ") +
                    strerror(err) + " but F_GET_SEALS now returns " + Hex(seals) +
                    ", expected 0: part of the request was applied");
  }
  return Success(std::string("the rejected F_ADD_SEALS (") + strerror(err) +
                 ") added none of its seals: F_GET_SEALS is 0");
}

Observation CheckSealFutureWrite(const CheckEnv &env) {
  MK_NEW_MEMFD(fd, env.page, 0);
  const size_t len = env.page;
  MK_MAP(existing, "mmap(PROT_READ|PROT_WRITE, MAP_SHARED) before the seal", nullptr, len,
         PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  if (fcntl(fd.get(), F_ADD_SEALS, F_SEAL_FUTURE_WRITE) != 0) {
    if (errno == EINVAL) {
      return SkippedBeforeKernel(Linux(5, 1), "F_SEAL_FUTURE_WRITE fails with EINVAL: Linux < 5.1");
    }
    MK_RETURN_ERRNO("fcntl(F_ADD_SEALS, F_SEAL_FUTURE_WRITE)");
  }
  existing.ptr()[0] = 'e';
  char got = 0;
  MK_REQUIRE(pread(fd.get(), &got, 1, 0) == 1, "pread");
  if (got != 'e') {
    return Violated(
        "a store through the writable mapping made before the seal is not in the "
        "memfd: read " +
        ByteText(got));
  }
  MK_MAP(ro, "mmap(PROT_READ, MAP_SHARED) after F_SEAL_FUTURE_WRITE", nullptr, len, PROT_READ,
         MAP_SHARED, fd.get(), 0);
  if (mprotect(ro.addr(), len, PROT_READ | PROT_WRITE) == 0) {
    return Violated(
        "mprotect(PROT_READ|PROT_WRITE) of a read-only shared mapping made after "
        "F_SEAL_FUTURE_WRITE succeeded");
  }
  if (errno != EACCES) {
    return Violated(std::string("mprotect(+PROT_WRITE) of the read-only shared mapping failed "
                                "with ") +
                    strerror(errno) + ", expected EACCES");
  }
  MK_MAP(priv, "mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE) after F_SEAL_FUTURE_WRITE", nullptr, len,
         PROT_READ | PROT_WRITE, MAP_PRIVATE, fd.get(), 0);
  priv.ptr()[1] = 'p';
  const char kept = priv.ptr()[2];
  MK_STEP(StoreInChild(priv.ptr() + 2, 'c', "store to the private mapping in a fork child"),
          "a fork child cannot store to its copy-on-write private mapping of the sealed memfd");
  if (priv.ptr()[2] != kept) return Violated("the fork child's store reached the parent's copy");
  void *fresh = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  if (fresh != MAP_FAILED) {
    munmap(fresh, len);
    return Success(
        "a new mmap(PROT_READ|PROT_WRITE, MAP_SHARED) after F_SEAL_FUTURE_WRITE "
        "succeeded");
  }
  MK_RETURN_ERRNO(
      "after F_SEAL_FUTURE_WRITE (the old writable mapping still works, a read-only "
      "shared one cannot gain PROT_WRITE, a private one is fine, also across fork): a new "
      "mmap(PROT_READ|PROT_WRITE, MAP_SHARED)");
}

Observation CheckMsealBlocksChanges(const CheckEnv &env) {
  return ObserveInChild(
      [&]() -> Observation {
        const size_t len = 2 * env.page;
        Mapping reserved;
        char *p = MapGuardedReadOnly(&reserved, 2, env.page);
        MK_REQUIRE(p != nullptr, "mmap");
        if (Mseal(p, len, 0) != 0) {
          if (errno == ENOSYS) return MsealMissing();
          return Violated(std::string("mseal of 2 read-only anonymous pages failed with ") +
                          strerror(errno));
        }
        std::vector<Attempt> attempts = {
            {"mprotect(PROT_READ|PROT_WRITE)",
             [&] { return static_cast<long>(mprotect(p, len, PROT_READ | PROT_WRITE)); }},
            {"munmap", [&] { return static_cast<long>(munmap(p, len)); }},
            {"mremap(grow, MREMAP_MAYMOVE)",
             [&] {
               void *r = mremap(p, len, 2 * len, MREMAP_MAYMOVE);
               return r == MAP_FAILED ? -1L : 0L;
             }},
            {"mmap(MAP_FIXED) over it",
             [&] {
               void *r = mmap(p, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
               return r == MAP_FAILED ? -1L : 0L;
             }},
            {"madvise(MADV_DONTNEED) (discards read-only anonymous memory)",
             [&] { return static_cast<long>(madvise(p, len, MADV_DONTNEED)); }},
        };
        // pkey_mprotect with key -1 is mprotect, where the architecture has the call.
        if (syscall(SYS_pkey_mprotect, nullptr, 0, PROT_READ, -1) == 0 || errno != ENOSYS) {
          attempts.push_back({"pkey_mprotect(PROT_READ|PROT_WRITE, key -1)", [&] {
                                return static_cast<long>(
                                    pkey_mprotect(p, len, PROT_READ | PROT_WRITE, -1));
                              }});
        }
        return SameErrnoFromAll(attempts,
                                "on a sealed range: mprotect, munmap, mremap, "
                                "mmap(MAP_FIXED), madvise(MADV_DONTNEED)" +
                                    std::string(attempts.size() > 5 ? ", pkey_mprotect" : ""));
      },
      "the sealing child");
}

Observation CheckMsealInvalidArgs(const CheckEnv &env) {
  return ObserveInChild(
      [&]() -> Observation {
        Mapping reserved;
        char *p = MapGuardedReadOnly(&reserved, 1, env.page);
        MK_REQUIRE(p != nullptr, "mmap");
        errno = 0;
        if (Mseal(p, env.page, 1) != 0 && errno == ENOSYS) return MsealMissing();
        return SameErrnoFromAll(
            {{"mseal(flags 1)", [&] { return Mseal(p, env.page, 1); }},
             {"mseal(addr + 1)", [&] { return Mseal(p + 1, env.page, 0); }},
             {"mseal(len wrapping past the top)", [&] { return Mseal(p, -env.page, 0); }}},
            "mseal with flags 1, with an unaligned address, with a length that wraps");
      },
      "the sealing child");
}

Observation CheckMsealUnmapped(const CheckEnv &env) {
  return ObserveInChild(
      [&]() -> Observation {
        const size_t pg = env.page;
        Mapping reserved;
        char *p = MapGuardedReadOnly(&reserved, 4, pg);
        MK_REQUIRE(p != nullptr, "mmap");
        MK_REQUIRE(munmap(p + pg, pg) == 0 && munmap(p + 3 * pg, pg) == 0, "munmap (holes)");
        errno = 0;
        if (Mseal(p, 3 * pg, 0) != 0 && errno == ENOSYS) return MsealMissing();
        Observation o = SameErrnoFromAll(
            {{"mseal over a gap", [&] { return Mseal(p, 3 * pg, 0); }},
             {"mseal of an unmapped start", [&] { return Mseal(p + pg, 2 * pg, 0); }},
             {"mseal with an unmapped end", [&] { return Mseal(p + 2 * pg, 2 * pg, 0); }}},
            "mseal over a gap, from an unmapped page, to an unmapped page");
        if (o.kind != Observation::Kind::kErrno) return o;
        if (mprotect(p, pg, PROT_READ | PROT_WRITE) != 0) {
          return Violated(std::string("after the failed mseal calls, mprotect of the first page "
                                      "failed with ") +
                          strerror(errno) + ": a failed mseal sealed part of its range");
        }
        return o;
      },
      "the sealing child");
}

}  // namespace mk_conformance
