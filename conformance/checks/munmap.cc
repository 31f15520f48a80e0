// Checks of the munmap family (catalog/families/munmap.cc).
#include "conformance/checks/munmap.h"

#include <sys/mman.h>

#include <cstdint>

#include "conformance/checks/check_util.h"

namespace mk_conformance {

Observation CheckMunmapBeyondAddressSpace(const CheckEnv &env) {
  Mapping m = Mmap(nullptr, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  MK_REQUIRE(m.valid(), "mmap");
  // A length that wraps past the end of the address space when rounded up to a page.
  const size_t wrapping = SIZE_MAX - env.page + 2;
  Observation o = ObserveCall(
      [&] { return munmap(m.addr(), wrapping); },
      "munmap(" + Hex(m.addr()) + ", len=" + Hex(static_cast<uint64_t>(wrapping)) + ")");
  if (o.kind != Observation::Kind::kErrno || o.err != EINVAL) return o;
  MK_STEP(StoreInChild(m.vptr(), 'k', "store to the mapping after the refused munmap"),
          "the refused munmap unmapped the mapping");
  void *top = reinterpret_cast<void *>(UINTPTR_MAX - env.page + 1);
  o = ObserveCall([&] { return munmap(top, env.page); },
                  "munmap(" + Hex(top) + ", 1 page), the last page of the address space");
  if (o.kind != Observation::Kind::kErrno || o.err != EINVAL) return o;
  return FailedWithErrno(EINVAL, "munmap() of a wrapping length and of the top page");
}

}  // namespace mk_conformance
