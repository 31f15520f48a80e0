// What mk_copy_file gives the destination besides its bytes, as cp does: a
// new file gets the source's permission bits filtered by the umask, or by a
// default ACL of its directory; an existing file keeps its mode, owner,
// group, ACLs and extended attributes across the atomic replace; and each
// case a rename cannot keep whole is refused with the destination untouched
// and no temporary file, and then served by MK_COPY_IN_PLACE. With
// MK_COPY_PRESERVE (cp -p) the copy gets the source's mode, ACL, owner where
// permitted, and times instead.
//
// Runs outside Bazel's linux-sandbox (BUILD tag "no-sandbox"): its user
// namespace maps only root, and owners need a second user. Where that user
// does not exist, the tests that need it skip and say why.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "core/tests/copy_test_support.h"
#include "gtest/gtest.h"
#include "mmapkit/copy.h"

namespace mk_copy_testing {
namespace {

constexpr uid_t kNobody = 65534;

std::string Octal(unsigned mode) {
  char buf[16];
  snprintf(buf, sizeof buf, "0%o", mode);
  return buf;
}

mk_copy_options InPlace() {
  mk_copy_options o = MK_COPY_OPTIONS_DEFAULT;
  o.flags |= MK_COPY_IN_PLACE;
  return o;
}

mk_copy_options Preserve(unsigned more = 0) {
  mk_copy_options o = MK_COPY_OPTIONS_DEFAULT;
  o.flags |= MK_COPY_PRESERVE | more;
  return o;
}

// "owner:group mode atime mtime" (times to the nanosecond), to compare in one go.
std::string Attributes(const std::string &path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return "stat failed: " + std::string(strerror(errno));
  char buf[160];
  snprintf(buf, sizeof buf, "%u:%u %s %lld.%09ld %lld.%09ld", static_cast<unsigned>(st.st_uid),
           static_cast<unsigned>(st.st_gid), Octal(st.st_mode & 07777).c_str(),
           static_cast<long long>(st.st_atim.tv_sec), st.st_atim.tv_nsec,
           static_cast<long long>(st.st_mtim.tv_sec), st.st_mtim.tv_nsec);
  return buf;
}

// Access and modification times with nanoseconds no clock would give twice.
void SetOddTimes(const std::string &path) {
  const struct timespec times[2] = {{1000000000, 123456789}, {1100000000, 987654321}};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << strerror(errno);
}

// --- a new destination ----------------------------------------------------------

// cp creates the file with open(O_CREAT, mode & 0777): the kernel applies the
// umask; set-user-ID, set-group-ID and sticky bits are never copied.
TEST(CopyAttributes, ANewFileGetsTheSourceBitsMinusTheUmask) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(WriteFile(src, "x"));
  std::string mismatches;
  int cases = 0;
  for (mode_t mask : {022, 077, 027, 002, 000, 037, 031}) {
    ScopedUmask scoped(mask);
    for (int mode : {0644, 0755, 0600, 0777, 0444, 0000, 04755, 02755, 01777, 06777}) {
      ASSERT_EQ(chmod(src.c_str(), static_cast<mode_t>(mode)), 0);
      std::string outcome = Copy(src, dst);
      int want = mode & 0777 & ~static_cast<int>(mask);
      int got = ModeBits(dst);
      cases++;
      if (outcome != "success" || got != want) {
        mismatches += "umask " + Octal(mask) + ", source " + Octal(mode) + ": " + outcome +
                      ", mode " + Octal(got) + " (want " + Octal(want) + ")\n";
      }
      ASSERT_EQ(unlink(dst.c_str()), 0);
    }
  }
  EXPECT_EQ(mismatches, "") << cases << " cases";
}

// A default ACL replaces the umask. The copy must get exactly what a file
// created with open(O_CREAT, source bits) gets there (cp's way), which a
// temporary file made 0600 and chmod'ed afterwards would not.
TEST(CopyAttributes, ADefaultAclOfTheDirectoryAppliesInsteadOfTheUmask) {
  TempDirectory dir;
  const std::string acl_dir = dir.Join("acl"), src = dir.Join("src");
  ASSERT_EQ(mkdir(acl_dir.c_str(), 0777), 0);
  ASSERT_NO_ERRNO(WriteFile(src, "x"));
  ASSERT_EQ(chmod(src.c_str(), 0666), 0);
  const std::string acl = AclXattr({{kAclUserObj, 7, 0},
                                    {kAclUser, 6, 0},
                                    {kAclGroupObj, 5, 0},
                                    {kAclMask, 4, 0},
                                    {kAclOther, 0, 0}});
  if (setxattr(acl_dir.c_str(), kDefaultAcl, acl.data(), acl.size(), 0) != 0) {
    GTEST_SKIP() << "no POSIX ACLs here: " << strerror(errno);
  }
  ScopedUmask scoped(0);  // ignored under a default ACL: o::--- must win
  const std::string reference = acl_dir + "/reference", copy = acl_dir + "/copy";
  ScopedFd ref(open(reference.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
  ASSERT_TRUE(ref.valid());

  EXPECT_EQ(Copy(src, copy), "success");
  EXPECT_EQ(ModeBits(copy), 0640) << "the default ACL's other::--- and mask::r-- were not applied";
  EXPECT_EQ(ModeBits(copy), ModeBits(reference));
  EXPECT_EQ(ListXattrs(copy), ListXattrs(reference)) << "the copy's ACL differs from cp's";
  EXPECT_EQ(ListXattrs(copy).count(kAccessAcl), 1u);
}

// --- an existing destination ------------------------------------------------------

TEST(CopyAttributes, AnExistingFileKeepsItsModeWhateverTheSourceAndUmask) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(WriteFile(src, "new"));
  ASSERT_EQ(chmod(src.c_str(), 0755), 0);
  ScopedUmask scoped(077);
  for (int mode : {0600, 0640, 0604, 0666, 0620, 0700, 0777}) {
    ASSERT_NO_ERRNO(WriteFile(dst, "old"));
    ASSERT_EQ(chmod(dst.c_str(), static_cast<mode_t>(mode)), 0);
    EXPECT_EQ(Copy(src, dst), "success");
    EXPECT_EQ(ModeBits(dst), mode) << "dst was " << Octal(mode);
    EXPECT_EQ(Contents(dst), "new");
    ASSERT_EQ(unlink(dst.c_str()), 0);
  }
}

// Its access ACL and user attributes stay; the source's attributes are not
// copied (cp without -p does not); the ACL the replacement inherits from the
// directory's default ACL does not replace the file's own.
TEST(CopyAttributes, AnExistingFileKeepsItsAclAndExtendedAttributes) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(WriteFile(src, "new"));
  ASSERT_NO_ERRNO(WriteFile(dst, "old"));
  ASSERT_EQ(chmod(dst.c_str(), 0640), 0);
  const std::string access = AclXattr({{kAclUserObj, 6, 0},
                                       {kAclUser, 6, 0},
                                       {kAclGroupObj, 4, 0},
                                       {kAclGroup, 2, 0},
                                       {kAclMask, 6, 0},
                                       {kAclOther, 0, 0}});
  if (setxattr(dst.c_str(), kAccessAcl, access.data(), access.size(), 0) != 0) {
    GTEST_SKIP() << "no POSIX ACLs here: " << strerror(errno);
  }
  ASSERT_EQ(setxattr(dst.c_str(), "user.kept", "yes", 3, 0), 0) << strerror(errno);
  ASSERT_EQ(setxattr(dst.c_str(), "user.empty", "", 0, 0), 0);
  ASSERT_EQ(setxattr(src.c_str(), "user.source", "no", 2, 0), 0);
  const std::string other =
      AclXattr({{kAclUserObj, 7, 0}, {kAclGroupObj, 7, 0}, {kAclMask, 7, 0}, {kAclOther, 7, 0}});
  ASSERT_EQ(setxattr(dir.path().c_str(), kDefaultAcl, other.data(), other.size(), 0), 0);
  const Xattrs before = ListXattrs(dst);
  const int mode = ModeBits(dst);
  ASSERT_EQ(before.size(), 3u);

  EXPECT_EQ(Copy(src, dst), "success");
  EXPECT_EQ(Contents(dst), "new");
  EXPECT_EQ(ListXattrs(dst), before);
  EXPECT_EQ(ModeBits(dst), mode);
}

TEST(CopyAttributes, AnAclInheritedByTheReplacementIsRemovedWhenTheFileHadNone) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(WriteFile(src, "new"));
  ASSERT_NO_ERRNO(WriteFile(dst, "old"));
  ASSERT_EQ(chmod(dst.c_str(), 0604), 0);
  const std::string acl = AclXattr({{kAclUserObj, 7, 0},
                                    {kAclUser, 7, 0},
                                    {kAclGroupObj, 7, 0},
                                    {kAclMask, 7, 0},
                                    {kAclOther, 7, 0}});
  if (setxattr(dir.path().c_str(), kDefaultAcl, acl.data(), acl.size(), 0) != 0) {
    GTEST_SKIP() << "no POSIX ACLs here: " << strerror(errno);
  }
  EXPECT_EQ(Copy(src, dst), "success");
  EXPECT_EQ(ListXattrs(dst), Xattrs{});
  EXPECT_EQ(ModeBits(dst), 0604);
}

TEST(CopyAttributes, ReplacingAnotherUsersFileKeepsItsOwnerAndGroup) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(WriteFile(src, "new"));
  ASSERT_NO_ERRNO(WriteFile(dst, "old"));
  ASSERT_EQ(chmod(dst.c_str(), 0640), 0);
  if (chown(dst.c_str(), kNobody, kNobody) != 0) {
    GTEST_SKIP() << "cannot give a file to uid 65534 here (" << strerror(errno)
                 << "): not root, or a user namespace that maps only root (Bazel's linux-sandbox)";
  }
  EXPECT_EQ(Copy(src, dst), "success");
  struct stat st;
  ASSERT_EQ(stat(dst.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, kNobody);
  EXPECT_EQ(st.st_gid, kNobody);
  EXPECT_EQ(ModeBits(dst), 0640) << "chown clears bits: the mode must be set after it";
  EXPECT_EQ(Contents(dst), "new");
}

// The mode after cp: cp truncates the existing file, and the kernel drops
// set-user-ID (and group-executable set-group-ID) unless the writer has
// CAP_FSETID. A reference file truncated the same way says what to expect.
// base: the directory, as a path this process can follow.
std::string SpecialBitsOutcome(const std::string &base) {
  const std::string src = base + "/src";
  std::string r;
  for (int mode : {04755, 02755, 02745, 06755, 01755, 04700}) {
    const std::string dst = base + "/dst", ref = base + "/ref";
    unlink(dst.c_str());
    unlink(ref.c_str());
    if (!WriteFile(dst, "old") || !WriteFile(ref, "old") ||
        chmod(dst.c_str(), static_cast<mode_t>(mode)) != 0 ||
        chmod(ref.c_str(), static_cast<mode_t>(mode)) != 0) {
      return "setup failed: " + std::string(strerror(errno));
    }
    int fd = open(ref.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) return "open reference: " + std::string(strerror(errno));
    close(fd);
    std::string outcome = Copy(src, dst);
    r += Octal(mode) + " -> " + outcome + " " + Octal(ModeBits(dst)) +
         " (cp: " + Octal(ModeBits(ref)) + "); ";
  }
  return r;
}

std::string ExpectedSpecialBits(bool privileged) {
  std::string r;
  for (int mode : {04755, 02755, 02745, 06755, 01755, 04700}) {
    int after = mode;
    if (!privileged) after &= ~(S_ISUID | ((mode & S_IXGRP) ? S_ISGID : 0));
    r += Octal(mode) + " -> success " + Octal(after) + " (cp: " + Octal(after) + "); ";
  }
  return r;
}

TEST(CopyAttributes, SpecialBitsOfAReplacedFileEndAsCpLeavesThem) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "new"));
  // Root outside a user namespace keeps them (CAP_FSETID); inside one, the
  // kernel checks the capability against the initial namespace and drops
  // them: the reference file tells which.
  const std::string as_root = SpecialBitsOutcome(dir.path());
  EXPECT_TRUE(as_root == ExpectedSpecialBits(true) || as_root == ExpectedSpecialBits(false))
      << as_root;

  ASSERT_EQ(chmod(dir.path().c_str(), 0777), 0);
  ASSERT_EQ(unlink(dir.Join("dst").c_str()), 0);  // nobody's own files this time
  ASSERT_EQ(unlink(dir.Join("ref").c_str()), 0);
  std::string as_nobody = InChildAsNobody(dir.path(), [] { return SpecialBitsOutcome("."); });
  if (as_nobody.rfind("skip: ", 0) == 0) GTEST_SKIP() << as_nobody;
  EXPECT_EQ(as_nobody, ExpectedSpecialBits(false));
}

// The kernel removes security.capability from a file that is written, so a
// file cp writes into loses it; the replacement does not get it.
TEST(CopyAttributes, FileCapabilitiesAreNotCarriedOver) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(WriteFile(src, "new"));
  ASSERT_NO_ERRNO(WriteFile(dst, "old"));
  // VFS_CAP_REVISION_2 with CAP_NET_RAW (13) permitted, little-endian.
  const char cap[20] = {0, 0, 0, 2, 0, 0x20, 0, 0};
  if (setxattr(dst.c_str(), "security.capability", cap, sizeof cap, 0) != 0) {
    GTEST_SKIP() << "cannot set file capabilities here: " << strerror(errno);
  }
  ASSERT_TRUE(ListXattrs(dst).count("security.capability"));
  EXPECT_EQ(Copy(src, dst), "success");
  EXPECT_EQ(ListXattrs(dst).count("security.capability"), 0u);
  EXPECT_EQ(Contents(dst), "new");
}

// --- what a rename cannot keep whole: refused, then served in place ------------------

TEST(CopyAttributes, AFileWithOtherHardLinksIsRefusedThenWrittenInPlace) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst"), link = dir.Join("link");
  ASSERT_NO_ERRNO(WriteFile(src, "new content"));
  ASSERT_NO_ERRNO(WriteFile(dst, "old"));
  ASSERT_EQ(::link(dst.c_str(), link.c_str()), 0);
  const uint64_t inode = Inode(dst);

  EXPECT_EQ(Copy(src, dst), "EMLINK at KEEP_DEST");
  EXPECT_EQ(Contents(dst), "old");
  EXPECT_EQ(ListDir(dir.path()), (Names{"dst", "link", "src"}));

  mk_copy_options in_place = InPlace();
  EXPECT_EQ(Copy(src, dst, &in_place), "success");
  EXPECT_EQ(Contents(link), "new content") << "the other link must see the new content";
  EXPECT_EQ(Inode(dst), inode);
  EXPECT_EQ(ListDir(dir.path()), (Names{"dst", "link", "src"}));
}

// Permission bits decide (the child gives up root's file capabilities).
TEST(CopyAttributes, AWritableFileInAReadOnlyDirectoryIsRefusedThenWrittenInPlace) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), ro = dir.Join("ro"), dst = ro + "/dst";
  ASSERT_NO_ERRNO(WriteFile(src, "new content"));
  ASSERT_EQ(mkdir(ro.c_str(), 0755), 0);
  ASSERT_NO_ERRNO(WriteFile(dst, "old"));
  ASSERT_EQ(chmod(dst.c_str(), 0666), 0);
  ASSERT_EQ(chmod(ro.c_str(), 0555), 0);

  std::string outcome = InChild([&] {
    if (!DropFileCapabilities()) return std::string("capset failed");
    mk_copy_options in_place = InPlace();
    std::string r = Copy(src, dst);
    r += ", " + Contents(dst) + "; ";
    r += Copy(src, dst, &in_place);
    return r + ", " + Contents(dst);
  });
  EXPECT_EQ(outcome, "EACCES at KEEP_DEST, old; success, new content");
  EXPECT_EQ(ListDir(ro), Names{"dst"});
  ASSERT_EQ(chmod(ro.c_str(), 0755), 0);
}

// Another user's world-writable file in a sticky directory (like /tmp): only
// root could give the replacement its owner, and only the owner may replace
// it there.
TEST(CopyAttributes, AnotherUsersFileInAStickyDirectoryIsRefusedThenWrittenInPlace) {
  TempDirectory dir;
  const std::string tmp = dir.Join("tmp"), dst = tmp + "/dst";
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "new content"));
  ASSERT_EQ(chmod(dir.Join("src").c_str(), 0644), 0);
  ASSERT_EQ(mkdir(tmp.c_str(), 0777), 0);
  ASSERT_EQ(chmod(tmp.c_str(), 01777), 0);
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
  ASSERT_NO_ERRNO(WriteFile(dst, "old"));
  ASSERT_EQ(chmod(dst.c_str(), 0666), 0);

  std::string outcome = InChildAsNobody(dir.path(), [] {
    mk_copy_options in_place = InPlace();
    std::string r = Copy("src", "tmp/dst");
    r += ", " + Contents("tmp/dst") + ", " + Joined(ListDir("tmp")) + "; ";
    r += Copy("src", "tmp/dst", &in_place);
    return r + ", " + Contents("tmp/dst");
  });
  if (outcome.rfind("skip: ", 0) == 0) GTEST_SKIP() << outcome;
  EXPECT_EQ(outcome, "EPERM at KEEP_ATTRS, old, dst; success, new content");
  struct stat st;
  ASSERT_EQ(stat(dst.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, geteuid()) << "written in place, the file keeps its owner";
  EXPECT_EQ(ModeBits(dst), 0666);
}

// A file bind-mounted over dst (as containers mount /etc/resolv.conf), in a
// mount namespace of the child's own.
TEST(CopyAttributes, AMountPointIsRefusedThenWrittenInPlace) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst"), real = dir.Join("real");
  ASSERT_NO_ERRNO(WriteFile(src, "new content"));
  ASSERT_NO_ERRNO(WriteFile(dst, "covered"));
  ASSERT_NO_ERRNO(WriteFile(real, "old"));
  std::string outcome = InChild([&] {
    std::string skip = EnterPrivateMountNamespace();
    if (!skip.empty()) return skip;
    if (mount(real.c_str(), dst.c_str(), nullptr, MS_BIND, nullptr) != 0) {
      return "skip: bind mount: " + std::string(strerror(errno));
    }
    mk_copy_options in_place = InPlace();
    std::string r = Copy(src, dst);
    r += ", " + Contents(dst) + "; ";
    r += Copy(src, dst, &in_place);
    return r + ", " + Contents(real);
  });
  if (outcome.rfind("skip: ", 0) == 0) GTEST_SKIP() << outcome;
  EXPECT_EQ(outcome, "EBUSY at KEEP_DEST, old; success, new content");
  EXPECT_EQ(ListDir(dir.path()), (Names{"dst", "real", "src"}));
}

// --- MK_COPY_PRESERVE (cp -p) --------------------------------------------------

// As root: every mode bit, the owner and group, the times to the nanosecond,
// for a new file, over an existing one (whose other attributes stay) and in
// place (same inode).
TEST(CopyPreserve, RootGetsModeOwnerAndTimesExactly) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst"), old = dir.Join("old");
  const std::string in_place = dir.Join("in_place");
  ASSERT_NO_ERRNO(WriteFile(src, "new"));
  ASSERT_EQ(chown(src.c_str(), kNobody, kNobody), 0) << strerror(errno);
  ASSERT_NO_ERRNO(WriteFile(old, "old"));
  ASSERT_EQ(setxattr(old.c_str(), "user.kept", "yes", 3, 0), 0) << strerror(errno);
  ASSERT_NO_ERRNO(WriteFile(in_place, "old"));
  const uint64_t inode = Inode(in_place);
  mk_copy_options preserve = Preserve(), preserve_in_place = Preserve(MK_COPY_IN_PLACE);
  ScopedUmask scoped(077);
  for (unsigned mode : {06755u, 01777u, 0640u, 04700u, 0u}) {
    ASSERT_EQ(chmod(src.c_str(), mode), 0);
    // Fresh times before each copy: reading the source updates its atime
    // (relatime), and cp -p gives the atime the source had when opened.
    auto copy_gets_all = [&](const std::string &to, const mk_copy_options &options) {
      SetOddTimes(src);
      const std::string want = Attributes(src);
      std::string outcome = Copy(src, to, &options);
      return outcome == "success"
                 ? (Attributes(to) == want ? "same" : Attributes(to) + " != " + want)
                 : outcome;
    };
    EXPECT_EQ(copy_gets_all(dst, preserve), "same") << "new file, " << Octal(mode);
    EXPECT_EQ(copy_gets_all(old, preserve), "same") << "over an existing file, " << Octal(mode);
    EXPECT_EQ(copy_gets_all(in_place, preserve_in_place), "same") << "in place, " << Octal(mode);
    ASSERT_EQ(unlink(dst.c_str()), 0);
  }
  EXPECT_EQ(Contents(old), "new");
  EXPECT_EQ(ListXattrs(old).count("user.kept"), 1u) << "the existing file's attribute was lost";
  EXPECT_EQ(Inode(in_place), inode);
  EXPECT_EQ(ListDir(dir.path()), (Names{"in_place", "old", "src"}));
}

// The source's access ACL comes along; a source without one gives a copy
// without one, even in a directory whose default ACL a new file inherits.
TEST(CopyPreserve, TheAccessAclIsTheSourcesOrNone) {
  TempDirectory dir;
  const std::string with = dir.Join("with"), without = dir.Join("without");
  const std::string acl_dir = dir.Join("acl_dir");
  ASSERT_NO_ERRNO(WriteFile(with, "a"));
  ASSERT_NO_ERRNO(WriteFile(without, "b"));
  ASSERT_EQ(chmod(without.c_str(), 0604), 0);
  ASSERT_EQ(mkdir(acl_dir.c_str(), 0755), 0);
  const std::string access = AclXattr({{kAclUserObj, 6, 0},
                                       {kAclUser, 6, kNobody},
                                       {kAclGroupObj, 4, 0},
                                       {kAclMask, 6, 0},
                                       {kAclOther, 0, 0}});
  const std::string inherited = AclXattr({{kAclUserObj, 7, 0},
                                          {kAclUser, 7, kNobody},
                                          {kAclGroupObj, 7, 0},
                                          {kAclMask, 7, 0},
                                          {kAclOther, 7, 0}});
  if (setxattr(with.c_str(), kAccessAcl, access.data(), access.size(), 0) != 0 ||
      setxattr(acl_dir.c_str(), kDefaultAcl, inherited.data(), inherited.size(), 0) != 0) {
    GTEST_SKIP() << "no POSIX ACLs here: " << strerror(errno);
  }
  mk_copy_options preserve = Preserve();

  EXPECT_EQ(Copy(with, acl_dir + "/with", &preserve), "success");
  EXPECT_EQ(ListXattrs(acl_dir + "/with"), ListXattrs(with));
  EXPECT_EQ(ModeBits(acl_dir + "/with"), ModeBits(with));
  EXPECT_EQ(Copy(without, acl_dir + "/without", &preserve), "success");
  EXPECT_EQ(ListXattrs(acl_dir + "/without").count(kAccessAcl), 0u)
      << "the directory's default ACL stayed on a copy of a file without one";
  EXPECT_EQ(ModeBits(acl_dir + "/without"), 0604);
}

// Not root: the owner cannot be given away, which is no error (cp -p), but
// then the set-user-ID, set-group-ID and sticky bits are not given either;
// the rest of the mode and the times are.
TEST(CopyPreserve, WithoutPrivilegeTheOwnerAndSpecialBitsStayBehind) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "x"));
  ASSERT_EQ(chmod(dir.Join("src").c_str(), 06755), 0);
  SetOddTimes(dir.Join("src"));
  ASSERT_EQ(mkdir(dir.Join("mine").c_str(), 0777), 0);
  ASSERT_EQ(chmod(dir.Join("mine").c_str(), 0777), 0);  // past the umask
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);

  std::string outcome = InChildAsNobody(dir.path(), [] {
    mk_copy_options preserve = Preserve();
    std::string copied = Copy("src", "mine/copy", &preserve);
    return copied + " " + Attributes("mine/copy");
  });
  if (outcome.rfind("skip: ", 0) == 0) GTEST_SKIP() << outcome;
  EXPECT_EQ(outcome, "success 65534:65534 0755 1000000000.123456789 1100000000.987654321");
}

TEST(CopyPreserve, IsAWholeFileChoiceRangeCopiesRefuseIt) {
  TempFile src("abc"), dst("");
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  mk_copy_options preserve = Preserve();
  EXPECT_THAT(mk_copy_range(in.get(), 0, out.get(), 0, 3, &preserve), ReturnsErrno(EINVAL));
}

}  // namespace
}  // namespace mk_copy_testing
