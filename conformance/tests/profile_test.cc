// Evaluate(): how an observation becomes PASS, FAIL, ALLOWED or SKIP under
// each profile, and what the verdict says.
#include <signal.h>

#include <cerrno>
#include <string>

#include "conformance/catalog/catalog.h"
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

Verdict Judge(const char *id, Fs fs, const Observation &o, const char *profile) {
  const Profile *p = FindProfile(profile);
  EXPECT_NE(nullptr, p) << profile;
  return Evaluate(RowOf(id, fs), o, *p);
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

TEST(Evaluate, SkipIsSkipAndHarnessTroubleIsAlwaysFail) {
  const char *id = "MMAP.FD.O_PATH_EBADF";  // linux level: unspecified under posix
  EXPECT_EQ(Result::kSkip, Judge(id, Fs::kDisk, Skipped("no tmpfs"), "linux").result);
  EXPECT_EQ(Result::kSkip, Judge(id, Fs::kDisk, Skipped("no tmpfs"), "posix").result);
  for (const char *profile : {"linux", "posix"}) {
    EXPECT_EQ(Result::kFail, Judge(id, Fs::kDisk, Crashed("killed by SIGABRT"), profile).result);
    EXPECT_EQ(Result::kFail, Judge(id, Fs::kDisk, TimedOut("timed out"), profile).result);
    EXPECT_EQ(Result::kFail, Judge(id, Fs::kDisk, SetupFailed("open", ENOSPC), profile).result);
  }
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

TEST(Evaluate, LinuxProfileAllowsOldKernelBehaviour) {
  Verdict v = Judge("MMAP.FLAGS.SHARED_AND_PRIVATE", Fs::kDisk, FailedWithErrno(EINVAL), "linux");
  EXPECT_EQ(Result::kAllowed, v.result);
  EXPECT_NE(std::string::npos, v.detail.find("4.15")) << v.detail;
  EXPECT_EQ(
      Result::kFail,
      Judge("MMAP.FLAGS.SHARED_AND_PRIVATE", Fs::kDisk, FailedWithErrno(EACCES), "linux").result);
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
