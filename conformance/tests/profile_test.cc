// Evaluate(): how an observation becomes PASS, FAIL, ALLOWED or SKIP under
// each profile, and what the verdict says.
#include <signal.h>

#include <cerrno>
#include <string>

#include "conformance/catalog/catalog.h"
#include "conformance/checks/check_util.h"
#include "conformance/profile/profile.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

Row RowOf(const char *id, Fs fs) {
  for (const CatalogEntry &e : Catalog()) {
    if (std::string(e.id) == id) return Row{&e, fs};
  }
  ADD_FAILURE() << "no catalog entry " << id;
  return Row{&Catalog()[0], fs};
}

// A fixed platform, so verdicts do not depend on the machine running the test.
PlatformFacts Platform(const char *release = "6.1.0-18-amd64", const char *machine = "x86_64") {
  PlatformFacts facts;
  facts.sysname = "Linux";
  facts.release = release;
  facts.machine = machine;
  facts.kernel = ParseKernelRelease(release);
  facts.abi_bits = 64;
  facts.page_size = 4096;
  return facts;
}

Verdict Judge(const char *id, Fs fs, const Observation &o, const char *profile,
              const PlatformFacts &facts = Platform()) {
  const Profile *p = FindProfile(profile);
  EXPECT_NE(nullptr, p) << profile;
  return Evaluate(RowOf(id, fs), o, *p, facts);
}

TEST(Evaluate, ExactErrnoPassesAnotherFailsAndSaysBoth) {
  Verdict pass = Judge("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk, FailedWithErrno(EINVAL), "linux");
  EXPECT_EQ(Result::kPass, pass.result);
  Verdict fail = Judge("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk,
                       FailedWithErrno(EACCES, "mmap(offset=2048)"), "linux");
  EXPECT_EQ(Result::kFail, fail.result);
  EXPECT_EQ("fails with EINVAL (Invalid argument)", fail.expected);
  EXPECT_EQ("fails with EACCES (Permission denied)", fail.observed);
  EXPECT_EQ("mmap(offset=2048)", fail.detail);
  Verdict success =
      Judge("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk, Success("returned 0x1000"), "linux");
  EXPECT_EQ(Result::kFail, success.result);
  EXPECT_EQ("success", success.observed);
}

TEST(Evaluate, SignalNeedsTheExactSiCode) {
  const char *id = "MMAP.ACCESS.PROT_NONE_SIGSEGV";
  EXPECT_EQ(Result::kPass,
            Judge(id, Fs::kAnon, KilledBySignal(SIGSEGV, SEGV_ACCERR), "linux").result);
  Verdict wrong_code = Judge(id, Fs::kAnon, KilledBySignal(SIGSEGV, SEGV_MAPERR), "linux");
  EXPECT_EQ(Result::kFail, wrong_code.result);
  EXPECT_EQ("SIGSEGV (SEGV_ACCERR)", wrong_code.expected);
  EXPECT_EQ("killed by SIGSEGV (SEGV_MAPERR)", wrong_code.observed);
  EXPECT_EQ(Result::kFail,
            Judge(id, Fs::kAnon, KilledBySignal(SIGBUS, BUS_ADRERR), "linux").result);
  EXPECT_EQ(Result::kFail, Judge(id, Fs::kAnon, Success(), "linux").result);
}

TEST(Evaluate, SkipIsSkipAndHarnessTroubleIsAlwaysBroken) {
  const char *id = "MMAP.FD.O_PATH_EBADF";  // linux level: unspecified under posix
  EXPECT_EQ(Result::kSkip, Judge(id, Fs::kDisk, Skipped("no tmpfs"), "linux").result);
  EXPECT_EQ(Result::kSkip, Judge(id, Fs::kDisk, Skipped("no tmpfs"), "posix").result);
  // Not judged by the profile, not even where it allows anything.
  for (const char *profile : {"linux", "posix"}) {
    EXPECT_EQ(Result::kBroken, Judge(id, Fs::kDisk, Crashed("killed by SIGABRT"), profile).result);
    EXPECT_EQ(Result::kBroken, Judge(id, Fs::kDisk, TimedOut("timed out"), profile).result);
    EXPECT_EQ(Result::kBroken, Judge(id, Fs::kDisk, SetupFailed("open", ENOSPC), profile).result);
  }
  EXPECT_STREQ("BROKEN", ResultName(Result::kBroken));
  Verdict timed_out = Judge(id, Fs::kDisk, TimedOut("timed out after 20 ms"), "linux");
  EXPECT_EQ("timed out", timed_out.observed);
  EXPECT_EQ("timed out after 20 ms", timed_out.detail);
}

TEST(Evaluate, ViolatedFailsAVariantOnlyWhereAllowed) {
  const char *id = "MMAP.EOF.TAIL_STORES_AFTER_GROW";
  Verdict allowed = Judge(id, Fs::kTmpfs, Variant("stores-reappear", "bytes 100.."), "linux");
  EXPECT_EQ(Result::kAllowed, allowed.result);
  EXPECT_NE(std::string::npos, allowed.detail.find("unspecified")) << allowed.detail;
  EXPECT_NE(std::string::npos, allowed.detail.find("bytes 100..")) << allowed.detail;
  EXPECT_EQ(Result::kFail, Judge(id, Fs::kTmpfs, Variant("other"), "linux").result);
  EXPECT_EQ(Result::kFail, Judge(id, Fs::kTmpfs, Violated("byte 3"), "linux").result);
  EXPECT_EQ(Result::kPass, Judge(id, Fs::kTmpfs, Success(), "linux").result);
}

TEST(Evaluate, LinuxProfileAllowsOldKernelBehaviourOnlyOnOldKernels) {
  const char *id = "MMAP.FLAGS.SHARED_AND_PRIVATE";
  Verdict old_kernel = Judge(id, Fs::kDisk, FailedWithErrno(EINVAL), "linux", Platform("4.14.0"));
  EXPECT_EQ(Result::kAllowed, old_kernel.result);
  EXPECT_NE(std::string::npos, old_kernel.detail.find("4.15")) << old_kernel.detail;
  // An emulator or sandbox that claims a newer kernel but behaves like an old one.
  Verdict claims_new = Judge(id, Fs::kDisk, FailedWithErrno(EINVAL, "mmap(MAP_SHARED|MAP_PRIVATE)"),
                             "linux", Platform("6.18.44"));
  EXPECT_EQ(Result::kFail, claims_new.result);
  EXPECT_EQ("success", claims_new.expected);
  EXPECT_EQ("fails with EINVAL (Invalid argument)", claims_new.observed);
  EXPECT_EQ(0u, claims_new.detail.find("reports Linux 6.18, behaves like Linux < 4.15 ("))
      << claims_new.detail;
  EXPECT_NE(std::string::npos, claims_new.detail.find("mmap(MAP_SHARED|MAP_PRIVATE)"));
  // The bound is exclusive: 4.15 itself has MAP_SHARED_VALIDATE.
  EXPECT_EQ(Result::kFail,
            Judge(id, Fs::kDisk, FailedWithErrno(EINVAL), "linux", Platform("4.15.0")).result);
  // A version the platform does not report cannot be contradicted.
  EXPECT_EQ(Result::kAllowed,
            Judge(id, Fs::kDisk, FailedWithErrno(EINVAL), "linux", Platform("unknown")).result);
  EXPECT_EQ(Result::kFail,
            Judge(id, Fs::kDisk, FailedWithErrno(EACCES), "linux", Platform("4.14.0")).result);
  EXPECT_EQ(Result::kPass, Judge(id, Fs::kDisk, Success(), "linux", Platform("6.18.44")).result);
}

TEST(Evaluate, SkipForAMissingFeatureFailsWhereTheReportedKernelHasIt) {
  const char *id = "MMAP.FIXED_NOREPLACE.EEXIST";
  Observation missing = SkippedBeforeKernel(Linux(4, 17), "no MAP_FIXED_NOREPLACE");
  EXPECT_EQ(Result::kSkip, Judge(id, Fs::kAnon, missing, "linux", Platform("4.16.3")).result);
  Verdict claims_new = Judge(id, Fs::kAnon, missing, "linux", Platform("4.17.0"));
  EXPECT_EQ(Result::kFail, claims_new.result);
  EXPECT_EQ("reports Linux 4.17, behaves like Linux < 4.17; no MAP_FIXED_NOREPLACE",
            claims_new.detail);
  EXPECT_EQ(Result::kSkip, Judge(id, Fs::kAnon, missing, "linux", Platform("unknown")).result);
  // A skip for any other reason stays a skip.
  EXPECT_EQ(Result::kSkip,
            Judge(id, Fs::kAnon, Skipped("no tmpfs"), "linux", Platform("6.18.44")).result);
}

TEST(Evaluate, A32BitAbiExpectsEinvalForOffsetsMmap2CannotCarry) {
  PlatformFacts abi32 = Platform("6.1.0-18-686-pae", "i686");
  abi32.abi_bits = 32;
  for (const char *id : {"MMAP.ARGS.OFFSET_OVERFLOW_EOVERFLOW", "MMAP.ARGS.NEGATIVE_OFFSET"}) {
    Verdict einval = Judge(id, Fs::kDisk, FailedWithErrno(EINVAL, "mmap"), "linux", abi32);
    EXPECT_EQ(Result::kPass, einval.result) << id;
    EXPECT_EQ("fails with EINVAL (Invalid argument)", einval.expected) << id;
    EXPECT_EQ(0u, einval.detail.find("32-bit ABI: mmap2 takes the offset")) << einval.detail;
    EXPECT_NE(std::string::npos, einval.detail.find("mmap64.c")) << "cites its source";
    EXPECT_EQ(Result::kFail,
              Judge(id, Fs::kDisk, FailedWithErrno(EOVERFLOW), "linux", abi32).result)
        << id;
    // On a 64-bit ABI the kernel sees the offset: EOVERFLOW, and EINVAL is wrong.
    EXPECT_EQ(Result::kFail, Judge(id, Fs::kDisk, FailedWithErrno(EINVAL), "linux").result) << id;
    EXPECT_EQ(Result::kPass, Judge(id, Fs::kDisk, FailedWithErrno(EOVERFLOW), "linux").result)
        << id;
  }
}

TEST(Evaluate, S390ReportsThePageOfAFaultInSiAddrAllowedOnlyThere) {
  const Observation page = Variant(kSiAddrPageVariant, "si_addr is 0x3ff000");
  for (const char *id : {"MMAP.ACCESS.SIGSEGV_SI_ADDR", "MMAP.EOF.SIGBUS_SI_ADDR"}) {
    const Fs fs = std::string(id).find("EOF") != std::string::npos ? Fs::kDisk : Fs::kAnon;
    for (const char *profile : {"linux", "posix"}) {
      Verdict s390 = Judge(id, fs, page, profile, Platform("6.1.0-18-s390x", "s390x"));
      EXPECT_EQ(Result::kAllowed, s390.result) << id << " " << profile;
      EXPECT_EQ(0u, s390.detail.find("s390x: the hardware reports only the page")) << s390.detail;
      EXPECT_EQ(Result::kFail, Judge(id, fs, page, profile).result) << id << " on x86_64";
    }
    EXPECT_EQ(Result::kPass,
              Judge(id, fs, Success(), "linux", Platform("6.1.0-18-s390x", "s390x")).result);
    EXPECT_EQ(Result::kFail, Judge(id, fs, Violated("si_addr is 0x40"), "linux",
                                   Platform("6.1.0-18-s390x", "s390x"))
                                 .result);
  }
}

TEST(Evaluate, S390AddressSpaceMayHold2To62BytesAllowedOnlyThere) {
  const char *id = "MMAP.ARGS.HUGE_LENGTH_ENOMEM";
  const Observation fits = Variant(kHugeLengthFitsVariant, "mmap(len=0x4000000000000000)");
  Verdict s390 = Judge(id, Fs::kAnon, fits, "linux", Platform("6.1.0-18-s390x", "s390x"));
  EXPECT_EQ(Result::kAllowed, s390.result);
  EXPECT_EQ(0u, s390.detail.find("s390x: a process's address space grows to 16 EiB"))
      << s390.detail;
  EXPECT_EQ(Result::kFail, Judge(id, Fs::kAnon, fits, "linux").result) << "on x86_64";
  EXPECT_EQ(Result::kFail,
            Judge(id, Fs::kAnon, Success(), "linux", Platform("6.1.0-18-s390x", "s390x")).result)
      << "SIZE_MAX mapped: no address space holds it";
  EXPECT_EQ(Result::kPass, Judge(id, Fs::kAnon, FailedWithErrno(ENOMEM), "linux",
                                 Platform("6.1.0-18-s390x", "s390x"))
                               .result);
}

TEST(KernelVersion, ParsesReleasesAndOrders) {
  EXPECT_EQ("6.1", ToString(ParseKernelRelease("6.1.0-18-amd64")));
  EXPECT_EQ("4.15", ToString(ParseKernelRelease("4.15")));
  EXPECT_EQ("6.12", ToString(ParseKernelRelease("6.12.57+deb12-amd64")));
  EXPECT_EQ("unknown", ToString(ParseKernelRelease("")));
  EXPECT_EQ("unknown", ToString(ParseKernelRelease("6")));
  EXPECT_EQ("unknown", ToString(ParseKernelRelease("v6.1")));
  EXPECT_EQ("unknown", ToString(ParseKernelRelease("99999.1")));
  EXPECT_TRUE(Linux(4, 14) < Linux(4, 15));
  EXPECT_TRUE(Linux(4, 15) < Linux(5, 0));
  EXPECT_FALSE(Linux(4, 15) < Linux(4, 15));
}

TEST(RuleCondition, MatchesArchAbiPageSizeAndEnvironment) {
  PlatformFacts facts = Platform("6.1.0", "armv7l");
  facts.abi_bits = 32;
  facts.environment = {"qemu-user"};
  EXPECT_TRUE(PlatformMatches(RuleCondition(), facts));
  EXPECT_TRUE(PlatformMatches(OnArch("arm*").Abi(32), facts));
  EXPECT_FALSE(PlatformMatches(OnArch("aarch64"), facts));
  EXPECT_FALSE(PlatformMatches(OnAbi(64), facts));
  EXPECT_TRUE(PlatformMatches(WithPageSize(4096), facts));
  EXPECT_FALSE(PlatformMatches(WithPageSize(65536), facts));
  EXPECT_TRUE(PlatformMatches(InEnvironment("qemu-user"), facts));
  EXPECT_FALSE(PlatformMatches(InEnvironment("valgrind"), facts));
  // The kernel bound is judged by Evaluate, not here.
  EXPECT_TRUE(PlatformMatches(KernelBelow(4, 15), facts));
}

TEST(Evaluate, PosixProfileAllowsLinuxAndImplEntriesAndSiCodes) {
  Verdict linux_only = Judge("MMAP.FD.O_PATH_EBADF", Fs::kDisk, FailedWithErrno(EBADF), "posix");
  EXPECT_EQ(Result::kAllowed, linux_only.result);
  EXPECT_NE(std::string::npos, linux_only.expected.find("unspecified by posix"));
  EXPECT_NE(std::string::npos, linux_only.detail.find("Linux-specific"));
  EXPECT_EQ(Result::kAllowed,
            Judge("MMAP.ANON.FD_IGNORED", Fs::kAnon, FailedWithErrno(EINVAL), "posix").result);
  // POSIX-level entries are still judged.
  EXPECT_EQ(Result::kPass,
            Judge("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk, FailedWithErrno(EINVAL), "posix").result);
  EXPECT_EQ(Result::kFail, Judge("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk, Success(), "posix").result);
  // SIGBUS past EOF: any si_code is allowed, another signal is not.
  EXPECT_EQ(Result::kAllowed, Judge("MMAP.EOF.PAST_EOF_LOAD_SIGBUS", Fs::kDisk,
                                    KilledBySignal(SIGBUS, BUS_OBJERR), "posix")
                                  .result);
  EXPECT_EQ(Result::kFail, Judge("MMAP.EOF.PAST_EOF_LOAD_SIGBUS", Fs::kDisk,
                                 KilledBySignal(SIGSEGV, SEGV_MAPERR), "posix")
                               .result);
  EXPECT_EQ(Result::kFail, Judge("MMAP.EOF.PAST_EOF_LOAD_SIGBUS", Fs::kDisk,
                                 KilledBySignal(SIGBUS, BUS_OBJERR), "linux")
                               .result);
}

TEST(Evaluate, RulesCanNameOneFileSystem) {
  const char *id = "MMAP.FORK.SHARED_STAYS_SHARED";
  EXPECT_EQ(Result::kAllowed, Judge(id, Fs::kAnon, Success(), "posix").result);
  EXPECT_EQ(Result::kPass, Judge(id, Fs::kDisk, Success(), "posix").result);
  EXPECT_EQ(Result::kFail, Judge(id, Fs::kDisk, Violated("no"), "posix").result);
}

TEST(Evaluate, MacosExpectsSigbusForProtectionFaults) {
  const char *id = "MMAP.ACCESS.PROT_NONE_SIGSEGV";
  Verdict bus = Judge(id, Fs::kAnon, KilledBySignal(SIGBUS, BUS_ADRERR), "macos");
  EXPECT_EQ(Result::kPass, bus.result);
  EXPECT_EQ("SIGBUS (any si_code)", bus.expected);
  EXPECT_EQ(Result::kAllowed,
            Judge(id, Fs::kAnon, KilledBySignal(SIGSEGV, SEGV_ACCERR), "macos").result);
  EXPECT_EQ(Result::kFail,
            Judge(id, Fs::kAnon, KilledBySignal(SIGSEGV, SEGV_MAPERR), "macos").result);
}

TEST(Evaluate, FreebsdExpectsEinvalForAnonymousWithFd) {
  const char *id = "MMAP.ANON.FD_IGNORED";
  EXPECT_EQ(Result::kPass, Judge(id, Fs::kAnon, FailedWithErrno(EINVAL), "freebsd").result);
  Verdict linux_way = Judge(id, Fs::kAnon, Success(), "freebsd");
  EXPECT_EQ(Result::kFail, linux_way.result);
  EXPECT_NE(std::string::npos, linux_way.detail.find("fd == -1")) << linux_way.detail;
  EXPECT_EQ(Result::kFail, Judge(id, Fs::kAnon, FailedWithErrno(EINVAL), "linux").result);
}

}  // namespace
}  // namespace mk_conformance
