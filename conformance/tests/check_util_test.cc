// The check building blocks whose answers differ per architecture: si_addr
// judgement, the kernel-version gate of feature rows, and addresses and
// offsets printed in full on 32-bit ABIs.
#include "conformance/checks/check_util.h"
#include "conformance/checks/mmap_args.h"

#include <signal.h>
#include <sys/utsname.h>

#include <cstdint>
#include <string>

#include "conformance/catalog/kernel_version.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

mk_posix::ChildOutcome FaultAt(uintptr_t addr) {
  mk_posix::ChildOutcome outcome;
  outcome.started = true;
  outcome.signal = SIGSEGV;
  outcome.si_code = SEGV_ACCERR;
  outcome.fault_addr = addr;
  return outcome;
}

TEST(CompareSiAddr, TheByteIsSuccessItsPageAVariantAnythingElseViolated) {
  const uintptr_t want = 0x7000007b;
  EXPECT_EQ(Observation::Kind::kSuccess, CompareSiAddr(FaultAt(want), want, 4096, "load").kind);

  Observation page = CompareSiAddr(FaultAt(0x70000000), want, 4096, "load");
  EXPECT_EQ(Observation::Kind::kVariant, page.kind);
  EXPECT_EQ(kSiAddrPageVariant, page.variant);
  EXPECT_EQ("si_addr is 0x70000000, the page of the access at 0x7000007b", page.detail);
  // With 64 KiB pages the page starts lower.
  EXPECT_EQ(Observation::Kind::kVariant,
            CompareSiAddr(FaultAt(0x70000000), 0x7000807b, 65536, "load").kind);

  Observation other = CompareSiAddr(FaultAt(0x7000107b), want, 4096, "load");
  EXPECT_EQ(Observation::Kind::kViolated, other.kind);
  EXPECT_EQ("si_addr is 0x7000107b, the access was at 0x7000007b", other.detail);

  mk_posix::ChildOutcome exited;
  exited.started = exited.exited = true;
  Observation none = CompareSiAddr(exited, want, 4096, "load past EOF");
  EXPECT_EQ(Observation::Kind::kViolated, none.kind);
  EXPECT_EQ(0u, none.detail.find("load past EOF: exited with status 0")) << none.detail;
}

TEST(Hex, PrintsSixtyFourBitOffsetsInFullOnEveryAbi) {
  EXPECT_EQ("0x7ffffffffffff000", Hex(UINT64_C(0x7ffffffffffff000)));
  EXPECT_EQ("0x100001000", Hex(UINT64_C(0x100001000)));
}

TEST(KernelPredates, SkipsWithTheNeededVersionOnlyWhenTheKernelIsOlder) {
  struct utsname u;
  ASSERT_EQ(0, uname(&u));
  KernelVersion running = ParseKernelRelease(u.release);
  ASSERT_TRUE(running.known()) << u.release;
  Observation skip;
  EXPECT_FALSE(KernelPredates(running, "a feature", &skip));
  EXPECT_FALSE(KernelPredates(Linux(2, 6), "a feature", &skip));
  ASSERT_TRUE(KernelPredates(Linux(running.major + 1, 0), "a feature", &skip));
  EXPECT_EQ(Observation::Kind::kSkip, skip.kind);
  EXPECT_EQ(running.major + 1, skip.needs_kernel.major);
  EXPECT_EQ(0u, skip.detail.find("a feature needs Linux " + std::to_string(running.major + 1)))
      << skip.detail;
}

}  // namespace
}  // namespace mk_conformance
