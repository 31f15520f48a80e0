// The check building blocks whose answers differ per architecture: si_addr
// judgement, the raw-syscall MAP_FIXED_NOREPLACE probe, and addresses and
// offsets printed in full on 32-bit ABIs.
#include "conformance/checks/check_util.h"

#include <signal.h>
#include <sys/utsname.h>

#include <cstdint>
#include <string>

#include "conformance/catalog/kernel_version.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

mk_testing::ChildOutcome FaultAt(uintptr_t addr) {
  mk_testing::ChildOutcome outcome;
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

  mk_testing::ChildOutcome exited;
  exited.started = exited.exited = true;
  Observation none = CompareSiAddr(exited, want, 4096, "load past EOF");
  EXPECT_EQ(Observation::Kind::kViolated, none.kind);
  EXPECT_EQ(0u, none.detail.find("load past EOF: exited with status 0")) << none.detail;
}

TEST(Hex, PrintsSixtyFourBitOffsetsInFullOnEveryAbi) {
  EXPECT_EQ("0x7ffffffffffff000", Hex(UINT64_C(0x7ffffffffffff000)));
  EXPECT_EQ("0x100001000", Hex(UINT64_C(0x100001000)));
}

TEST(KernelKnowsFixedNoreplace, AnswersThroughTheRawSystemCallOfThisAbi) {
  struct utsname u;
  ASSERT_EQ(0, uname(&u));
  if (ParseKernelRelease(u.release) < Linux(4, 17)) {
    GTEST_SKIP() << "Linux " << u.release << " predates MAP_FIXED_NOREPLACE";
  }
  std::string failure;
  // A wrong calling convention (e.g. i386's or s390x's mmap, which take a pointer to
  // their arguments) makes the probe's own mmap fail: -1, not 1.
  EXPECT_EQ(1, KernelKnowsFixedNoreplace(static_cast<size_t>(sysconf(_SC_PAGESIZE)), &failure))
      << failure;
  EXPECT_EQ("", failure);
}

}  // namespace
}  // namespace mk_conformance
