// Checks of mremap(): argument errors, in-place resizing, MREMAP_MAYMOVE and
// MREMAP_FIXED moves, old_size 0 duplicates, shared and file mappings, locked
// mappings and MREMAP_DONTUNMAP (Linux).
#include "conformance/checks/mremap.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "conformance/checks/check_util.h"
#include "conformance/posix/privileges.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4  // Linux >= 5.7; older libc headers lack it
#endif

namespace mk_conformance {

namespace {

constexpr int kRw = PROT_READ | PROT_WRITE;
constexpr int kMove = MREMAP_MAYMOVE | MREMAP_FIXED;
constexpr int kDontunmap = MREMAP_MAYMOVE | MREMAP_DONTUNMAP;

// libc's mremap, always with new_address: the kernel reads it whenever
// MREMAP_FIXED or MREMAP_DONTUNMAP is set, and glibc's 4-argument call leaves
// that register undefined (a DONTUNMAP call could fail with EINVAL because of
// the kit, not the platform).
void *Remap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr = nullptr) {
  return mremap(old, old_len, new_len, flags, new_addr);
}

// Anonymous read-write memory (type: MAP_PRIVATE or MAP_SHARED), anywhere.
Mapping Anon(size_t len, int type) {
  return Mmap(nullptr, len, kRw, type | MAP_ANONYMOUS, -1, 0);
}

// Anonymous read-write memory at p, inside a reservation that unmaps it.
bool AnonAt(char *p, size_t len, int type) {
  Mapping m = Mmap(p, len, kRw, type | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  bool at_p = m.ptr() == p;
  m.release();
  return at_p;
}

void Fill(char *p, const std::string &bytes) {
  memcpy(p, bytes.data(), bytes.size());
}

// The page at p is still the PROT_NONE reservation: a load raises SIGSEGV (SEGV_ACCERR).
Observation ExpectReserved(const volatile char *p, const std::string &what) {
  Observation load = LoadInChild(p, "load from " + what);
  if (load.kind == Observation::Kind::kSignal && load.sig == SIGSEGV &&
      load.si_code == SEGV_ACCERR) {
    return Success();
  }
  return Violated(what + " was replaced: a load there gave " + Describe(load) +
                  ", expected SIGSEGV (SEGV_ACCERR) of the PROT_NONE reservation");
}

// A call that must fail: its errno is the observation; a success is reported
// with the address it returned (left mapped: the row runs in a child).
Observation ObserveRemap(const std::function<void *()> &call, const std::string &what) {
  return ObserveMmap(call, 0, what);
}

// Whether the kernel takes MREMAP_DONTUNMAP for anonymous memory of type
// (MAP_PRIVATE: Linux >= 5.7; MAP_SHARED, i.e. shmem: Linux >= 5.13). Asked with
// raw system calls, so a shim that breaks libc's mremap is never mistaken for an
// old kernel. 1: taken; 0: EINVAL, as the older kernels answer; -1: the probe
// itself failed (*failure says how).
int KernelTakesDontunmap(size_t page, int type, std::string *failure) {
  void *p = RawAnonMmap(nullptr, page, kRw, type);
  if (p == MAP_FAILED) {
    *failure = std::string("mmap: ") + strerror(errno);
    return -1;
  }
  long moved = syscall(SYS_mremap, p, page, page, kDontunmap, nullptr);
  int err = errno;
  syscall(SYS_munmap, p, page);
  if (moved != -1) {
    syscall(SYS_munmap, moved, page);
    return 1;
  }
  if (err == EINVAL) return 0;
  *failure = std::string("mremap(MREMAP_DONTUNMAP) failed with ") + strerror(err);
  return -1;
}

// Skip (before the kernel version that has it) when the kernel does not take
// MREMAP_DONTUNMAP for type; Success when it does.
Observation RequireDontunmap(size_t page, int type) {
  const bool shared = type == MAP_SHARED;
  std::string failure;
  int takes = KernelTakesDontunmap(page, type, &failure);
  if (takes < 0) return Violated(failure);
  if (takes == 0) {
    return SkippedBeforeKernel(
        shared ? Linux(5, 13) : Linux(5, 7),
        shared ? "the kernel refuses MREMAP_DONTUNMAP of shared memory with EINVAL (Linux < 5.13)"
               : "the kernel does not know MREMAP_DONTUNMAP: it fails with EINVAL (Linux < 5.7)");
  }
  return Success();
}

// The [start, end) of the /proc/self/maps line that holds addr: false when
// /proc is absent or no line holds it.
bool VmaAround(const void *addr, uintptr_t *start, uintptr_t *end) {
  std::ifstream maps("/proc/self/maps");
  uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream in(line);
    uintptr_t s = 0, e = 0;
    char dash = 0;
    if (!(in >> std::hex >> s >> dash >> e)) continue;
    if (s <= a && a < e) {
      *start = s;
      *end = e;
      return true;
    }
  }
  return false;
}

// VmLck of /proc/self/status in bytes, or -1 without /proc.
long LockedBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.compare(0, 6, "VmLck:") == 0) return std::stol(line.substr(6)) * 1024;
  }
  return -1;
}

// A mapping made of page-sized pieces: the source of the moves below.
struct Pages {
  Mapping reserved;
  char *p = nullptr;
};

// A fresh reservation of n pages (PROT_NONE): every piece is mapped into it.
Pages ReservePages(const CheckEnv &env, size_t n) {
  Pages r;
  r.reserved = Reserve(n * env.page);
  r.p = r.reserved.ptr();
  return r;
}

// A fresh reservation of n pages with page `hole` left free. Made of two PROT_NONE
// mappings around the hole, not by unmapping part of one: the checks rely on munmap
// only for whole mappings.
Pages ReserveWithHole(const CheckEnv &env, size_t n, size_t hole) {
  Pages r = ReservePages(env, n);
  if (!r.reserved.valid()) return r;
  char *p = r.p;
  bool remade = munmap(p, n * env.page) == 0;
  for (size_t start : {size_t{0}, hole + 1}) {
    size_t len = (start == 0 ? hole : n - hole - 1) * env.page;
    if (len == 0) continue;
    Mapping piece =
        Mmap(p + start * env.page, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    remade = remade && piece.ptr() == p + start * env.page;
    piece.release();  // r.reserved unmaps it
  }
  if (!remade) r.p = nullptr;
  return r;
}

}  // namespace

// --- argument errors ------------------------------------------------------------------------

Observation CheckMremapUnalignedOld(const CheckEnv &env) {
  Mapping m = Anon(2 * env.page, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "mmap");
  return ObserveRemap([&] { return Remap(m.ptr() + 1, env.page, env.page, 0); },
                      "mremap(old_address = page + 1, 1 -> 1 pages)");
}

Observation CheckMremapUnmappedOld(const CheckEnv &env) {
  Pages r = ReservePages(env, 3);
  MK_REQUIRE(r.reserved.valid(), "mmap (reserve)");
  char *hole = r.p + env.page;
  MK_REQUIRE(munmap(hole, env.page) == 0, "munmap (make a hole)");
  return ObserveRemap([&] { return Remap(hole, env.page, 2 * env.page, MREMAP_MAYMOVE); },
                      "mremap(MREMAP_MAYMOVE) of an unmapped page");
}

Observation CheckMremapFixedWithoutMaymove(const CheckEnv &env) {
  Mapping m = Anon(env.page, MAP_PRIVATE);
  Pages dst = ReservePages(env, 1);
  MK_REQUIRE(m.valid() && dst.reserved.valid(), "mmap");
  return ObserveRemap([&] { return Remap(m.addr(), env.page, env.page, MREMAP_FIXED, dst.p); },
                      "mremap(MREMAP_FIXED without MREMAP_MAYMOVE)");
}

Observation CheckMremapFixedUnalignedNew(const CheckEnv &env) {
  Mapping m = Anon(env.page, MAP_PRIVATE);
  Pages dst = ReservePages(env, 2);
  MK_REQUIRE(m.valid() && dst.reserved.valid(), "mmap");
  return ObserveRemap([&] { return Remap(m.addr(), env.page, env.page, kMove, dst.p + 1); },
                      "mremap(MREMAP_MAYMOVE|MREMAP_FIXED, new_address = page + 1)");
}

Observation CheckMremapFixedOverlap(const CheckEnv &env) {
  Pages r = ReservePages(env, 3);
  MK_REQUIRE(r.reserved.valid(), "mmap (reserve)");
  MK_REQUIRE(AnonAt(r.p, 2 * env.page, MAP_PRIVATE), "mmap(MAP_FIXED) of 2 pages");
  return ObserveRemap([&] { return Remap(r.p, 2 * env.page, 2 * env.page, kMove, r.p + env.page); },
                      "mremap(MREMAP_FIXED) of 2 pages one page further on (the ranges overlap)");
}

Observation CheckMremapUnknownFlags(const CheckEnv &env) {
  Mapping m = Anon(env.page, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "mmap");
  const int flags = MREMAP_MAYMOVE | (1 << 20);
  // glibc refuses flag bits it does not know itself, before any system call (2.36 does):
  // ask the kernel directly too.
  Observation kernel = ObserveRemap(
      [&] {
        return reinterpret_cast<void *>(
            syscall(SYS_mremap, m.addr(), env.page, env.page, flags, nullptr));
      },
      "the mremap system call with MREMAP_MAYMOVE | 1 << 20");
  if (kernel.kind != Observation::Kind::kErrno || kernel.err != EINVAL) return kernel;
  return ObserveRemap([&] { return Remap(m.addr(), env.page, env.page, flags); },
                      "mremap(MREMAP_MAYMOVE | 1 << 20)");
}

Observation CheckMremapNewLenZero(const CheckEnv &env) {
  Mapping m = Anon(env.page, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "mmap");
  return ObserveRemap([&] { return Remap(m.addr(), env.page, 0, MREMAP_MAYMOVE); },
                      "mremap(new_size = 0)");
}

Observation CheckMremapDontunmapWithoutMaymove(const CheckEnv &env) {
  Mapping m = Anon(env.page, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "mmap");
  return ObserveRemap(
      [&] { return Remap(m.addr(), env.page, env.page, MREMAP_DONTUNMAP, nullptr); },
      "mremap(MREMAP_DONTUNMAP without MREMAP_MAYMOVE)");
}

Observation CheckMremapDontunmapResize(const CheckEnv &env) {
  Mapping m = Anon(env.page, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "mmap");
  return ObserveRemap([&] { return Remap(m.addr(), env.page, 2 * env.page, kDontunmap, nullptr); },
                      "mremap(MREMAP_MAYMOVE|MREMAP_DONTUNMAP, 1 -> 2 pages)");
}

// --- old_size 0: a second mapping of the same pages ---------------------------------------

Observation CheckMremapCopyPrivate(const CheckEnv &env) {
  Mapping m = Anon(env.page, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "mmap");
  return ObserveRemap([&] { return Remap(m.addr(), 0, env.page, MREMAP_MAYMOVE); },
                      "mremap(old_size = 0, MREMAP_MAYMOVE) of a MAP_PRIVATE mapping");
}

Observation CheckMremapCopyWithoutMaymove(const CheckEnv &env) {
  Mapping m = Anon(env.page, MAP_SHARED);
  MK_REQUIRE(m.valid(), "mmap");
  return ObserveRemap([&] { return Remap(m.addr(), 0, env.page, 0); },
                      "mremap(old_size = 0, no MREMAP_MAYMOVE) of a MAP_SHARED mapping");
}

Observation CheckMremapCopyShared(const CheckEnv &env) {
  Mapping m = Anon(env.page, MAP_SHARED);
  MK_REQUIRE(m.valid(), "mmap");
  std::string content = Pattern(env.page, 21);
  Fill(m.ptr(), content);
  void *q = Remap(m.addr(), 0, env.page, MREMAP_MAYMOVE);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(old_size = 0, MREMAP_MAYMOVE)");
  Mapping copy(q, env.page);
  if (q == m.addr()) {
    copy.release();
    return Violated("mremap(old_size = 0) returned the original address " + Hex(q));
  }
  MK_STEP(LoadInChild(m.vptr(), "load from the original mapping"), "the original mapping is gone");
  MK_STEP(CompareBytes(copy.vptr(), content, "the second mapping"),
          "the second mapping does not show the pages' contents");
  copy.ptr()[7] = 'c';
  content[7] = 'c';
  MK_STEP(CompareBytes(m.vptr(), content, "the original mapping after a store through the copy"),
          "the two mappings do not share their pages");
  return Success("a second mapping of the same pages at " + Hex(q));
}

// --- in place -------------------------------------------------------------------------------

Observation CheckMremapSameSize(const CheckEnv &env) {
  Mapping m = Anon(2 * env.page, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "mmap");
  std::string content = Pattern(2 * env.page, 22);
  Fill(m.ptr(), content);
  void *q = Remap(m.addr(), 2 * env.page, 2 * env.page, 0);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(2 -> 2 pages, flags 0)");
  if (q != m.addr()) {
    return Violated("mremap(2 -> 2 pages, flags 0) returned " + Hex(q) + ", not " + Hex(m.addr()));
  }
  MK_STEP(CompareBytes(m.vptr(), content, "the mapping after mremap"), "the contents changed");
  return Success("returned the same address with the contents kept");
}

Observation CheckMremapShrinkFront(const CheckEnv &env) {
  Mapping m = Anon(3 * env.page, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "mmap");
  std::string content = Pattern(3 * env.page, 23);
  Fill(m.ptr(), content);
  void *q = Remap(m.addr(), 2 * env.page, env.page, 0);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(first 2 of 3 pages -> 1 page)");
  if (q != m.addr()) return Violated("mremap(2 -> 1 pages) moved the mapping to " + Hex(q));
  MK_STEP(ExpectUnmapped(m.vptr() + env.page, "page 1 (cut off)"), "page 1 was not unmapped");
  MK_STEP(LoadInChild(m.vptr() + 2 * env.page, "load from page 2"),
          "page 2, beyond the shrunk range, was unmapped");
  MK_STEP(CompareBytes(m.vptr(), content.substr(0, env.page), "page 0"), "page 0 changed");
  MK_STEP(CompareBytes(m.vptr() + 2 * env.page, content.substr(2 * env.page), "page 2"),
          "page 2 changed");
  return Success("page 1 unmapped; pages 0 and 2 kept with their contents");
}

Observation CheckMremapShrinkAcrossVmas(const CheckEnv &env) {
  Mapping m = Anon(3 * env.page, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "mmap");
  std::string content = Pattern(env.page, 24);
  Fill(m.ptr(), content);
  // A different protection makes the middle page a mapping of its own.
  MK_REQUIRE(mprotect(m.ptr() + env.page, env.page, PROT_READ) == 0, "mprotect(page 1)");
  void *q = Remap(m.addr(), 3 * env.page, env.page, 0);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(3 pages in 3 mappings -> 1 page)");
  if (q != m.addr()) return Violated("mremap(3 -> 1 pages) moved the mapping to " + Hex(q));
  MK_STEP(ExpectUnmapped(m.vptr() + env.page, "page 1"), "page 1 was not unmapped");
  MK_STEP(ExpectUnmapped(m.vptr() + 2 * env.page, "page 2"), "page 2 was not unmapped");
  MK_STEP(CompareBytes(m.vptr(), content, "page 0"), "page 0 changed");
  return Success("pages 1 and 2 (two other mappings) unmapped, page 0 kept");
}

Observation CheckMremapGrowInPlace(const CheckEnv &env) {
  // Pages 0 and 3 stay PROT_NONE: no neighbouring mapping of the same kind can merge
  // with the grown one and widen what /proc/self/maps shows.
  Pages r = ReserveWithHole(env, 4, 2);
  MK_REQUIRE(r.p != nullptr, "mmap (reserve 4 pages with page 2 free)");
  char *p = r.p + env.page;
  MK_REQUIRE(AnonAt(p, env.page, MAP_PRIVATE), "mmap(MAP_FIXED) of page 1");
  std::string content = Pattern(env.page, 25);
  Fill(p, content);
  void *q = Remap(p, env.page, 2 * env.page, 0);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(1 -> 2 pages, flags 0) into a free page");
  if (q != p) return Violated("mremap(1 -> 2 pages, flags 0) returned " + Hex(q));
  MK_STEP(LoadInChild(p + 2 * env.page - 1, "load from the new page"),
          "the grown page is not mapped");
  MK_STEP(CompareBytes(p, content, "the original page"), "the original page changed");
  MK_STEP(CompareZero(p + env.page, env.page, "the new page"), "the new page is not zero");
  uintptr_t start = 0, end = 0;
  if (!VmaAround(p, &start, &end)) {
    return Success(
        "grown in place at the same address (/proc/self/maps unreadable: the merge "
        "of the two pages into one mapping was not checked)");
  }
  if (start != reinterpret_cast<uintptr_t>(p) || end != start + 2 * env.page) {
    return Violated("/proc/self/maps shows " + Hex(start) + "-" + Hex(end) +
                    " around the grown mapping, expected one mapping " + Hex(p) + "-" +
                    Hex(p + 2 * env.page));
  }
  return Success("grown in place at the same address, one mapping of 2 pages");
}

// --- MREMAP_FIXED ---------------------------------------------------------------------------

Observation CheckMremapFixedMoves(const CheckEnv &env) {
  Mapping src = Anon(2 * env.page, MAP_PRIVATE);
  Pages dst = ReservePages(env, 4);
  MK_REQUIRE(src.valid() && dst.reserved.valid(), "mmap");
  char *target = dst.p + env.page;
  MK_REQUIRE(AnonAt(target, 2 * env.page, MAP_PRIVATE), "mmap(MAP_FIXED) at the destination");
  memset(target, 'x', 2 * env.page);
  std::string content = Pattern(2 * env.page, 26);
  Fill(src.ptr(), content);
  void *q = Remap(src.addr(), 2 * env.page, 2 * env.page, kMove, target);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(MREMAP_MAYMOVE|MREMAP_FIXED, 2 pages)");
  if (q != target) {
    return Violated("mremap(MREMAP_FIXED, new_address " + Hex(target) + ") returned " + Hex(q));
  }
  MK_STEP(CompareBytes(target, content, "the destination"),
          "the destination does not hold the moved pages");
  MK_STEP(ExpectUnmapped(src.vptr(), "the old page 0"), "the old range was not unmapped");
  MK_STEP(ExpectUnmapped(src.vptr() + env.page, "the old page 1"),
          "the old range was not unmapped");
  MK_STEP(ExpectReserved(dst.p, "the page before the destination"),
          "the move replaced more than new_size bytes");
  MK_STEP(ExpectReserved(dst.p + 3 * env.page, "the page after the destination"),
          "the move replaced more than new_size bytes");
  return Success("moved to exactly " + Hex(q) + ", replacing what was there; old range unmapped");
}

Observation CheckMremapFixedShrink(const CheckEnv &env) {
  Mapping src = Anon(3 * env.page, MAP_PRIVATE);
  Pages dst = ReservePages(env, 2);
  MK_REQUIRE(src.valid() && dst.reserved.valid(), "mmap");
  std::string content = Pattern(3 * env.page, 27);
  Fill(src.ptr(), content);
  void *q = Remap(src.addr(), 2 * env.page, env.page, kMove, dst.p);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(MREMAP_FIXED, first 2 of 3 pages -> 1 page)");
  if (q != dst.p) return Violated("mremap(MREMAP_FIXED) returned " + Hex(q));
  MK_STEP(CompareBytes(dst.p, content.substr(0, env.page), "the destination"),
          "the destination does not hold page 0");
  MK_STEP(ExpectReserved(dst.p + env.page, "the page after the 1-page destination"),
          "more than new_size bytes were moved");
  MK_STEP(ExpectUnmapped(src.vptr(), "the old page 0"), "the old page 0 was not unmapped");
  MK_STEP(ExpectUnmapped(src.vptr() + env.page, "the old page 1"),
          "the cut-off page 1 was not unmapped");
  MK_STEP(CompareBytes(src.vptr() + 2 * env.page, content.substr(2 * env.page),
                       "the old page 2 (outside old_size)"),
          "page 2, outside the remapped range, changed or went away");
  return Success("page 0 moved alone; pages 0-1 unmapped at the source; page 2 kept");
}

Observation CheckMremapFixedGrow(const CheckEnv &env) {
  Mapping src = Anon(env.page, MAP_PRIVATE);
  Pages dst = ReservePages(env, 3);
  MK_REQUIRE(src.valid() && dst.reserved.valid(), "mmap");
  std::string content = Pattern(env.page, 28);
  Fill(src.ptr(), content);
  void *q = Remap(src.addr(), env.page, 2 * env.page, kMove, dst.p);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(MREMAP_FIXED, 1 -> 2 pages)");
  if (q != dst.p) return Violated("mremap(MREMAP_FIXED) returned " + Hex(q));
  MK_STEP(LoadInChild(dst.p + 2 * env.page - 1, "load from the grown page"),
          "the grown page is not mapped");
  MK_STEP(CompareBytes(dst.p, content, "page 0 at the destination"), "the contents were lost");
  MK_STEP(CompareZero(dst.p + env.page, env.page, "the grown page"), "the grown page is not zero");
  MK_STEP(ExpectReserved(dst.p + 2 * env.page, "the page after the destination"),
          "the move replaced more than new_size bytes");
  MK_STEP(ExpectUnmapped(src.vptr(), "the old page"), "the old range was not unmapped");
  return Success("moved and grown to 2 pages at " + Hex(q));
}

Observation CheckMremapFixedSplitSource(const CheckEnv &env) {
  Mapping src = Anon(3 * env.page, MAP_PRIVATE);
  Pages dst = ReservePages(env, 2);
  MK_REQUIRE(src.valid() && dst.reserved.valid(), "mmap");
  MK_REQUIRE(mprotect(src.ptr() + env.page, env.page, PROT_READ) == 0, "mprotect(page 1)");
  return ObserveRemap([&] { return Remap(src.addr(), 3 * env.page, 2 * env.page, kMove, dst.p); },
                      "mremap(MREMAP_FIXED, 3 -> 2 pages) whose kept 2 pages are two mappings");
}

Observation CheckMremapFixedMultiVma(const CheckEnv &env) {
  // Pages 0 | hole | 2 | 3 read-only: three mappings and a gap. The destination is
  // free where the source has its hole: it must stay free.
  Pages src = ReserveWithHole(env, 4, 1);
  Pages dst = ReserveWithHole(env, 4, 1);
  MK_REQUIRE(src.p != nullptr && dst.p != nullptr, "mmap (reserve 4 pages with page 1 free)");
  MK_REQUIRE(AnonAt(src.p, env.page, MAP_PRIVATE), "mmap(MAP_FIXED) of page 0");
  MK_REQUIRE(AnonAt(src.p + 2 * env.page, 2 * env.page, MAP_PRIVATE),
             "mmap(MAP_FIXED) of pages 2-3");
  std::string content = Pattern(4 * env.page, 29);
  Fill(src.p, content.substr(0, env.page));
  Fill(src.p + 2 * env.page, content.substr(2 * env.page));
  MK_REQUIRE(mprotect(src.p + 3 * env.page, env.page, PROT_READ) == 0, "mprotect(page 3)");
  void *q = Remap(src.p, 4 * env.page, 4 * env.page, kMove, dst.p);
  if (q == MAP_FAILED) {
    MK_RETURN_ERRNO("mremap(MREMAP_FIXED) of 4 pages made of 3 mappings and a hole");
  }
  if (q != dst.p) return Violated("mremap(MREMAP_FIXED) returned " + Hex(q));
  for (size_t i : {0, 2, 3}) {
    MK_STEP(CompareBytes(dst.p + i * env.page, content.substr(i * env.page, env.page),
                         "page " + std::to_string(i) + " at the destination"),
            "a moved page lost its contents");
    MK_STEP(ExpectUnmapped(src.p + i * env.page, "the old page " + std::to_string(i)),
            "the old range was not unmapped");
  }
  MK_STEP(ExpectUnmapped(dst.p + env.page, "page 1 at the destination (the hole)"),
          "the hole was not kept");
  return Success("3 mappings moved with the hole between them kept");
}

Observation CheckMremapMoveLargeAligned(const CheckEnv &env) {
  const size_t mib = size_t{1} << 20;
  const size_t len = 2 * mib;  // a PMD on x86-64 and arm64 (4 KiB pages)
  Mapping reserved = Reserve(12 * mib);
  MK_REQUIRE(reserved.valid(), "mmap (reserve 12 MiB)");
  uintptr_t base_value = (reserved.addr_value() + len - 1) & ~(len - 1);
  char *base = reinterpret_cast<char *>(base_value);
  char *src = base;
  char *dst_pmd = base + 4 * mib;
  char *dst_mib = base + 7 * mib;  // 1 MiB aligned, not 2 MiB aligned
  char *neighbours[] = {base + len, dst_pmd - env.page, dst_pmd + len, dst_mib + len};
  MK_REQUIRE(AnonAt(src, len, MAP_PRIVATE), "mmap(MAP_FIXED) of the 2 MiB source");
  for (char *n : neighbours) {
    MK_REQUIRE(AnonAt(n, env.page, MAP_PRIVATE), "mmap(MAP_FIXED) of a neighbour page");
    memset(n, 'n', env.page);
  }
  std::string content = Pattern(len, 30);
  Fill(src, content);
  void *q = Remap(src, len, len, kMove, dst_pmd);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(MREMAP_FIXED) of 2 MiB to a 2 MiB boundary");
  if (q != dst_pmd) return Violated("mremap(MREMAP_FIXED) returned " + Hex(q));
  MK_STEP(CompareBytes(dst_pmd, content, "2 MiB moved to a 2 MiB boundary"), "the move lost data");
  q = Remap(dst_pmd, len, len, kMove, dst_mib);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(MREMAP_FIXED) of 2 MiB to a 1 MiB boundary");
  if (q != dst_mib) return Violated("mremap(MREMAP_FIXED) returned " + Hex(q));
  MK_STEP(CompareBytes(dst_mib, content, "2 MiB moved on to a 1 MiB boundary"),
          "the move lost data");
  for (char *n : neighbours) {
    MK_STEP(CompareBytes(n, std::string(env.page, 'n'), "the neighbour page at " + Hex(n)),
            "a move changed a neighbouring page");
  }
  return Success("2 MiB moved to a 2 MiB and then a 1 MiB boundary, contents and neighbours kept");
}

// --- shared anonymous memory ----------------------------------------------------------------

Observation CheckMremapSharedAnonGrowSigbus(const CheckEnv &env) {
  Mapping m = Anon(env.page, MAP_SHARED);
  MK_REQUIRE(m.valid(), "mmap(MAP_SHARED|MAP_ANONYMOUS, 1 page)");
  void *q = Remap(m.addr(), env.page, 2 * env.page, MREMAP_MAYMOVE);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(1 -> 2 pages, MREMAP_MAYMOVE)");
  m.release();
  Mapping grown(q, 2 * env.page);
  MK_STEP(LoadInChild(grown.vptr(), "load from page 0"), "page 0 is not readable");
  return LoadInChild(grown.vptr() + env.page + 3, "load from the page past the 1-page object");
}

Observation CheckMremapSharedAnonShrinkKeeps(const CheckEnv &env) {
  Pages r = ReservePages(env, 2);
  MK_REQUIRE(r.reserved.valid(), "mmap (reserve)");
  MK_REQUIRE(AnonAt(r.p, 2 * env.page, MAP_SHARED), "mmap(MAP_SHARED|MAP_ANONYMOUS, 2 pages)");
  std::string content = Pattern(2 * env.page, 31);
  Fill(r.p, content);
  void *q = Remap(r.p, 2 * env.page, env.page, 0);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(2 -> 1 pages)");
  if (q != r.p) return Violated("mremap(2 -> 1 pages) moved the mapping to " + Hex(q));
  q = Remap(r.p, env.page, 2 * env.page, 0);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(1 -> 2 pages) back in place");
  if (q != r.p) return Violated("mremap(1 -> 2 pages) returned " + Hex(q));
  MK_STEP(LoadInChild(r.p + env.page, "load from page 1 after growing back"),
          "page 1 of the object is gone");
  MK_STEP(CompareBytes(r.p, content, "both pages after shrinking and growing back"),
          "the shrink discarded the object's data");
  return Success("the object kept page 1's data across the shrink");
}

// --- file mappings --------------------------------------------------------------------------

Observation CheckMremapPrivateFileGrow(const CheckEnv &env) {
  std::string file_bytes =
      std::string(env.page, 'a') + std::string(env.page, 'b') + std::string(env.page, 'c');
  TempFile file = NewFile(env, file_bytes);
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  Pages r = ReservePages(env, 3);  // page 2 stays reserved: the grow must move
  MK_REQUIRE(r.reserved.valid(), "mmap (reserve)");
  Mapping m = Mmap(r.p, 2 * env.page, kRw, MAP_PRIVATE | MAP_FIXED, fd.get(), 0);
  MK_REQUIRE(m.ptr() == r.p, "mmap(MAP_PRIVATE|MAP_FIXED) of the file's first 2 pages");
  m.release();
  memset(r.p + env.page, 'd', env.page);  // a private copy of page 1
  void *q = Remap(r.p, 2 * env.page, 3 * env.page, MREMAP_MAYMOVE);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(2 -> 3 pages, MREMAP_MAYMOVE)");
  Mapping grown(q, 3 * env.page);
  if (q == r.p) return Violated("mremap grew over the reserved page instead of moving");
  std::string want =
      std::string(env.page, 'a') + std::string(env.page, 'd') + std::string(env.page, 'c');
  MK_STEP(LoadInChild(grown.vptr() + 3 * env.page - 1, "load from the grown page"),
          "the grown page is not mapped");
  MK_STEP(CompareBytes(grown.vptr(), want, "the moved mapping"),
          "want file page 0, the private copy of page 1, then file page 2");
  MK_STEP(CompareFile(fd.get(), file_bytes, "the file"), "the private store reached the file");
  return Success("moved to " + Hex(q) + ": file page, private copy, next file page");
}

Observation CheckMremapSharedFileGrow(const CheckEnv &env) {
  std::string file_bytes = Pattern(3 * env.page, 32);
  TempFile file = NewFile(env, file_bytes);
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  Mapping m = Mmap(nullptr, env.page, kRw, MAP_SHARED, fd.get(), 0);
  MK_REQUIRE(m.valid(), "mmap(MAP_SHARED) of the file's first page");
  void *q = Remap(m.addr(), env.page, 3 * env.page, MREMAP_MAYMOVE);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(1 -> 3 pages, MREMAP_MAYMOVE)");
  m.release();
  Mapping grown(q, 3 * env.page);
  MK_STEP(LoadInChild(grown.vptr() + 3 * env.page - 1, "load from the last grown page"),
          "the grown pages are not mapped");
  MK_STEP(CompareBytes(grown.vptr(), file_bytes, "the grown mapping"),
          "the grown pages do not show the file");
  grown.ptr()[2 * env.page + 5] = 's';
  file_bytes[2 * env.page + 5] = 's';
  MK_STEP(CompareFile(fd.get(), file_bytes, "the file after a store to the grown part"),
          "a store to the grown part does not reach the file");
  return Success("the grown pages map the file; a store there reached it");
}

// --- locked mappings ------------------------------------------------------------------------

Observation CheckMremapLockedStaysLocked(const CheckEnv &env) {
  long before = LockedBytes();
  if (before < 0) return Skipped("needs /proc/self/status (VmLck) to see what is locked");
  Pages r = ReservePages(env, 2);  // page 1 stays reserved: the grow must move
  MK_REQUIRE(r.reserved.valid(), "mmap (reserve)");
  MK_REQUIRE(AnonAt(r.p, env.page, MAP_PRIVATE), "mmap(MAP_FIXED) of page 0");
  MK_REQUIRE(RawMlock(r.p, env.page) == 0, "mlock(1 page)");
  void *q = Remap(r.p, env.page, 2 * env.page, MREMAP_MAYMOVE);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(1 -> 2 locked pages, MREMAP_MAYMOVE)");
  Mapping grown(q, 2 * env.page);
  long locked = LockedBytes() - before;
  if (locked != static_cast<long>(2 * env.page)) {
    return Violated("VmLck grew by " + std::to_string(locked) + " bytes, expected " +
                    std::to_string(2 * env.page) + " (both pages of the moved mapping locked)");
  }
  return Success("moved to " + Hex(q) + ", both pages locked");
}

Observation CheckMremapLockedRlimit(const CheckEnv &env) {
  enum : int { kCapset = 250, kSetrlimit, kMmap, kMlock };
  mk_posix::ChildOutcome outcome = mk_posix::RunInChild(
      [&] {
        if (!mk_posix::DropCapability(CAP_IPC_LOCK).ok()) _exit(kCapset);
        rlimit limit = {env.page, env.page};
        if (setrlimit(RLIMIT_MEMLOCK, &limit) != 0) _exit(kSetrlimit);
        void *p = mmap(nullptr, env.page, kRw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) _exit(kMmap);
        if (RawMlock(p, env.page) != 0) _exit(kMlock);
        _exit(Remap(p, env.page, 2 * env.page, MREMAP_MAYMOVE) == MAP_FAILED ? errno & 0xff : 0);
      },
      kChildTimeoutMs);
  const std::string what =
      "mremap(1 -> 2 locked pages) with RLIMIT_MEMLOCK 1 page and without CAP_IPC_LOCK";
  if (!outcome.started) return SetupFailed("fork", errno);
  if (!outcome.exited) return Violated(what + ": the child was " + outcome.Describe());
  switch (outcome.exit_code) {
    case 0:
      return Success(what + " succeeded");
    case kCapset:
      return SetupFailed("capset (drop CAP_IPC_LOCK)", 0);
    case kSetrlimit:
      return SetupFailed("setrlimit(RLIMIT_MEMLOCK, 1 page)", 0);
    case kMmap:
      return SetupFailed("mmap", 0);
    case kMlock:
      return SetupFailed("mlock(1 page) within RLIMIT_MEMLOCK", 0);
    default:
      return FailedWithErrno(outcome.exit_code, what);
  }
}

// --- MREMAP_DONTUNMAP -----------------------------------------------------------------------

Observation CheckMremapDontunmapPrivate(const CheckEnv &env) {
  MK_STEP(RequireDontunmap(env.page, MAP_PRIVATE), "MREMAP_DONTUNMAP probe");
  // Part of a mapping: pages 1-2 of 4.
  Mapping m = Anon(4 * env.page, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "mmap");
  std::string content = Pattern(4 * env.page, 33);
  Fill(m.ptr(), content);
  char *part = m.ptr() + env.page;
  void *q = Remap(part, 2 * env.page, 2 * env.page, kDontunmap, nullptr);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(MREMAP_DONTUNMAP) of pages 1-2 of 4");
  Mapping moved(q, 2 * env.page);
  MK_STEP(LoadInChild(moved.vptr(), "load from the destination"), "the destination is not mapped");
  MK_STEP(CompareBytes(moved.vptr(), content.substr(env.page, 2 * env.page), "the destination"),
          "the destination does not hold the moved pages");
  MK_STEP(LoadInChild(part, "load from the source"), "the source was unmapped");
  MK_STEP(CompareZero(part, 2 * env.page, "the source pages"),
          "the source still holds the moved data");
  MK_STEP(CompareBytes(m.vptr(), content.substr(0, env.page), "page 0 (not moved)"),
          "a page outside the range changed");
  MK_STEP(CompareBytes(m.vptr() + 3 * env.page, content.substr(3 * env.page), "page 3"),
          "a page outside the range changed");
  // A whole mapping.
  Mapping whole = Anon(env.page, MAP_PRIVATE);
  MK_REQUIRE(whole.valid(), "mmap");
  Fill(whole.ptr(), content.substr(0, env.page));
  q = Remap(whole.addr(), env.page, env.page, kDontunmap, nullptr);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(MREMAP_DONTUNMAP) of a whole mapping");
  Mapping moved_whole(q, env.page);
  MK_STEP(LoadInChild(moved_whole.vptr(), "load from the destination"),
          "the destination is not mapped");
  MK_STEP(LoadInChild(whole.vptr(), "load from the source"), "the source was unmapped");
  MK_STEP(CompareBytes(moved_whole.vptr(), content.substr(0, env.page), "the destination"),
          "the destination does not hold the moved page");
  MK_STEP(CompareZero(whole.vptr(), env.page, "the source page"),
          "the source still holds the moved data");
  return Success("the data moved; the source stays mapped and reads zero (part and whole)");
}

Observation CheckMremapDontunmapShared(const CheckEnv &env) {
  MK_STEP(RequireDontunmap(env.page, MAP_SHARED), "MREMAP_DONTUNMAP probe");
  Mapping m = Anon(2 * env.page, MAP_SHARED);
  MK_REQUIRE(m.valid(), "mmap(MAP_SHARED|MAP_ANONYMOUS)");
  std::string content = Pattern(2 * env.page, 34);
  Fill(m.ptr(), content);
  void *q = Remap(m.addr(), 2 * env.page, 2 * env.page, kDontunmap, nullptr);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(MREMAP_DONTUNMAP) of shared memory");
  Mapping moved(q, 2 * env.page);
  MK_STEP(LoadInChild(moved.vptr(), "load from the destination"), "the destination is not mapped");
  MK_STEP(CompareBytes(moved.vptr(), content, "the destination"),
          "the destination does not hold the pages");
  MK_STEP(LoadInChild(m.vptr(), "load from the source"), "the source was unmapped");
  MK_STEP(CompareBytes(m.vptr(), content, "the source"),
          "the source no longer shows the shared pages");
  return Success("both the source and the destination show the shared pages");
}

Observation CheckMremapDontunmapFixed(const CheckEnv &env) {
  MK_STEP(RequireDontunmap(env.page, MAP_PRIVATE), "MREMAP_DONTUNMAP probe");
  Mapping src = Anon(env.page, MAP_PRIVATE);
  Mapping dst = Anon(3 * env.page, MAP_PRIVATE);
  MK_REQUIRE(src.valid() && dst.valid(), "mmap");
  std::string content = Pattern(env.page, 35);
  Fill(src.ptr(), content);
  memset(dst.ptr(), 'z', 3 * env.page);
  char *target = dst.ptr() + env.page;
  void *q = Remap(src.addr(), env.page, env.page, kDontunmap | MREMAP_FIXED, target);
  if (q == MAP_FAILED) MK_RETURN_ERRNO("mremap(MREMAP_DONTUNMAP|MREMAP_FIXED) to page 1 of 3");
  if (q != target) return Violated("mremap(MREMAP_FIXED) returned " + Hex(q));
  MK_STEP(LoadInChild(target, "load from the destination"), "the destination is not mapped");
  MK_STEP(CompareBytes(target, content, "page 1 of the destination"),
          "the destination does not hold the moved page");
  MK_STEP(CompareBytes(dst.vptr(), std::string(env.page, 'z'), "page 0 of the destination"),
          "more than new_size bytes of the destination were replaced");
  MK_STEP(CompareBytes(dst.vptr() + 2 * env.page, std::string(env.page, 'z'),
                       "page 2 of the destination"),
          "more than new_size bytes of the destination were replaced");
  MK_STEP(LoadInChild(src.vptr(), "load from the source"), "the source was unmapped");
  MK_STEP(CompareZero(src.vptr(), env.page, "the source page"),
          "the source still holds the moved data");
  return Success("only page 1 of the destination replaced; the source reads zero");
}

}  // namespace mk_conformance
