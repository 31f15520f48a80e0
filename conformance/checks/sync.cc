// Checks of msync's flags and ranges, and of mremap (Linux).
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/checks/check_util.h"
#include "conformance/checks/checks.h"
#include "conformance/checks/mprotect_msync.h"

namespace mk_conformance {

namespace {

Observation MsyncAfterStore(const CheckEnv &env, int flags, const std::string &name) {
  std::string content = Pattern(env.page, 9);
  TempFile file = NewFile(env, content);
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_SHARED)", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  m.ptr()[50] = 'y';
  content[50] = 'y';
  if (msync(m.addr(), env.page, flags) != 0) MK_RETURN_ERRNO("msync(" + name + ")");
  MK_STEP(CompareFile(fd.get(), content, "the file after msync(" + name + ")"),
          "the store is not in the file");
  return Success("msync(" + name + ") returned 0; the file holds the store");
}

Mapping AnonPages(const CheckEnv &env, size_t pages) {
  return Mmap(nullptr, pages * env.page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
}

// The middle page of a 3-page reservation, unmapped (the reservation keeps
// the pages around it, so nothing else is mapped there meanwhile).
char *UnmappedPage(const CheckEnv &env, Mapping *reserved) {
  *reserved = Reserve(3 * env.page);
  if (!reserved->valid()) return nullptr;
  char *hole = reserved->ptr() + env.page;
  return munmap(hole, env.page) == 0 ? hole : nullptr;
}

}  // namespace

Observation CheckMsyncSync(const CheckEnv &env) {
  return MsyncAfterStore(env, MS_SYNC, "MS_SYNC");
}

Observation CheckMsyncAsync(const CheckEnv &env) {
  return MsyncAfterStore(env, MS_ASYNC, "MS_ASYNC");
}

Observation CheckMsyncUnaligned(const CheckEnv &env) {
  Mapping m = AnonPages(env, 2);
  MK_REQUIRE(m.valid(), "mmap");
  return ObserveCall([&] { return msync(m.ptr() + 1, env.page, MS_SYNC); },
                     "msync(addr=" + Hex(m.ptr() + 1) + ", MS_SYNC)");
}

Observation CheckMsyncBothFlags(const CheckEnv &env) {
  Mapping m = AnonPages(env, 1);
  MK_REQUIRE(m.valid(), "mmap");
  return ObserveCall([&] { return msync(m.addr(), env.page, MS_SYNC | MS_ASYNC); },
                     "msync(MS_SYNC|MS_ASYNC)");
}

Observation CheckMsyncUnmapped(const CheckEnv &env) {
  Mapping reserved;
  char *hole = UnmappedPage(env, &reserved);
  MK_REQUIRE(hole != nullptr, "mmap and munmap (an unmapped page)");
  return ObserveCall([&] { return msync(hole, env.page, MS_SYNC); },
                     "msync(MS_SYNC) of an unmapped page");
}

Observation CheckMsyncZeroLengthUnmapped(const CheckEnv &env) {
  Mapping reserved;
  char *hole = UnmappedPage(env, &reserved);
  MK_REQUIRE(hole != nullptr, "mmap and munmap (an unmapped page)");
  return ObserveCall([&] { return msync(hole, 0, MS_SYNC); },
                     "msync(addr, 0, MS_SYNC) at an unmapped page");
}

Observation CheckMsyncNoFlags(const CheckEnv &env) {
  Mapping m = AnonPages(env, 1);
  MK_REQUIRE(m.valid(), "mmap");
  return ObserveCall([&] { return msync(m.addr(), env.page, 0); }, "msync(flags=0)");
}

Observation CheckMremapGrow(const CheckEnv &env) {
  // Private and shared anonymous memory alike. The shared object is 4 pages from the
  // start, so growing back to 4 pages stays inside it; pages 1-3 are made PROT_NONE
  // mappings of their own, so the grow must move.
  for (int type : {MAP_PRIVATE, MAP_SHARED}) {
    const std::string kind = type == MAP_PRIVATE ? "MAP_PRIVATE" : "MAP_SHARED";
    Mapping m = Mmap(nullptr, 4 * env.page, PROT_READ | PROT_WRITE, type | MAP_ANONYMOUS, -1, 0);
    MK_REQUIRE(m.valid(), "mmap(" + kind + "|MAP_ANONYMOUS, 4 pages)");
    Mapping blocker = Mmap(m.ptr() + env.page, 3 * env.page, PROT_NONE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    MK_REQUIRE(blocker.valid(), "mmap(PROT_NONE, MAP_FIXED) over pages 1-3");
    blocker.release();  // m unmaps it
    std::string content = Pattern(env.page, 11);
    for (size_t i = 0; i < env.page; i++) m.ptr()[i] = content[i];
    void *q = mremap(m.addr(), env.page, 4 * env.page, MREMAP_MAYMOVE);
    if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(" + kind + ", 1 -> 4 pages, MREMAP_MAYMOVE)");
    Mapping grown(q, 4 * env.page);
    if (q == m.addr()) return Violated(kind + ": mremap grew over the next mapping");
    MK_STEP(LoadInChild(grown.vptr() + 4 * env.page - 1, "load from the last new page"),
            kind + ": the grown part is not mapped");
    MK_STEP(CompareBytes(grown.vptr(), content, "the first page after mremap"),
            kind + ": mremap lost the contents");
    MK_STEP(CompareZero(grown.vptr() + env.page, 3 * env.page, "the new pages"),
            kind + ": the new pages are not zero-filled");
    MK_STEP(ExpectUnmapped(m.vptr(), "the old page " + Hex(m.addr())),
            kind + ": the old page is still mapped after the move");
  }
  return Success(
      "MAP_PRIVATE and MAP_SHARED: moved and grown to 4 pages with the contents kept, "
      "the new pages zero, the old page unmapped");
}

Observation CheckMremapBlocked(const CheckEnv &env) {
  Mapping reserved = Reserve(2 * env.page);
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  char *p = reserved.ptr();
  Mapping page0 =
      Mmap(p, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  MK_REQUIRE(page0.valid(), "mmap(MAP_FIXED) inside the reservation");
  page0.release();
  p[0] = 'b';
  void *q = mremap(p, env.page, 2 * env.page, 0);
  int err = errno;
  if (q != MAP_FAILED) {
    return Success("mremap(1 -> 2 pages, no MREMAP_MAYMOVE) into an occupied page returned " +
                   Hex(q));
  }
  MK_STEP(CompareBytes(p, "b", "the page after the refused mremap"), "the page changed");
  return FailedWithErrno(err, "mremap(1 -> 2 pages, no MREMAP_MAYMOVE) with the next page taken");
}

Observation CheckMremapShrink(const CheckEnv &env) {
  Mapping reserved = Reserve(3 * env.page);  // guard page after the 2 pages
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  char *p = reserved.ptr();
  Mapping two =
      Mmap(p, 2 * env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  MK_REQUIRE(two.valid(), "mmap(MAP_FIXED) inside the reservation");
  two.release();
  p[0] = 'k';
  void *q = mremap(p, 2 * env.page, env.page, 0);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(2 -> 1 pages)");
  if (q != p) return Violated("mremap(2 -> 1 pages) moved the mapping to " + Hex(q));
  MK_STEP(CompareBytes(p, "k", "page 0 after shrinking"), "the kept page changed");
  return LoadInChild(p + env.page + 2, "load from the page cut off by mremap");
}

}  // namespace mk_conformance
