// Checks of mappings that reach past the end of their file: the zero-filled
// partial last page, SIGBUS for whole pages past EOF, and what truncating and
// growing the file does to an existing mapping.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conformance/checks/check_util.h"
#include "conformance/checks/checks.h"
#include "conformance/checks/mmap_flags.h"

namespace mk_conformance {

namespace {

// Bytes in the short files of these checks: the file ends inside page 0.
constexpr size_t kShort = 100;

Observation FileSizeIs(int fd, off_t want, const std::string &what) {
  struct stat st;
  if (fstat(fd, &st) != 0) return SetupFailed("fstat", errno);
  if (st.st_size != want) {
    return Violated(what + ": the file size is " + std::to_string(st.st_size) + ", expected " +
                    std::to_string(want));
  }
  return Success();
}

// Store `value` into every byte of [p, p + n).
void Fill(char *p, size_t n, char value) {
  volatile char *v = p;
  for (size_t i = 0; i < n; i++) v[i] = value;
}

}  // namespace

Observation CheckTailZeroFilled(const CheckEnv &env) {
  PatternFile f(env, kShort, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap of a 100-byte file", nullptr, env.page, PROT_READ, MAP_SHARED, f.fd.get(), 0);
  MK_STEP(CompareBytes(m.vptr(), f.content, "the 100 bytes of the file"), "wrong file bytes");
  MK_STEP(CompareZero(m.vptr() + kShort, env.page - kShort, "bytes 100.. of the last page"),
          "the rest of the last page is not zero-filled");
  return Success("bytes 100.." + std::to_string(env.page - 1) + " read as zero");
}

Observation CheckTailStoresNotInFile(const CheckEnv &env) {
  PatternFile f(env, kShort, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap of a 100-byte file", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED,
         f.fd.get(), 0);
  Fill(m.ptr() + kShort, env.page - kShort, 'T');
  if (msync(m.addr(), env.page, MS_SYNC) != 0) MK_RETURN_ERRNO("msync(MS_SYNC)");
  m.reset();
  MK_STEP(FileSizeIs(f.fd.get(), kShort, "after stores past EOF, msync and munmap"),
          "stores past EOF extended the file");
  MK_STEP(CompareFile(f.fd.get(), f.content, "the file"), "stores past EOF reached the file");
  return Success("the file still holds exactly its 100 bytes");
}

Observation CheckTailStoresAfterGrow(const CheckEnv &env) {
  PatternFile f(env, kShort, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap of a 100-byte file", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED,
         f.fd.get(), 0);
  Fill(m.ptr() + kShort, env.page - kShort, 'T');
  m.reset();
  MK_REQUIRE(ftruncate(f.fd.get(), static_cast<off_t>(2 * env.page)) == 0, "ftruncate (grow)");
  std::string got;
  MK_REQUIRE(mk_posix::ReadFd(f.fd.get(), &got), "pread");
  MK_REQUIRE(got.size() == 2 * env.page, "read of the grown file");
  if (got.compare(kShort, env.page - kShort, std::string(env.page - kShort, 'T')) == 0) {
    return Variant("stores-reappear", "after growing the file, bytes 100.." +
                                          std::to_string(env.page - 1) +
                                          " hold the stores made past the old EOF");
  }
  MK_STEP(CompareZero(got.data() + kShort, 2 * env.page - kShort, "the grown part of the file"),
          "the grown part of the file is neither zero nor the old stores");
  return Success("the grown part of the file reads as zero");
}

Observation CheckPastEofLoad(const CheckEnv &env) {
  PatternFile f(env, kShort, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap of 2 pages of a 100-byte file", nullptr, 2 * env.page, PROT_READ, MAP_SHARED,
         f.fd.get(), 0);
  MK_STEP(LoadInChild(m.vptr() + 1, "load from page 0"), "page 0 (holding EOF) is not readable");
  return LoadInChild(m.vptr() + env.page + 5, "load from page 1, wholly past EOF");
}

Observation CheckPastEofStore(const CheckEnv &env) {
  PatternFile f(env, kShort, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap of 2 pages of a 100-byte file", nullptr, 2 * env.page, PROT_READ | PROT_WRITE,
         MAP_SHARED, f.fd.get(), 0);
  Observation store = StoreInChild(m.vptr() + env.page + 5, 's', "store to page 1, past EOF");
  MK_STEP(FileSizeIs(f.fd.get(), kShort, "after the store past EOF"), "the store grew the file");
  return store;
}

Observation CheckPrivatePastEof(const CheckEnv &env) {
  PatternFile f(env, kShort, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_PRIVATE) of 2 pages of a 100-byte file", nullptr, 2 * env.page,
         PROT_READ | PROT_WRITE, MAP_PRIVATE, f.fd.get(), 0);
  MK_STEP(LoadInChild(m.vptr() + 1, "load from page 0"), "page 0 (holding EOF) is not readable");
  return LoadInChild(m.vptr() + env.page + 5, "load from page 1 of a MAP_PRIVATE mapping");
}

Observation CheckOffsetBeyondEof(const CheckEnv &env) {
  PatternFile f(env, kShort, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(offset=2 pages) of a 100-byte file", nullptr, env.page, PROT_READ, MAP_SHARED,
         f.fd.get(), static_cast<off_t>(2 * env.page));
  return LoadInChild(m.vptr(), "load from a mapping that starts 2 pages past EOF");
}

Observation CheckEmptyFile(const CheckEnv &env) {
  PatternFile f(env, 0, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap of an empty file", nullptr, env.page, PROT_READ | PROT_WRITE, MAP_SHARED,
         f.fd.get(), 0);
  return LoadInChild(m.vptr(), "load from a mapping of an empty file");
}

Observation CheckTruncateSigbus(const CheckEnv &env) {
  PatternFile f(env, 3 * env.page, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap of a 3-page file", nullptr, 3 * env.page, PROT_READ | PROT_WRITE, MAP_SHARED,
         f.fd.get(), 0);
  MK_STEP(LoadInChild(m.vptr() + 2 * env.page, "load from page 2 before truncation"),
          "page 2 is not readable before truncation");
  MK_REQUIRE(ftruncate(f.fd.get(), static_cast<off_t>(env.page)) == 0, "ftruncate to 1 page");
  Observation store =
      StoreInChild(m.vptr() + 2 * env.page + 5, 's', "store to page 2 after truncation to 1 page");
  if (store.kind != Observation::Kind::kSignal || store.sig != SIGBUS ||
      store.si_code != BUS_ADRERR) {
    store.detail = "the store (before the load): " + store.detail;
    return store;
  }
  MK_STEP(FileSizeIs(f.fd.get(), static_cast<off_t>(env.page), "after the store"),
          "the store past the new EOF grew the file");
  return LoadInChild(m.vptr() + 2 * env.page + 3, "load from page 2 after truncation to 1 page");
}

Observation CheckTruncateDropsPrivateCopy(const CheckEnv &env) {
  PatternFile f(env, 2 * env.page, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_PRIVATE) of a 2-page file", nullptr, 2 * env.page, PROT_READ | PROT_WRITE,
         MAP_PRIVATE, f.fd.get(), 0);
  m.ptr()[env.page + 7] = 'c';  // page 1 is now the process's own copy
  MK_REQUIRE(ftruncate(f.fd.get(), static_cast<off_t>(env.page)) == 0, "ftruncate to 1 page");
  return LoadInChild(m.vptr() + env.page + 7,
                     "load from the copied-on-write page 1 after truncation to 1 page");
}

Observation CheckTruncateZeroesTail(const CheckEnv &env) {
  PatternFile f(env, 2 * env.page, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap of a 2-page file", nullptr, 2 * env.page, PROT_READ | PROT_WRITE, MAP_SHARED,
         f.fd.get(), 0);
  const size_t new_size = env.page + kShort;
  MK_STEP(LoadInChild(m.vptr() + env.page, "load from page 1"), "page 1 is not readable");
  MK_REQUIRE(ftruncate(f.fd.get(), static_cast<off_t>(new_size)) == 0, "ftruncate (shrink)");
  MK_STEP(CompareBytes(m.vptr() + env.page, f.content.substr(env.page, kShort),
                       "page 1 below the new EOF"),
          "truncation changed bytes below the new EOF");
  MK_STEP(CompareZero(m.vptr() + new_size, env.page - kShort, "page 1 past the new EOF"),
          "the cut-off part of the partial page still shows the old bytes");
  MK_REQUIRE(ftruncate(f.fd.get(), static_cast<off_t>(2 * env.page)) == 0, "ftruncate (grow)");
  std::string want = f.content.substr(0, new_size) + std::string(env.page - kShort, '\0');
  MK_STEP(CompareFile(f.fd.get(), want, "the file grown back to 2 pages"),
          "the cut-off bytes came back after growing the file");
  return Success("the cut-off part of the last page reads as zero, in the mapping and the file");
}

Observation CheckGrowMakesAccessible(const CheckEnv &env) {
  PatternFile f(env, kShort, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap of 2 pages of a 100-byte file", nullptr, 2 * env.page, PROT_READ | PROT_WRITE,
         MAP_SHARED, f.fd.get(), 0);
  Observation before = LoadInChild(m.vptr() + env.page, "load from page 1 before growing");
  if (before.kind != Observation::Kind::kSignal) {
    return Violated("page 1 was accessible before the file grew: " + Describe(before));
  }
  MK_REQUIRE(ftruncate(f.fd.get(), static_cast<off_t>(2 * env.page)) == 0, "ftruncate (grow)");
  MK_STEP(LoadInChild(m.vptr() + env.page, "load from page 1 after growing"),
          "page 1 is not accessible after the file grew");
  MK_STEP(CompareZero(m.vptr() + env.page, env.page, "page 1 after growing"),
          "the grown page is not zero");
  m.ptr()[env.page + 7] = 'G';
  std::string want = f.content + std::string(2 * env.page - kShort, '\0');
  want[env.page + 7] = 'G';
  MK_STEP(CompareFile(f.fd.get(), want, "the file after a store to the grown page"),
          "the store to the grown page did not reach the file");
  return Success("page 1 became accessible and shared after ftruncate");
}

Observation CheckSyscallPastEof(const CheckEnv &env) {
  PatternFile f(env, kShort, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  TempFile sink_file = NewFile(env, "");
  ScopedFd sink = sink_file.Open(O_RDWR);
  MK_REQUIRE(sink.valid(), "open (sink)");
  MK_MAP(m, "mmap of 2 pages of a 100-byte file", nullptr, 2 * env.page, PROT_READ | PROT_WRITE,
         MAP_SHARED, f.fd.get(), 0);
  char *past_eof = m.ptr() + env.page;
  Observation from = CallInChild([&] { return write(sink.get(), past_eof, 16) < 0 ? errno : 0; },
                                 "write() from a page past EOF");
  if (from.kind != Observation::Kind::kErrno || from.err != EFAULT) return from;
  Observation into = CallInChild([&] { return pread(f.fd.get(), past_eof, 16, 0) < 0 ? errno : 0; },
                                 "pread() into a page past EOF");
  if (into.kind != Observation::Kind::kErrno || into.err != EFAULT) return into;
  return FailedWithErrno(EFAULT, "write() from and pread() into a page past EOF");
}

Observation CheckSigbusSiAddr(const CheckEnv &env) {
  PatternFile f(env, kShort, 3);
  MK_REQUIRE(f.fd.valid(), "open");
  MK_MAP(m, "mmap of 2 pages of a 100-byte file", nullptr, 2 * env.page, PROT_READ, MAP_SHARED,
         f.fd.get(), 0);
  volatile char *target = m.vptr() + env.page + 77;
  mk_posix::ChildOutcome outcome =
      mk_posix::RunInChild([target] { (void)*target; }, kChildTimeoutMs);
  return CompareSiAddr(outcome, reinterpret_cast<uintptr_t>(target), env.page, "load past EOF");
}

}  // namespace mk_conformance
