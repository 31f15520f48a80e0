// Checks of what an access does: protection faults and their si_code and
// si_addr, munmap (whole, partial, unaligned), mprotect, MAP_FIXED and where
// the kernel places mappings.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <memory>

#include "conformance/checks/check_util.h"
#include "conformance/checks/checks.h"
#include "conformance/checks/mmap_args.h"

namespace mk_conformance {

namespace {

// The backing of a check's mapping: a fresh file (disk, tmpfs) or nothing
// (anon). Map() makes a MAP_SHARED file mapping or a MAP_PRIVATE anonymous
// one, so the same check covers every row of its entry.
class Backing {
 public:
  Backing(const CheckEnv &env, size_t pages) : env_(env), content_(Pattern(pages * env.page)) {
    if (env.fs != Fs::kAnon) {
      file_.reset(new TempFile(content_, env.dir));
      fd_ = file_->Open(O_RDWR);
    }
  }
  bool ok() const { return env_.fs == Fs::kAnon || fd_.valid(); }
  // What a fresh mapping shows: the file's bytes, or zeros for anonymous memory.
  std::string Expected(size_t page_index) const {
    if (env_.fs == Fs::kAnon) return std::string(env_.page, '\0');
    return content_.substr(page_index * env_.page, env_.page);
  }
  Mapping Map(void *addr, size_t len, int prot, int extra_flags = 0, off_t offset = 0) const {
    if (env_.fs == Fs::kAnon) {
      return Mmap(addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
    }
    return Mmap(addr, len, prot, MAP_SHARED | extra_flags, fd_.get(), offset);
  }
  int fd() const { return fd_.get(); }

 private:
  const CheckEnv &env_;
  std::string content_;
  std::unique_ptr<TempFile> file_;
  ScopedFd fd_;
};

}  // namespace

Observation CheckProtNoneAccess(const CheckEnv &env) {
  Backing backing(env, 1);
  MK_REQUIRE(backing.ok(), "open");
  Mapping m = backing.Map(nullptr, env.page, PROT_NONE);
  if (!m.valid()) MK_RETURN_ERRNO("mmap(PROT_NONE)");
  return LoadInChild(m.ptr() + 123, "load from a PROT_NONE page");
}

Observation CheckReadOnlyStore(const CheckEnv &env) {
  Backing backing(env, 1);
  MK_REQUIRE(backing.ok(), "open");
  Mapping m = backing.Map(nullptr, env.page, PROT_READ);
  if (!m.valid()) MK_RETURN_ERRNO("mmap(PROT_READ)");
  MK_STEP(LoadInChild(m.ptr() + 5, "load from the PROT_READ page"), "the page is not readable");
  Observation store = StoreInChild(m.ptr() + 5, 'w', "store to a PROT_READ page");
  MK_STEP(CompareBytes(m.vptr(), backing.Expected(0), "the page after the refused store"),
          "the refused store changed the page");
  return store;
}

Observation CheckProtNoneStore(const CheckEnv &env) {
  Backing backing(env, 1);
  MK_REQUIRE(backing.ok(), "open");
  Mapping m = backing.Map(nullptr, env.page, PROT_NONE);
  if (!m.valid()) MK_RETURN_ERRNO("mmap(PROT_NONE)");
  Observation store = StoreInChild(m.ptr() + 123, 'n', "store to a PROT_NONE page");
  MK_REQUIRE(mprotect(m.addr(), env.page, PROT_READ) == 0, "mprotect(PROT_READ) to look");
  MK_STEP(CompareBytes(m.vptr(), backing.Expected(0), "the page after the refused store"),
          "the refused store changed the page");
  return store;
}

Observation CheckWriteOnlyReadable(const CheckEnv &env) {
  Backing backing(env, 1);
  MK_REQUIRE(backing.ok(), "open");
  Mapping m = backing.Map(nullptr, env.page, PROT_WRITE);
  if (!m.valid()) MK_RETURN_ERRNO("mmap(PROT_WRITE)");
  // A load as the very first access, before any store could have mapped the page.
  MK_STEP(LoadInChild(m.vptr() + 5, "load as the first access to a PROT_WRITE page"),
          "a PROT_WRITE-only page is not readable");
  volatile char *p = m.vptr() + 6;
  MK_STEP(AccessInChild(
              [p] {
                *p = 'w';
                if (*p != 'w') _exit(3);
              },
              "store to and load back from a PROT_WRITE page", p),
          "a PROT_WRITE-only page does not read back what was stored");
  return Success("a PROT_WRITE page is readable, before and after a store");
}

Observation CheckSegvSiAddr(const CheckEnv &env) {
  Mapping m = Mmap(nullptr, env.page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  MK_REQUIRE(m.valid(), "mmap(PROT_NONE)");
  volatile char *target = m.vptr() + 123;
  mk_posix::ChildOutcome outcome =
      mk_posix::RunInChild([target] { (void)*target; }, kChildTimeoutMs);
  return CompareSiAddr(outcome, reinterpret_cast<uintptr_t>(target), env.page,
                       "load from a PROT_NONE page");
}

Observation CheckAccessAfterMunmap(const CheckEnv &env) {
  Backing backing(env, 1);
  MK_REQUIRE(backing.ok(), "open");
  // Guard pages on both sides keep anything else from landing in the hole.
  Mapping reserved = Reserve(3 * env.page);
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  char *middle = reserved.ptr() + env.page;
  Mapping m = backing.Map(middle, env.page, PROT_READ | PROT_WRITE, MAP_FIXED);
  MK_REQUIRE(m.valid(), "mmap(MAP_FIXED) inside the reservation");
  m.release();  // the reservation owns the range
  MK_STEP(StoreInChild(middle, 'm', "store before munmap"), "the page is not usable");
  if (munmap(middle, env.page) != 0) MK_RETURN_ERRNO("munmap");
  return LoadInChild(middle + 9, "load after munmap");
}

Observation CheckPartialMunmap(const CheckEnv &env) {
  Backing backing(env, 3);
  MK_REQUIRE(backing.ok(), "open");
  Mapping reserved = Reserve(5 * env.page);  // guard pages around the 3 pages
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  char *p = reserved.ptr() + env.page;
  Mapping m = backing.Map(p, 3 * env.page, PROT_READ | PROT_WRITE, MAP_FIXED);
  MK_REQUIRE(m.valid(), "mmap(MAP_FIXED) inside the reservation");
  m.release();
  if (munmap(p + env.page, env.page) != 0) MK_RETURN_ERRNO("munmap of page 1 of 3");
  for (size_t i : {size_t{0}, size_t{2}}) {
    char *page = p + i * env.page;
    std::string what = "page " + std::to_string(i) + " after munmap of page 1";
    MK_STEP(LoadInChild(page, "load from " + what), what + " is not mapped");
    MK_STEP(CompareBytes(page, backing.Expected(i), what), what + " lost its contents");
    MK_STEP(StoreInChild(page + 1, page[1], "store to " + what), what + " is not writable");
  }
  return LoadInChild(p + env.page + 1, "load from the unmapped page 1");
}

Observation CheckMprotectNoneAndBack(const CheckEnv &env) {
  Backing backing(env, 1);
  MK_REQUIRE(backing.ok(), "open");
  Mapping m = backing.Map(nullptr, env.page, PROT_READ | PROT_WRITE);
  MK_REQUIRE(m.valid(), "mmap(PROT_READ|PROT_WRITE)");
  std::string content = Pattern(env.page, 7);
  for (size_t i = 0; i < env.page; i++) m.ptr()[i] = content[i];
  if (mprotect(m.addr(), env.page, PROT_NONE) != 0) {
    MK_RETURN_ERRNO("mprotect(PROT_NONE)");
  }
  Observation blocked = LoadInChild(m.vptr(), "load while PROT_NONE");
  if (blocked.kind != Observation::Kind::kSignal) {
    return Violated("after mprotect(PROT_NONE): " + Describe(blocked) + ", expected a fault");
  }
  if (mprotect(m.addr(), env.page, PROT_READ | PROT_WRITE) != 0) {
    MK_RETURN_ERRNO("mprotect(PROT_READ|PROT_WRITE) back");
  }
  MK_STEP(StoreInChild(m.vptr() + 1, content[1], "store after mprotect back"),
          "the page stayed blocked");
  MK_STEP(CompareBytes(m.vptr(), content, "the page after PROT_NONE and back"),
          "the contents changed");
  if (env.fs != Fs::kAnon) {
    MK_STEP(CompareFile(backing.fd(), content, "the file"), "the stores did not reach the file");
  }
  return Success("faulted while PROT_NONE (" + blocked.detail + "); contents kept");
}

Observation CheckFixedReplaces(const CheckEnv &env) {
  Backing backing(env, 1);
  MK_REQUIRE(backing.ok(), "open");
  Mapping reserved = Reserve(2 * env.page);
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  char *p = reserved.ptr();
  Mapping old =
      Mmap(p, 2 * env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  MK_REQUIRE(old.valid(), "mmap(MAP_FIXED) of the old pages");
  old.release();
  for (size_t i = 0; i < 2 * env.page; i++) p[i] = 'o';
  Mapping fresh = backing.Map(p, env.page, PROT_READ | PROT_WRITE, MAP_FIXED);
  if (!fresh.valid()) MK_RETURN_ERRNO("mmap(MAP_FIXED) over page 0");
  void *got = fresh.addr();
  fresh.release();  // inside the reservation, which unmaps it
  if (got != p) return Violated("mmap(MAP_FIXED, " + Hex(p) + ") returned " + Hex(got));
  MK_STEP(CompareBytes(p, backing.Expected(0), "page 0 after MAP_FIXED"),
          "page 0 still shows the old mapping");
  MK_STEP(CompareBytes(p + env.page, std::string(env.page, 'o'), "page 1"),
          "MAP_FIXED of page 0 changed page 1");
  return Success("page 0 shows the new mapping, page 1 the old one");
}

Observation CheckFixedNoreplace(const CheckEnv &env) {
  // Gated on the version the kernel reports, never on a probe of the flag: a platform
  // that claims Linux >= 4.17 and gets MAP_FIXED_NOREPLACE wrong FAILs.
  Observation skip;
  if (KernelPredates(Linux(4, 17), "MAP_FIXED_NOREPLACE", &skip)) return skip;
  Mapping reserved = Reserve(2 * env.page);
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  char *p = reserved.ptr();
  Mapping old =
      Mmap(p, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  MK_REQUIRE(old.valid(), "mmap(MAP_FIXED) of the existing page");
  old.release();
  for (size_t i = 0; i < env.page; i++) p[i] = 'e';
  void *got = mmap(p, env.page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  int err = errno;
  if (got != MAP_FAILED) {
    bool inside = got >= reserved.addr() && got < reserved.ptr() + reserved.len();
    if (!inside) munmap(got, env.page);
    const std::string what = "mmap(MAP_FIXED_NOREPLACE) over an existing page returned " + Hex(got);
    if (got == p) return Success(what + " (the existing page was replaced)");
    return Variant("taken-as-hint", what + ", not " + Hex(p) + ": the flag was taken as a hint");
  }
  MK_STEP(CompareBytes(p, std::string(env.page, 'e'), "the existing page"),
          "the failed MAP_FIXED_NOREPLACE changed the existing page");
  return FailedWithErrno(err, "mmap(MAP_FIXED_NOREPLACE) over an existing page");
}

Observation CheckNeverZeroOrReplace(const CheckEnv &env) {
  for (void *hint : {static_cast<void *>(nullptr), reinterpret_cast<void *>(env.page)}) {
    void *p = mmap(hint, env.page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) MK_RETURN_ERRNO("mmap(hint=" + Hex(hint) + ")");
    munmap(p, env.page);
    if (p == nullptr) return Violated("mmap(hint=" + Hex(hint) + ") returned address 0");
  }
  Mapping existing =
      Mmap(nullptr, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  MK_REQUIRE(existing.valid(), "mmap");
  existing.ptr()[0] = 'x';
  void *p = mmap(existing.addr(), env.page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) MK_RETURN_ERRNO("mmap(hint=an existing mapping)");
  if (p == existing.addr()) {
    existing.release();
    munmap(p, env.page);
    return Violated("mmap(hint=" + Hex(p) + ") without MAP_FIXED replaced the existing mapping");
  }
  munmap(p, env.page);
  MK_STEP(CompareBytes(existing.vptr(), "x", "the existing mapping"), "it changed");
  return Success("never 0; a hint at an existing mapping got " + Hex(p) + " instead");
}

Observation CheckMunmapLengthZero(const CheckEnv &env) {
  Mapping m = Mmap(nullptr, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  MK_REQUIRE(m.valid(), "mmap");
  return ObserveCall([&] { return munmap(m.addr(), 0); }, "munmap(len=0)");
}

Observation CheckMunmapUnaligned(const CheckEnv &env) {
  Mapping m =
      Mmap(nullptr, 2 * env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  MK_REQUIRE(m.valid(), "mmap");
  Observation o = ObserveCall([&] { return munmap(m.ptr() + 1, env.page); },
                              "munmap(addr=" + Hex(m.ptr() + 1) + ")");
  if (o.kind == Observation::Kind::kErrno) {
    MK_STEP(StoreInChild(m.vptr(), 'u', "store to page 0"), "the failed munmap unmapped memory");
  }
  return o;
}

Observation CheckMunmapUnmapped(const CheckEnv &env) {
  Mapping reserved = Reserve(3 * env.page);
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  char *hole = reserved.ptr() + env.page;
  MK_REQUIRE(munmap(hole, env.page) == 0, "munmap (make a hole)");
  return ObserveCall([&] { return munmap(hole, env.page); }, "munmap of an unmapped page");
}

Observation CheckMprotectUnaligned(const CheckEnv &env) {
  Mapping m =
      Mmap(nullptr, 2 * env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  MK_REQUIRE(m.valid(), "mmap");
  return ObserveCall([&] { return mprotect(m.ptr() + 1, env.page, PROT_READ); },
                     "mprotect(addr=" + Hex(m.ptr() + 1) + ")");
}

Observation CheckMprotectUnmapped(const CheckEnv &env) {
  Mapping reserved = Reserve(3 * env.page);
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  char *hole = reserved.ptr() + env.page;
  MK_REQUIRE(munmap(hole, env.page) == 0, "munmap (make a hole)");
  return ObserveCall([&] { return mprotect(hole, env.page, PROT_READ); },
                     "mprotect of an unmapped page");
}

}  // namespace mk_conformance
