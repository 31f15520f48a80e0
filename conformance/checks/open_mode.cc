// Checks of how the descriptor's open mode, the inode's append-only attribute
// and the file type decide whether mmap and mprotect may grant an access.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conformance/checks/check_util.h"
#include "conformance/checks/checks.h"

namespace mk_conformance {

namespace {

const char *ProtName(int prot) {
  switch (prot) {
    case PROT_NONE:
      return "PROT_NONE";
    case PROT_READ:
      return "PROT_READ";
    case PROT_WRITE:
      return "PROT_WRITE";
    case PROT_READ | PROT_WRITE:
      return "PROT_READ|PROT_WRITE";
  }
  return "PROT_?";
}

const char *TypeName(int flags) {
  return flags == MAP_SHARED ? "MAP_SHARED" : "MAP_PRIVATE";
}

// Sets FS_APPEND_FL on a file for the lifetime of the guard, so the file can
// be removed afterwards. ok() is false when the attribute cannot be set here.
class AppendOnlyGuard {
 public:
  explicit AppendOnlyGuard(int fd) : fd_(fd), err_(SetInodeFlag(fd, FS_APPEND_FL, true)) {}
  ~AppendOnlyGuard() {
    if (err_ == 0) SetInodeFlag(fd_, FS_APPEND_FL, false);
  }
  AppendOnlyGuard(const AppendOnlyGuard &) = delete;
  AppendOnlyGuard &operator=(const AppendOnlyGuard &) = delete;
  int err() const { return err_; }

 private:
  int fd_;
  int err_;
};

Observation AppendOnlyUnsupported(int err) {
  return Skipped("cannot set the append-only attribute (FS_IOC_SETFLAGS FS_APPEND_FL): " +
                 mk_posix::ErrnoDescription(err) +
                 "; needs CAP_LINUX_IMMUTABLE and a file system that supports it");
}

// mmap(PROT_READ) of fd, MAP_SHARED and then MAP_PRIVATE, must fail with err
// both times; the first other outcome is the observation. `what` names the fd.
Observation BothTypesFailWith(const CheckEnv &env, int fd, const std::string &what, int err) {
  for (int type : {MAP_SHARED, MAP_PRIVATE}) {
    Observation o =
        ObserveMmap([&] { return mmap(nullptr, env.page, PROT_READ, type, fd, 0); }, env.page,
                    std::string("mmap(PROT_READ, ") + TypeName(type) + ") of " + what);
    if (o.kind != Observation::Kind::kErrno || o.err != err) return o;
  }
  return FailedWithErrno(err, "MAP_SHARED and MAP_PRIVATE");
}

}  // namespace

Observation CheckWriteOnlyFd(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd fd = file.Open(O_WRONLY);
  MK_REQUIRE(fd.valid(), "open(O_WRONLY)");
  for (int prot : {PROT_NONE, PROT_READ, PROT_WRITE, PROT_READ | PROT_WRITE}) {
    for (int type : {MAP_SHARED, MAP_PRIVATE}) {
      Observation o = ObserveMmap(
          [&] { return mmap(nullptr, env.page, prot, type, fd.get(), 0); }, env.page,
          std::string("mmap(") + ProtName(prot) + ", " + TypeName(type) + ") of an O_WRONLY fd");
      if (o.kind != Observation::Kind::kErrno || o.err != EACCES) return o;
    }
  }
  return FailedWithErrno(EACCES, "all 8 combinations of prot and MAP_SHARED/MAP_PRIVATE");
}

Observation CheckReadOnlySharedWrite(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd fd = file.Open(O_RDONLY);
  MK_REQUIRE(fd.valid(), "open(O_RDONLY)");
  for (int prot : {PROT_WRITE, PROT_READ | PROT_WRITE}) {
    Observation o = ObserveMmap(
        [&] { return mmap(nullptr, env.page, prot, MAP_SHARED, fd.get(), 0); }, env.page,
        std::string("mmap(") + ProtName(prot) + ", MAP_SHARED) of an O_RDONLY fd");
    if (o.kind != Observation::Kind::kErrno || o.err != EACCES) return o;
  }
  return FailedWithErrno(EACCES, "PROT_WRITE and PROT_READ|PROT_WRITE");
}

Observation CheckReadOnlyPrivateWrite(const CheckEnv &env) {
  std::string content = Pattern(env.page);
  TempFile file = NewFile(env, content);
  ScopedFd fd = file.Open(O_RDONLY);
  MK_REQUIRE(fd.valid(), "open(O_RDONLY)");
  MK_MAP(m, "mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE) of an O_RDONLY fd", nullptr, env.page,
         PROT_READ | PROT_WRITE, MAP_PRIVATE, fd.get(), 0);
  MK_STEP(StoreInChild(m.vptr(), 'C', "store to the private mapping (in a child)"),
          "the private writable mapping is not writable");
  m.ptr()[0] = 'C';
  m.ptr()[env.page - 1] = 'D';
  std::string changed = content;
  changed[0] = 'C';
  changed[env.page - 1] = 'D';
  MK_STEP(CompareBytes(m.vptr(), changed, "the private mapping after its stores"),
          "the stores are not visible in the mapping");
  MK_STEP(CompareFile(fd.get(), content, "the file after stores to a private mapping"),
          "copy-on-write failed");
  return Success("stores stayed in the private copy; the file is unchanged");
}

Observation CheckMprotectReadOnlySharedAddWrite(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd fd = file.Open(O_RDONLY);
  MK_REQUIRE(fd.valid(), "open(O_RDONLY)");
  mk_posix::Mapping m = mk_posix::Mmap(nullptr, env.page, PROT_READ, MAP_SHARED, fd.get(), 0);
  MK_REQUIRE(m.valid(), "mmap(PROT_READ, MAP_SHARED)");
  return ObserveCall([&] { return mprotect(m.addr(), env.page, PROT_READ | PROT_WRITE); },
                     "mprotect(PROT_READ|PROT_WRITE) of a MAP_SHARED mapping of an O_RDONLY fd");
}

Observation CheckMprotectReadOnlyPrivateAddWrite(const CheckEnv &env) {
  std::string content = Pattern(env.page);
  TempFile file = NewFile(env, content);
  ScopedFd fd = file.Open(O_RDONLY);
  MK_REQUIRE(fd.valid(), "open(O_RDONLY)");
  mk_posix::Mapping m = mk_posix::Mmap(nullptr, env.page, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  MK_REQUIRE(m.valid(), "mmap(PROT_READ, MAP_PRIVATE)");
  if (mprotect(m.addr(), env.page, PROT_READ | PROT_WRITE) != 0) {
    MK_RETURN_ERRNO("mprotect(PROT_READ|PROT_WRITE) of a MAP_PRIVATE mapping");
  }
  MK_STEP(StoreInChild(m.vptr(), 'W', "store after mprotect (in a child)"),
          "the mapping is not writable after mprotect");
  m.ptr()[0] = 'W';
  MK_STEP(CompareFile(fd.get(), content, "the file after a store to the private mapping"),
          "copy-on-write failed");
  return Success("mprotect granted PROT_WRITE; the store stayed private");
}

Observation CheckAppendFdSharedWrite(const CheckEnv &env) {
  std::string content = Pattern(env.page);
  TempFile file = NewFile(env, content);
  ScopedFd fd = file.Open(O_RDWR | O_APPEND);
  MK_REQUIRE(fd.valid(), "open(O_RDWR|O_APPEND)");
  MK_MAP(m, "mmap(PROT_READ|PROT_WRITE, MAP_SHARED) of an O_APPEND fd", nullptr, env.page,
         PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  m.ptr()[7] = 'A';
  content[7] = 'A';
  MK_STEP(CompareFile(fd.get(), content, "the file after a store through the mapping"),
          "the store did not reach the file");
  return Success("mapped; a store in the middle of the file reached it");
}

Observation CheckAppendOnlyInodeShared(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd ro = file.Open(O_RDONLY);
  MK_REQUIRE(ro.valid(), "open(O_RDONLY)");
  AppendOnlyGuard append_only(ro.get());
  if (append_only.err() != 0) return AppendOnlyUnsupported(append_only.err());
  ScopedFd fd = file.Open(O_RDWR | O_APPEND);
  MK_REQUIRE(fd.valid(), "open(O_RDWR|O_APPEND) of the append-only file");
  return ObserveMmap(
      [&] { return mmap(nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0); },
      env.page, "mmap(PROT_READ|PROT_WRITE, MAP_SHARED) of an append-only file");
}

Observation CheckAppendOnlyInodeSharedRead(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd ro = file.Open(O_RDONLY);
  MK_REQUIRE(ro.valid(), "open(O_RDONLY)");
  AppendOnlyGuard append_only(ro.get());
  if (append_only.err() != 0) return AppendOnlyUnsupported(append_only.err());
  ScopedFd fd = file.Open(O_RDWR | O_APPEND);
  MK_REQUIRE(fd.valid(), "open(O_RDWR|O_APPEND) of the append-only file");
  return ObserveMmap(
      [&] { return mmap(nullptr, env.page, PROT_READ, MAP_SHARED, fd.get(), 0); }, env.page,
      "mmap(PROT_READ, MAP_SHARED) of an append-only file through an O_RDWR|O_APPEND fd");
}

Observation CheckAppendOnlyInodePrivate(const CheckEnv &env) {
  std::string content = Pattern(env.page);
  TempFile file = NewFile(env, content);
  ScopedFd ro = file.Open(O_RDONLY);
  MK_REQUIRE(ro.valid(), "open(O_RDONLY)");
  AppendOnlyGuard append_only(ro.get());
  if (append_only.err() != 0) return AppendOnlyUnsupported(append_only.err());
  ScopedFd fd = file.Open(O_RDWR | O_APPEND);
  MK_REQUIRE(fd.valid(), "open(O_RDWR|O_APPEND) of the append-only file");
  MK_MAP(m, "mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE) of an append-only file", nullptr, env.page,
         PROT_READ | PROT_WRITE, MAP_PRIVATE, fd.get(), 0);
  m.ptr()[0] = 'P';
  MK_STEP(CompareFile(ro.get(), content, "the append-only file after a private store"),
          "copy-on-write failed");
  MK_MAP(shared_ro, "mmap(PROT_READ, MAP_SHARED) of an append-only file through an O_RDONLY fd",
         nullptr, env.page, PROT_READ, MAP_SHARED, ro.get(), 0);
  MK_STEP(CompareBytes(shared_ro.vptr(), content, "the read-only shared mapping"),
          "the read-only shared mapping does not show the file");
  return Success("MAP_PRIVATE (any fd) and MAP_SHARED through an O_RDONLY fd are allowed");
}

Observation CheckPipeReadEnd(const CheckEnv &env) {
  int fds[2];
  MK_REQUIRE(pipe2(fds, O_CLOEXEC) == 0, "pipe2");
  ScopedFd read_end(fds[0]), write_end(fds[1]);
  return BothTypesFailWith(env, read_end.get(), "a pipe's read end", ENODEV);
}

Observation CheckPipeWriteEnd(const CheckEnv &env) {
  int fds[2];
  MK_REQUIRE(pipe2(fds, O_CLOEXEC) == 0, "pipe2");
  ScopedFd read_end(fds[0]), write_end(fds[1]);
  return BothTypesFailWith(env, write_end.get(), "a pipe's write end", EACCES);
}

Observation CheckDirectory(const CheckEnv &env) {
  ScopedFd dir(open(env.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  MK_REQUIRE(dir.valid(), "open(O_DIRECTORY)");
  return BothTypesFailWith(env, dir.get(), "a directory", ENODEV);
}

}  // namespace mk_conformance
