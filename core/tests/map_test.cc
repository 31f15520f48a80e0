// Tests of mmapkit/map.h: whole-file mappings in three modes, every error,
// and what each mode does to the file, seen with read(), with a second
// mapping and from another process.
#include "mmapkit/map.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "conformance/posix/files.h"
#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "conformance/posix/privileges.h"
#include "gtest/gtest.h"

namespace {

using mk_posix::ChildCheck;
using mk_posix::DropFileCapabilities;
using mk_testing::ExitedWith;
using mk_testing::KilledBySignal;
using mk_posix::ListDir;
using mk_posix::Pattern;
using mk_posix::ReadFile;
using mk_testing::ReturnsErrno;
using mk_posix::RunInChild;
using mk_testing::SyscallSucceeds;
using mk_posix::TempDirectory;
using mk_posix::TempFile;

const std::string kText = "hello world, this is the file\n";
const mk_map_mode kAllModes[] = {MK_MAP_SHARED_RO, MK_MAP_SHARED_RW, MK_MAP_PRIVATE};

std::string View(const mk_mapping &m) {
  return std::string(static_cast<const char *>(m.addr), m.len);
}

// kText with "HELLO" at offset 0: what a writer in these tests stores.
std::string Written() {
  std::string s = kText;
  s.replace(0, 5, "HELLO");
  return s;
}

// A mapping that is not one, to see that failed calls leave *out alone.
mk_mapping Sentinel() {
  return mk_mapping{reinterpret_cast<void *>(0x1234), 77, MK_MAP_PRIVATE};
}

void ExpectSentinel(const mk_mapping &m) {
  EXPECT_EQ(reinterpret_cast<void *>(0x1234), m.addr);
  EXPECT_EQ(77u, m.len);
  EXPECT_EQ(MK_MAP_PRIVATE, m.mode);
}

// How many file descriptors this process has open.
int OpenFdCount() {
  return static_cast<int>(ListDir("/proc/self/fd").size()) - 1;  // less ListDir's own descriptor
}

TEST(MapPath, SharedReadOnlyMapsTheWholeFile) {
  TempFile file(kText);
  mk_mapping m = Sentinel();
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, &m));
  EXPECT_NE(nullptr, m.addr);
  EXPECT_EQ(kText.size(), m.len);
  EXPECT_EQ(MK_MAP_SHARED_RO, m.mode);
  EXPECT_EQ(kText, View(m));
  EXPECT_EQ(0, mk_unmap(&m));
}

TEST(MapPath, EmptyFileGivesAnEmptyMappingInEveryMode) {
  TempFile file("");
  for (mk_map_mode mode : kAllModes) {
    mk_mapping m = Sentinel();
    ASSERT_EQ(0, mk_map_path(file.path().c_str(), mode, &m)) << "mode " << mode;
    EXPECT_EQ(nullptr, m.addr);
    EXPECT_EQ(0u, m.len);
    EXPECT_EQ(mode, m.mode);
    EXPECT_EQ(0, mk_map_sync(&m, 0));
    EXPECT_EQ(0, mk_map_sync(&m, 1));
    EXPECT_EQ(0, mk_unmap(&m));
  }
}

TEST(MapPath, MissingFileIsEnoentAndLeavesOutAlone) {
  TempDirectory dir;
  mk_mapping m = Sentinel();
  EXPECT_THAT(mk_map_path(dir.Join("missing").c_str(), MK_MAP_SHARED_RO, &m), ReturnsErrno(ENOENT));
  ExpectSentinel(m);
}

TEST(MapPath, DirectoryIsEisdirInEveryMode) {
  TempDirectory dir;
  for (mk_map_mode mode : kAllModes) {
    mk_mapping m = Sentinel();
    EXPECT_THAT(mk_map_path(dir.path().c_str(), mode, &m), ReturnsErrno(EISDIR)) << "mode " << mode;
    ExpectSentinel(m);
  }
}

TEST(MapPath, FifoIsEspipeWithoutWaitingForAWriter) {
  TempDirectory dir;
  std::string fifo = dir.Join("fifo");
  ASSERT_THAT(mkfifo(fifo.c_str(), 0600), SyscallSucceeds());
  // In a child with a deadline: a plain open() of a FIFO would block forever.
  EXPECT_THAT(RunInChild(
                  [&] {
                    for (mk_map_mode mode : kAllModes) {
                      mk_mapping m = Sentinel();
                      ChildCheck(mk_map_path(fifo.c_str(), mode, &m) == -ESPIPE, "ESPIPE");
                      ChildCheck(m.addr == reinterpret_cast<void *>(0x1234), "out unchanged");
                    }
                  },
                  5000),
              ExitedWith(0));
}

TEST(MapPath, CharacterDeviceIsEinval) {
  mk_mapping m = Sentinel();
  EXPECT_THAT(mk_map_path("/dev/null", MK_MAP_SHARED_RO, &m), ReturnsErrno(EINVAL));
  ExpectSentinel(m);
}

TEST(MapPath, FileLargerThanSizeMaxIsEoverflowInEveryMode) {
  const uint64_t size = static_cast<uint64_t>(SIZE_MAX) + 1;
  if (size == 0) GTEST_SKIP() << "size_t has 64 bits here: every file size fits in a mapping";
  TempFile file(kText);
  {
    mk_posix::ScopedFd fd(open(file.path().c_str(), O_RDWR | O_CLOEXEC));
    ASSERT_TRUE(fd.valid());
    ASSERT_THAT(ftruncate(fd.get(), static_cast<off_t>(size)), SyscallSucceeds());  // sparse
  }
  for (mk_map_mode mode : kAllModes) {
    mk_mapping m = Sentinel();
    EXPECT_THAT(mk_map_path(file.path().c_str(), mode, &m), ReturnsErrno(EOVERFLOW))
        << "mode " << mode;
    ExpectSentinel(m);
  }
}

TEST(MapPath, BadArgumentsAreEinval) {
  TempFile file(kText);
  mk_mapping m = Sentinel();
  EXPECT_THAT(mk_map_path(nullptr, MK_MAP_SHARED_RO, &m), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, nullptr), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_map_path(file.path().c_str(), static_cast<mk_map_mode>(42), &m),
              ReturnsErrno(EINVAL));
  ExpectSentinel(m);
}

TEST(MapPath, ReadOnlyFileIsEaccesForSharedReadWriteOnly) {
  TempFile file(kText);
  ASSERT_THAT(chmod(file.path().c_str(), 0444), SyscallSucceeds());
  EXPECT_THAT(RunInChild([&] {
                // Tests run as root in the sandbox: without these capabilities
                // permission bits apply to root too, so EACCES can be seen.
                ChildCheck(DropFileCapabilities(), "drop file capabilities");
                mk_mapping m = Sentinel();
                ChildCheck(mk_map_path(file.path().c_str(), MK_MAP_SHARED_RW, &m) == -EACCES,
                           "shared read-write is EACCES");
                ChildCheck(m.addr == reinterpret_cast<void *>(0x1234), "out unchanged");
                ChildCheck(mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, &m) == 0,
                           "shared read-only maps");
                ChildCheck(mk_unmap(&m) == 0, "unmap");
                // Copy-on-write never reaches the file: read permission is enough.
                ChildCheck(mk_map_path(file.path().c_str(), MK_MAP_PRIVATE, &m) == 0,
                           "private maps");
                static_cast<char *>(m.addr)[0] = 'H';
                ChildCheck(mk_unmap(&m) == 0, "unmap");
              }),
              ExitedWith(0));
  std::string content;
  ASSERT_NO_ERRNO(ReadFile(file.path(), &content));
  EXPECT_EQ(kText, content);
}

TEST(MapPath, UnreadableFileIsEaccesInEveryMode) {
  TempFile file(kText);
  ASSERT_THAT(chmod(file.path().c_str(), 0), SyscallSucceeds());
  EXPECT_THAT(RunInChild([&] {
                // Tests run as root in the sandbox: without these capabilities
                // permission bits apply to root too, so EACCES can be seen.
                ChildCheck(DropFileCapabilities(), "drop file capabilities");
                for (mk_map_mode mode : kAllModes) {
                  mk_mapping m = Sentinel();
                  ChildCheck(mk_map_path(file.path().c_str(), mode, &m) == -EACCES, "EACCES");
                }
              }),
              ExitedWith(0));
}

TEST(MapPath, ClosesTheFileOnSuccessAndOnEveryError) {
  TempFile file(kText);
  TempDirectory dir;
  std::string fifo = dir.Join("fifo");
  ASSERT_THAT(mkfifo(fifo.c_str(), 0600), SyscallSucceeds());
  int before = OpenFdCount();
  ASSERT_GT(before, 0);

  mk_mapping m = Sentinel();
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RW, &m));
  EXPECT_EQ(before, OpenFdCount()) << "after a successful map";
  EXPECT_EQ(kText, View(m)) << "the mapping outlives its descriptor";
  EXPECT_EQ(0, mk_unmap(&m));
  EXPECT_EQ(-ESPIPE, mk_map_path(fifo.c_str(), MK_MAP_SHARED_RO, &m));
  EXPECT_EQ(before, OpenFdCount()) << "after a FIFO";
  EXPECT_EQ(-EISDIR, mk_map_path(dir.path().c_str(), MK_MAP_SHARED_RO, &m));
  EXPECT_EQ(before, OpenFdCount()) << "after a directory";
}

TEST(MapPath, MmapFailureIsReturnedAndClosesTheFile) {
  // A sparse 1 GiB file and an address-space limit too small to map it.
  TempFile file;
  {
    auto fd = file.Open(O_RDWR);
    ASSERT_TRUE(fd.valid());
    ASSERT_THAT(ftruncate(fd.get(), 1L << 30), SyscallSucceeds());
  }
  EXPECT_THAT(RunInChild([&] {
                std::string statm;
                ChildCheck(ReadFile("/proc/self/statm", &statm), "read statm");
                rlim_t mapped = std::stoull(statm) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE));
                struct rlimit limit = {mapped + (64 << 20), RLIM_INFINITY};
                ChildCheck(setrlimit(RLIMIT_AS, &limit) == 0, "setrlimit");
                int before = OpenFdCount();
                mk_mapping m = Sentinel();
                ChildCheck(mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, &m) == -ENOMEM,
                           "ENOMEM");
                ChildCheck(m.addr == reinterpret_cast<void *>(0x1234), "out unchanged");
                ChildCheck(OpenFdCount() == before, "descriptor closed");
              }),
              ExitedWith(0));
}

TEST(MapPath, TruncatedFileRaisesSigbusPastTheNewEnd) {
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  TempFile file(Pattern(2 * page));
  mk_mapping m;
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, &m));
  ASSERT_THAT(truncate(file.path().c_str(), 0), SyscallSucceeds());
  EXPECT_THAT(RunInChild([&] { (void)static_cast<volatile char *>(m.addr)[page]; }),
              KilledBySignal(SIGBUS, BUS_ADRERR));
  EXPECT_EQ(0, mk_unmap(&m));
}

TEST(SharedReadOnly, WritingFaultsWithSegvAccerr) {
  TempFile file(kText);
  mk_mapping m;
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, &m));
  EXPECT_THAT(RunInChild([&] { static_cast<volatile char *>(m.addr)[0] = 'H'; }),
              KilledBySignal(SIGSEGV, SEGV_ACCERR));
  EXPECT_EQ(0, mk_unmap(&m));
}

TEST(SharedWriter, StoresReachTheFileAndOtherMappings) {
  TempFile file(kText);
  mk_mapping writer, reader;
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RW, &writer));
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, &reader));
  EXPECT_EQ(MK_MAP_SHARED_RW, writer.mode);
  std::memcpy(writer.addr, "HELLO", 5);

  std::string content;
  ASSERT_NO_ERRNO(ReadFile(file.path(), &content));
  EXPECT_EQ(Written(), content) << "read() sees the page cache the mapping wrote";
  EXPECT_EQ(Written(), View(reader));
  EXPECT_EQ(0, mk_map_sync(&writer, 0));
  EXPECT_EQ(0, mk_map_sync(&writer, 1));
  EXPECT_EQ(0, mk_unmap(&writer));
  EXPECT_EQ(0, mk_unmap(&reader));
  ASSERT_NO_ERRNO(ReadFile(file.path(), &content));
  EXPECT_EQ(Written(), content);
}

TEST(SharedWriter, AChildsStoresReachTheParent) {
  TempFile file(kText);
  mk_mapping inherited, watcher;
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RW, &inherited));
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, &watcher));
  // Through the mapping the child inherited ...
  EXPECT_THAT(RunInChild([&] { std::memcpy(inherited.addr, "HE", 2); }), ExitedWith(0));
  // ... and through one it made itself, as the seed's process b would.
  EXPECT_THAT(RunInChild([&] {
                mk_mapping own;
                ChildCheck(mk_map_path(file.path().c_str(), MK_MAP_SHARED_RW, &own) == 0, "map");
                std::memcpy(static_cast<char *>(own.addr) + 2, "LLO", 3);
                ChildCheck(mk_map_sync(&own, 0) == 0, "msync");
              }),
              ExitedWith(0));
  EXPECT_EQ(Written(), View(watcher));
  EXPECT_EQ(Written(), View(inherited));
  std::string content;
  ASSERT_NO_ERRNO(ReadFile(file.path(), &content));
  EXPECT_EQ(Written(), content);
  EXPECT_EQ(0, mk_unmap(&inherited));
  EXPECT_EQ(0, mk_unmap(&watcher));
}

TEST(PrivateWriter, LeavesTheFileByteIdentical) {
  TempFile file(kText);
  mk_mapping priv, reader;
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_PRIVATE, &priv));
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, &reader));
  EXPECT_EQ(MK_MAP_PRIVATE, priv.mode);
  std::memcpy(priv.addr, "HELLO", 5);
  EXPECT_EQ(Written(), View(priv)) << "the writer sees its own stores";
  EXPECT_EQ(0, mk_map_sync(&priv, 0)) << "msync of a private mapping writes nothing";
  EXPECT_EQ(0, mk_map_sync(&priv, 1));

  std::string content;
  ASSERT_NO_ERRNO(ReadFile(file.path(), &content));
  EXPECT_EQ(kText, content);
  EXPECT_EQ(kText, View(reader));
  EXPECT_EQ(0, mk_unmap(&priv));
  ASSERT_NO_ERRNO(ReadFile(file.path(), &content));
  EXPECT_EQ(kText, content) << "nothing is written back at unmap either";
  EXPECT_EQ(0, mk_unmap(&reader));
}

TEST(PrivateWriter, AChildsStoresStayInTheChild) {
  TempFile file(kText);
  mk_mapping inherited, watcher;
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_PRIVATE, &inherited));
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, &watcher));
  EXPECT_THAT(RunInChild([&] {
                std::memcpy(inherited.addr, "HELLO", 5);
                ChildCheck(View(inherited) == Written(), "inherited mapping shows the store");
                mk_mapping own;
                ChildCheck(mk_map_path(file.path().c_str(), MK_MAP_PRIVATE, &own) == 0, "map");
                std::memcpy(own.addr, "HELLO", 5);
                ChildCheck(View(own) == Written(), "own mapping shows the store");
                ChildCheck(mk_map_sync(&own, 0) == 0, "msync");
              }),
              ExitedWith(0));
  EXPECT_EQ(kText, View(inherited)) << "fork gives the child its own copy";
  EXPECT_EQ(kText, View(watcher));
  std::string content;
  ASSERT_NO_ERRNO(ReadFile(file.path(), &content));
  EXPECT_EQ(kText, content);
  EXPECT_EQ(0, mk_unmap(&inherited));
  EXPECT_EQ(0, mk_unmap(&watcher));
}

TEST(MapSync, SyncAndAsyncSucceedInEveryMode) {
  TempFile file(kText);
  for (mk_map_mode mode : kAllModes) {
    mk_mapping m;
    ASSERT_EQ(0, mk_map_path(file.path().c_str(), mode, &m)) << "mode " << mode;
    EXPECT_EQ(0, mk_map_sync(&m, 0)) << "MS_SYNC, mode " << mode;
    EXPECT_EQ(0, mk_map_sync(&m, 1)) << "MS_ASYNC, mode " << mode;
    EXPECT_EQ(0, mk_unmap(&m));
  }
}

TEST(MapSync, ErrorsFromMsyncAreReturned) {
  TempFile file(kText);
  mk_mapping m;
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RW, &m));
  mk_mapping misaligned = {static_cast<char *>(m.addr) + 1, m.len - 1, m.mode};
  EXPECT_THAT(mk_map_sync(&misaligned, 0), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_map_sync(nullptr, 0), ReturnsErrno(EINVAL));
  EXPECT_EQ(0, mk_unmap(&m));
}

TEST(Unmap, RemovesTheMappingResetsItAndIsSafeTwice) {
  TempFile file(kText);
  mk_mapping m;
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, &m));
  volatile char *old = static_cast<volatile char *>(m.addr);
  EXPECT_THAT(RunInChild([&] {
                ChildCheck(mk_unmap(&m) == 0, "first unmap");
                ChildCheck(m.addr == nullptr && m.len == 0, "reset to empty");
                ChildCheck(m.mode == MK_MAP_SHARED_RO, "mode kept");
                ChildCheck(mk_unmap(&m) == 0, "second unmap is a no-op");
                (void)old[0];  // gone: faults
              }),
              KilledBySignal(SIGSEGV, SEGV_MAPERR));
  EXPECT_EQ(0, mk_unmap(&m));
  EXPECT_EQ(nullptr, m.addr);
  EXPECT_EQ(0, mk_unmap(&m));
}

TEST(Unmap, ErrorsFromMunmapLeaveTheMappingAlone) {
  TempFile file(kText);
  mk_mapping m;
  ASSERT_EQ(0, mk_map_path(file.path().c_str(), MK_MAP_SHARED_RO, &m));
  mk_mapping misaligned = {static_cast<char *>(m.addr) + 1, m.len, m.mode};
  EXPECT_THAT(mk_unmap(&misaligned), ReturnsErrno(EINVAL));
  EXPECT_EQ(static_cast<char *>(m.addr) + 1, misaligned.addr);
  EXPECT_EQ(m.len, misaligned.len);
  EXPECT_THAT(mk_unmap(nullptr), ReturnsErrno(EINVAL));
  EXPECT_EQ(kText, View(m)) << "still mapped";
  EXPECT_EQ(0, mk_unmap(&m));
}

}  // namespace
