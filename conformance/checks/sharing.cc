// Checks of who sees a store: MAP_SHARED stores reach the file, other
// mappings and other processes; MAP_PRIVATE stores reach no one; fork keeps
// each mapping's type; anonymous memory starts zeroed; a mapping outlives its
// descriptor and its name.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <memory>

#include "conformance/checks/check_util.h"
#include "conformance/checks/checks.h"
#include "conformance/checks/mmap_flags.h"

namespace mk_conformance {

namespace {

// A mapping of `type` (MAP_SHARED or MAP_PRIVATE): of the file for file rows,
// anonymous for anon rows.
Mapping MapFor(const CheckEnv &env, const PatternFile *file, int type) {
  if (env.fs == Fs::kAnon) {
    return Mmap(nullptr, env.page, PROT_READ | PROT_WRITE, type | MAP_ANONYMOUS, -1, 0);
  }
  return Mmap(nullptr, env.page, PROT_READ | PROT_WRITE, type, file->fd.get(), 0);
}

// Starts a child (StartChild) that waits until the parent has run after_fork,
// then runs in_child and exits with its result (0 = as expected). Needed where
// the parent must act after fork() while the child is alive, which RunInChild
// (which waits for the child at once) cannot express.
Observation ForkWithParentStep(const std::function<void()> &after_fork,
                               const std::function<int()> &in_child,
                               const std::function<std::string(int)> &explain) {
  int go[2];
  MK_REQUIRE(pipe2(go, O_CLOEXEC) == 0, "pipe2");
  mk_posix::ChildProcess child = mk_posix::StartChild([&] {
    close(go[1]);
    char byte;
    while (read(go[0], &byte, 1) < 0 && errno == EINTR) {
    }
    _exit(in_child());
  });
  close(go[0]);
  if (child.pid() < 0) {
    close(go[1]);
    return SetupFailed("fork", EAGAIN);
  }
  after_fork();
  if (write(go[1], "g", 1) != 1) {
    // The child sees EOF on close and runs anyway.
  }
  close(go[1]);
  const mk_posix::ChildOutcome outcome = child.Wait();
  if (!outcome.exited) return Violated("the fork child " + outcome.Describe());
  if (outcome.exit_code != 0) return Violated(explain(outcome.exit_code));
  return Success();
}

}  // namespace

Observation CheckSharedVisibleToRead(const CheckEnv &env) {
  PatternFile f(env, env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_SHARED)", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED, f.fd.get(),
         0);
  m.ptr()[10] = 'S';
  m.ptr()[env.page - 1] = 'E';
  std::string want = f.content;
  want[10] = 'S';
  want[env.page - 1] = 'E';
  MK_STEP(CompareFile(f.fd.get(), want, "read() right after the stores (no msync)"),
          "read() does not see the stores");
  return Success("read() sees the stores without msync");
}

Observation CheckSharedVisibleToOtherMapping(const CheckEnv &env) {
  PatternFile f(env, env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(a, "mmap(MAP_SHARED) #1", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED,
         f.fd.get(), 0);
  ScopedFd other = f.file.Open(O_RDONLY);
  MK_REQUIRE(other.valid(), "open (second descriptor)");
  MK_MAP(b, "mmap(MAP_SHARED) #2", nullptr, env.page, PROT_READ, MAP_SHARED, other.get(), 0);
  MK_STEP(CompareBytes(b.vptr(), f.content, "mapping #2 before the store"), "wrong contents");
  a.ptr()[20] = 'O';
  std::string want = f.content;
  want[20] = 'O';
  MK_STEP(CompareBytes(b.vptr(), want, "mapping #2 after a store through mapping #1"),
          "the other mapping does not see the store");
  return Success("a second mapping (through another descriptor) sees the store");
}

Observation CheckSharedVisibleToOtherProcess(const CheckEnv &env) {
  PatternFile f(env, env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_SHARED)", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED, f.fd.get(),
         0);
  m.ptr()[0] = 'P';
  const std::string path = f.file.path();
  const size_t page = env.page;
  // The child maps the file on its own (no inherited mapping).
  mk_posix::ChildOutcome outcome = mk_posix::RunInChild(
      [&path, page] {
        int fd = open(path.c_str(), O_RDWR);
        if (fd < 0) _exit(10);
        void *p = mmap(nullptr, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) _exit(11);
        volatile char *c = static_cast<char *>(p);
        if (c[0] != 'P') _exit(1);
        c[1] = 'C';
        _exit(0);
      },
      kChildTimeoutMs);
  if (!outcome.exited || outcome.exit_code != 0) {
    const char *why = outcome.exit_code == 1    ? ": it does not see the parent's store"
                      : outcome.exit_code == 10 ? ": its open() failed"
                      : outcome.exit_code == 11 ? ": its mmap() failed"
                                                : "";
    return Violated("the child that mapped the file " + outcome.Describe() + why);
  }
  MK_STEP(CompareBytes(m.vptr() + 1, "C", "the parent's mapping after the child's store"),
          "the parent does not see the child's store");
  return Success("the stores crossed in both directions");
}

Observation CheckSharedPersists(const CheckEnv &env) {
  PatternFile f(env, env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_SHARED)", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED, f.fd.get(),
         0);
  m.ptr()[30] = 'M';
  std::string want = f.content;
  want[30] = 'M';
  if (msync(m.addr(), env.page, MS_SYNC) != 0) MK_RETURN_ERRNO("msync(MS_SYNC)");
  if (munmap(m.addr(), env.page) != 0) MK_RETURN_ERRNO("munmap");
  m.release();
  f.fd.reset();
  ScopedFd reopened = f.file.Open(O_RDONLY);
  MK_REQUIRE(reopened.valid(), "open (again)");
  MK_STEP(CompareFile(reopened.get(), want, "the file reopened after msync, munmap, close"),
          "the store did not persist");
  return Success("the store is in the file after msync, munmap and close");
}

Observation CheckSharedSeesWrite(const CheckEnv &env) {
  PatternFile f(env, env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_SHARED)", nullptr, env.page, PROT_READ, MAP_SHARED, f.fd.get(), 0);
  MK_STEP(CompareBytes(m.vptr(), f.content, "the mapping"), "wrong contents");
  MK_REQUIRE(pwrite(f.fd.get(), "written", 7, 100) == 7, "pwrite");
  MK_STEP(CompareBytes(m.vptr() + 100, "written", "the mapping after pwrite() at 100"),
          "the mapping does not see write()");
  return Success("the existing mapping shows the bytes written with pwrite()");
}

Observation CheckPrivateNotInFile(const CheckEnv &env) {
  PatternFile f(env, env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_PRIVATE)", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE, f.fd.get(),
         0);
  m.ptr()[0] = 'p';
  m.ptr()[env.page - 1] = 'q';
  MK_STEP(CompareFile(f.fd.get(), f.content, "the file after stores to a private mapping"),
          "a private store reached the file");
  if (msync(m.addr(), env.page, MS_SYNC) != 0) MK_RETURN_ERRNO("msync(MS_SYNC)");
  m.reset();
  MK_STEP(CompareFile(f.fd.get(), f.content, "the file after msync and munmap"),
          "a private store reached the file");
  return Success("the file never changed");
}

Observation CheckPrivateNotInOtherMappings(const CheckEnv &env) {
  PatternFile f(env, env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(priv, "mmap(MAP_PRIVATE)", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE,
         f.fd.get(), 0);
  MK_MAP(shared, "mmap(MAP_SHARED)", nullptr, env.page, PROT_READ, MAP_SHARED, f.fd.get(), 0);
  MK_MAP(other_priv, "mmap(MAP_PRIVATE) #2", nullptr, env.page, PROT_READ, MAP_PRIVATE, f.fd.get(),
         0);
  priv.ptr()[40] = 'x';
  MK_STEP(CompareBytes(priv.vptr() + 40, "x", "the private mapping itself"),
          "the private mapping lost its own store");
  MK_STEP(CompareBytes(shared.vptr(), f.content, "a MAP_SHARED mapping of the file"),
          "another mapping sees a private store");
  MK_STEP(CompareBytes(other_priv.vptr(), f.content, "a second MAP_PRIVATE mapping"),
          "another mapping sees a private store");
  return Success("only the storing mapping sees its store");
}

Observation CheckPrivateAcrossFork(const CheckEnv &env) {
  std::unique_ptr<PatternFile> f;
  if (env.fs != Fs::kAnon) {
    f.reset(new PatternFile(env, env.page, 5));
    MK_REQUIRE(f->fd.valid(), "open");
  }
  Mapping m = MapFor(env, f.get(), MAP_PRIVATE);
  if (!m.valid()) MK_RETURN_ERRNO("mmap(MAP_PRIVATE)");
  volatile char *c = m.vptr();
  const char original1 = c[1];
  c[0] = 'P';  // before fork: the child must see it
  Observation o =
      ForkWithParentStep([c] { c[1] = 'Q'; },  // after fork: the child must not see it
                         [c, original1] {
                           if (c[0] != 'P') return 1;
                           if (c[1] != original1) return 2;
                           c[2] = 'C';  // the parent must not see it
                           return 0;
                         },
                         [](int code) -> std::string {
                           if (code == 1)
                             return "the child does not see a store the parent made before fork()";
                           if (code == 2)
                             return "the child sees a store the parent made after fork()";
                           return "the child exited with status " + std::to_string(code);
                         });
  if (o.kind != Observation::Kind::kSuccess) return o;
  if (c[2] == 'C') return Violated("the parent sees a store the child made");
  if (f) {
    MK_STEP(CompareFile(f->fd.get(), f->content, "the file"), "a private store reached the file");
  }
  return Success("each process kept its own copy after fork()");
}

Observation CheckSharedAcrossFork(const CheckEnv &env) {
  std::unique_ptr<PatternFile> f;
  if (env.fs != Fs::kAnon) {
    f.reset(new PatternFile(env, env.page, 5));
    MK_REQUIRE(f->fd.valid(), "open");
  }
  Mapping m = MapFor(env, f.get(), MAP_SHARED);
  if (!m.valid()) MK_RETURN_ERRNO("mmap(MAP_SHARED)");
  volatile char *c = m.vptr();
  c[0] = 'P';
  mk_posix::ChildOutcome outcome = mk_posix::RunInChild(
      [c] {
        if (c[0] != 'P') _exit(1);
        c[1] = 'C';
      },
      kChildTimeoutMs);
  if (!outcome.exited || outcome.exit_code != 0) {
    return Violated("the child " + outcome.Describe() +
                    (outcome.exit_code == 1 ? ": it does not see the parent's store" : ""));
  }
  if (c[1] != 'C') return Violated("the parent does not see the child's store");
  if (f) {
    std::string want = f->content;
    want[0] = 'P';
    want[1] = 'C';
    MK_STEP(CompareFile(f->fd.get(), want, "the file"), "the stores did not reach the file");
  }
  return Success("parent and child see each other's stores");
}

Observation CheckPrivateSeesWriteUntilCopied(const CheckEnv &env) {
  PatternFile f(env, 2 * env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_PRIVATE) of 2 pages", nullptr, 2 * env.page, PROT_READ | PROT_WRITE,
         MAP_PRIVATE, f.fd.get(), 0);
  volatile char *c = m.vptr();
  (void)c[0];
  (void)c[env.page];
  c[env.page + 1] = 'c';  // page 1 is now the process's own copy
  MK_REQUIRE(pwrite(f.fd.get(), "later", 5, 10) == 5, "pwrite (page 0)");
  MK_REQUIRE(pwrite(f.fd.get(), "later", 5, static_cast<off_t>(env.page + 10)) == 5,
             "pwrite (page 1)");
  MK_STEP(CompareBytes(c + env.page + 10, f.content.substr(env.page + 10, 5),
                       "the copied page 1 after pwrite()"),
          "a page already copied on write changed with the file");
  if (CompareBytes(c + 10, "later", "page 0").kind != Observation::Kind::kSuccess) {
    MK_STEP(CompareBytes(c + 10, f.content.substr(10, 5), "page 0 after pwrite()"),
            "page 0 shows neither the old nor the new bytes");
    return Variant("snapshot", "an untouched MAP_PRIVATE page does not show a later write()");
  }
  return Success("the untouched page shows the write, the copied page does not");
}

Observation CheckSurvivesCloseAndUnlink(const CheckEnv &env) {
  PatternFile f(env, env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_SHARED)", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED, f.fd.get(),
         0);
  f.fd.reset();
  MK_REQUIRE(unlink(f.file.path().c_str()) == 0, "unlink");
  MK_STEP(LoadInChild(m.vptr(), "load after close and unlink"), "the mapping is gone");
  MK_STEP(CompareBytes(m.vptr(), f.content, "the mapping after close and unlink"),
          "the mapping lost its contents");
  MK_STEP(StoreInChild(m.vptr() + 3, 'u', "store after close and unlink"),
          "the mapping is not writable");
  return Success("the mapping still reads and writes the unlinked file");
}

Observation CheckOffsetHonoured(const CheckEnv &env) {
  // Three distinct pages; map the last two from offset one page.
  const std::string content = mk_posix::Pattern(3 * env.page, 7);
  mk_posix::TempFile file = NewFile(env, content);
  mk_posix::ScopedFd fd = file.Open(O_RDONLY);
  MK_REQUIRE(fd.valid(), "open");
  MK_MAP(m, "mmap(offset = one page)", nullptr, 2 * env.page, PROT_READ, MAP_SHARED, fd.get(),
         static_cast<off_t>(env.page));
  MK_STEP(CompareBytes(m.vptr(), content.substr(env.page, 2 * env.page),
                       "the mapping of file pages 1..2"),
          "the mapping does not start at the requested file offset");
  return Success("the mapping shows the file from the requested offset");
}

Observation CheckOffsetBeyond4GiB(const CheckEnv &env) {
  // A sparse file of 4 GiB + 2 pages with distinct pages at `high` (past 4 GiB) and at
  // `low` (where an offset cut to 32 bits would land), both written with pwrite().
  const off_t low = static_cast<off_t>(env.page);
  const off_t high = (static_cast<off_t>(1) << 32) + low;
  const std::string high_page = Pattern(env.page, 11);
  const std::string low_page = Pattern(env.page, 12);
  TempFile file = NewFile(env, "");
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  if (ftruncate(fd.get(), high + low) != 0) {
    int err = errno;
    if (err == EFBIG) {
      return Skipped("this file system does not hold a file past 4 GiB: ftruncate: " +
                     mk_posix::ErrnoDescription(err));
    }
    return SetupFailed("ftruncate(4 GiB + 2 pages)", err);
  }
  MK_REQUIRE(pwrite(fd.get(), high_page.data(), env.page, high) == static_cast<ssize_t>(env.page),
             "pwrite at 4 GiB + 1 page");
  MK_REQUIRE(pwrite(fd.get(), low_page.data(), env.page, low) == static_cast<ssize_t>(env.page),
             "pwrite at 1 page");
  MK_MAP(m, "mmap(offset = 4 GiB + 1 page)", nullptr, env.page, PROT_READ, MAP_SHARED, fd.get(),
         high);
  if (CompareBytes(m.vptr(), low_page, "").kind == Observation::Kind::kSuccess) {
    return Violated(
        "the mapping at offset 4 GiB + 1 page shows the page at offset 1 page: the "
        "offset was cut to 32 bits");
  }
  MK_STEP(CompareBytes(m.vptr(), high_page, "the mapping of the page at 4 GiB + 1 page"),
          "the mapping does not show the file at the requested offset");
  return Success("the mapping shows the file at 4 GiB + 1 page");
}

Observation CheckAnonZeroFilled(const CheckEnv &env) {
  const size_t len = 4 * env.page;
  for (int type : {MAP_PRIVATE, MAP_SHARED}) {
    const std::string name = type == MAP_PRIVATE ? "MAP_PRIVATE" : "MAP_SHARED";
    Mapping m = Mmap(nullptr, len, PROT_READ | PROT_WRITE, type | MAP_ANONYMOUS, -1, 0);
    if (!m.valid()) MK_RETURN_ERRNO("mmap(" + name + "|MAP_ANONYMOUS)");
    MK_STEP(CompareZero(m.vptr(), len, "a new " + name + " anonymous mapping"), "not zero-filled");
    for (size_t i = 0; i < len; i++) m.vptr()[i] = static_cast<char>(0xa5);
    void *old = m.addr();
    m.reset();
    // Likely the same range again: recycled memory must be zeroed too.
    Mapping again = Mmap(old, len, PROT_READ | PROT_WRITE, type | MAP_ANONYMOUS, -1, 0);
    if (!again.valid()) MK_RETURN_ERRNO("mmap(" + name + "|MAP_ANONYMOUS) again");
    MK_STEP(
        CompareZero(again.vptr(), len, "a " + name + " mapping made after munmap of a dirty one"),
        "recycled memory is not zero-filled");
  }
  return Success("MAP_PRIVATE and MAP_SHARED anonymous memory read as zero, also when recycled");
}

Observation CheckSelfReadWrite(const CheckEnv &env) {
  PatternFile f(env, 2 * env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_SHARED) of 2 pages", nullptr, 2 * env.page, PROT_READ | PROT_WRITE,
         MAP_SHARED, f.fd.get(), 0);
  const std::string page0 = f.content.substr(0, env.page);
  const std::string page1 = f.content.substr(env.page, env.page);
  // write() from page 0 of the mapping into page 1 of the same file.
  ssize_t n = pwrite(f.fd.get(), m.ptr(), env.page, static_cast<off_t>(env.page));
  if (n < 0) MK_RETURN_ERRNO("pwrite() from the file's own MAP_SHARED mapping");
  if (static_cast<size_t>(n) != env.page) {
    return Violated("pwrite() from the file's own mapping wrote " + std::to_string(n) + " of " +
                    std::to_string(env.page) + " bytes");
  }
  MK_STEP(CompareBytes(m.vptr() + env.page, page0, "page 1 after pwrite() from page 0"),
          "the mapping does not show the write() from itself");
  // read() of page 1 (now page0's bytes) back into page 0 is a no-op by value, so
  // restore the file's page 1 first and read that into page 0.
  MK_REQUIRE(pwrite(f.fd.get(), page1.data(), env.page, static_cast<off_t>(env.page)) ==
                 static_cast<ssize_t>(env.page),
             "pwrite (restore page 1)");
  n = pread(f.fd.get(), m.ptr(), env.page, static_cast<off_t>(env.page));
  if (n < 0) MK_RETURN_ERRNO("pread() into the file's own MAP_SHARED mapping");
  if (static_cast<size_t>(n) != env.page) {
    return Violated("pread() into the file's own mapping read " + std::to_string(n) + " of " +
                    std::to_string(env.page) + " bytes");
  }
  MK_STEP(CompareBytes(m.vptr(), page1, "page 0 after pread() of page 1 into it"),
          "the mapping does not hold the bytes read() into it");
  return Success("pwrite() from and pread() into the file's own mapping moved whole pages");
}

Observation CheckSyscallStoreUnsharesCow(const CheckEnv &env) {
  PatternFile f(env, env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  Mapping m = MapFor(env, &f, MAP_PRIVATE);
  MK_REQUIRE(m.valid(), "mmap(MAP_PRIVATE)");
  const size_t n = 64;
  const std::string old_bytes(n, 'o');
  const std::string new_bytes(n, 'n');
  for (size_t i = 0; i < n; i++) m.ptr()[i] = old_bytes[i];  // the process's own page
  TempFile source = NewFile(env, new_bytes);
  ScopedFd src = source.Open(O_RDONLY);
  TempFile sink = NewFile(env, "");
  ScopedFd dst = sink.Open(O_RDWR);
  MK_REQUIRE(src.valid() && dst.valid(), "open (source and sink files)");
  ssize_t read_n = -1, written_n = -1;
  int read_err = 0, write_err = 0;
  char *p = m.ptr();
  volatile char *child_view = m.vptr();
  // After fork() the page is shared copy-on-write with the child: pread() into
  // it must give the parent its own copy, and write() from it send that copy.
  MK_STEP(ForkWithParentStep(
              [&] {
                read_n = pread(src.get(), p, n, 0);
                read_err = errno;
                written_n = pwrite(dst.get(), p, n, 0);
                write_err = errno;
              },
              [&] {
                for (size_t i = 0; i < n; i++) {
                  if (child_view[i] != old_bytes[i]) return 1;
                }
                return 0;
              },
              [](int) {
                return std::string(
                    "the child's copy-on-write page shows the bytes the parent's "
                    "pread() stored");
              }),
          "pread() into a copy-on-write page reached the other process");
  if (read_n != static_cast<ssize_t>(n)) {
    return FailedWithErrno(
        read_n < 0 ? read_err : 0,
        "pread() into the copy-on-write page returned " + std::to_string(read_n));
  }
  if (written_n != static_cast<ssize_t>(n)) {
    return FailedWithErrno(written_n < 0 ? write_err : 0,
                           "pwrite() from the page returned " + std::to_string(written_n));
  }
  MK_STEP(CompareBytes(m.vptr(), new_bytes, "the parent's page after pread()"),
          "pread() did not store into the copy-on-write page");
  MK_STEP(CompareFile(dst.get(), new_bytes, "the bytes pwrite() sent from the page"),
          "write() from the page sent stale bytes");
  return Success("pread() unshared the page; pwrite() sent the new bytes; the child kept the old");
}

Observation CheckStoreMarksMtime(const CheckEnv &env) {
  PatternFile f(env, env.page, 5);
  MK_REQUIRE(f.fd.valid(), "open");
  // Times far in the past, so no clock granularity hides the update.
  const struct timespec past[2] = {{1000000, 0}, {1000000, 0}};
  MK_REQUIRE(futimens(f.fd.get(), past) == 0, "futimens (set the times to 1970)");
  MK_MAP(m, "mmap(PROT_READ|PROT_WRITE, MAP_SHARED)", nullptr, env.page, PROT_READ | PROT_WRITE,
         MAP_SHARED, f.fd.get(), 0);
  struct stat before;
  MK_REQUIRE(fstat(f.fd.get(), &before) == 0, "fstat");
  m.ptr()[12] = static_cast<char>(f.content[12] ^ 0x33);
  if (msync(m.addr(), env.page, MS_SYNC) != 0) MK_RETURN_ERRNO("msync(MS_SYNC)");
  struct stat after;
  MK_REQUIRE(fstat(f.fd.get(), &after) == 0, "fstat");
  if (after.st_mtim.tv_sec <= past[1].tv_sec) {
    return Violated("st_mtime is still " + std::to_string(after.st_mtim.tv_sec) +
                    " after a store and msync(MS_SYNC): not marked for update");
  }
  // The kernel marks both at once; a ctime older than the new mtime was not marked.
  auto older = [](const struct timespec &a, const struct timespec &b) {
    return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
  };
  if (older(after.st_ctim, after.st_mtim) || older(after.st_ctim, before.st_ctim)) {
    return Violated("st_ctime " + std::to_string(after.st_ctim.tv_sec) + "." +
                    std::to_string(after.st_ctim.tv_nsec) + " is older than the new st_mtime " +
                    std::to_string(after.st_mtim.tv_sec) + "." +
                    std::to_string(after.st_mtim.tv_nsec) + ": not marked for update");
  }
  return Success("st_mtime and st_ctime marked (mtime " + std::to_string(after.st_mtim.tv_sec) +
                 ")");
}

}  // namespace mk_conformance
