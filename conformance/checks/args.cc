// Checks of mmap's argument validation: length, flags, alignment, fd, offset.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#include "conformance/checks/check_util.h"
#include "conformance/checks/checks.h"

namespace mk_conformance {

namespace {

// Bit 23 is not a MAP_* flag on any Linux architecture (MAP_SYNC is bit 19,
// MAP_FIXED_NOREPLACE bit 20, MAP_UNINITIALIZED bit 26).
constexpr int kUnknownMapFlag = 0x800000;

}  // namespace

Observation CheckLengthZero(const CheckEnv &env) {
  if (env.fs == Fs::kAnon) {
    return ObserveMmap(
        [] { return mmap(nullptr, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); }, env.page,
        "mmap(len=0, MAP_PRIVATE|MAP_ANONYMOUS)");
  }
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  return ObserveMmap([&] { return mmap(nullptr, 0, PROT_READ, MAP_SHARED, fd.get(), 0); }, env.page,
                     "mmap(len=0, MAP_SHARED) of a regular file");
}

Observation CheckNoMapType(const CheckEnv &env) {
  if (env.fs == Fs::kAnon) {
    return ObserveMmap([&] { return mmap(nullptr, env.page, PROT_READ, MAP_ANONYMOUS, -1, 0); },
                       env.page, "mmap(flags=MAP_ANONYMOUS) without MAP_SHARED or MAP_PRIVATE");
  }
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  return ObserveMmap([&] { return mmap(nullptr, env.page, PROT_READ, 0, fd.get(), 0); }, env.page,
                     "mmap(flags=0) of a regular file");
}

Observation CheckSharedAndPrivate(const CheckEnv &env) {
  std::string content = Pattern(env.page);
  TempFile file = NewFile(env, content);
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_SHARED|MAP_PRIVATE)", nullptr, env.page, PROT_READ | PROT_WRITE,
         MAP_SHARED | MAP_PRIVATE, fd.get(), 0);
  m.ptr()[0] = 'Z';
  content[0] = 'Z';
  MK_STEP(CompareFile(fd.get(), content, "a store through the MAP_SHARED|MAP_PRIVATE mapping"),
          "the mapping did not behave as MAP_SHARED_VALIDATE");
  return Success("mapped as MAP_SHARED_VALIDATE; the store reached the file");
}

Observation CheckOffsetUnaligned(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(2 * env.page));
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  off_t offset = static_cast<off_t>(env.page / 2);
  return ObserveMmap(
      [&] { return mmap(nullptr, env.page, PROT_READ, MAP_SHARED, fd.get(), offset); }, env.page,
      "mmap(offset=" + std::to_string(offset) + ")");
}

Observation CheckFixedUnaligned(const CheckEnv &env) {
  mk_posix::Mapping reserved = Reserve(2 * env.page);
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  char *addr = reserved.ptr() + 1;
  // Inside our own reservation: even a wrong success replaces nothing of ours.
  return ObserveMmap(
      [&] {
        return mmap(addr, env.page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
      },
      0, "mmap(addr=" + Hex(addr) + ", MAP_FIXED)");
}

Observation CheckUnalignedHint(const CheckEnv &env) {
  mk_posix::Mapping probe = Reserve(2 * env.page);
  MK_REQUIRE(probe.valid(), "mmap (probe)");
  char *hint = probe.ptr() + 1;  // unaligned, and free again after the reset
  probe.reset();
  void *p = mmap(hint, env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) MK_RETURN_ERRNO("mmap(hint=" + Hex(hint) + ")");
  mk_posix::Mapping m(p, env.page);
  if (m.addr_value() % env.page != 0) {
    return Violated("mmap(hint=" + Hex(hint) + ") returned unaligned " + Hex(p));
  }
  MK_STEP(StoreInChild(m.vptr(), 'x', "store to the new mapping"), "the mapping is not usable");
  return Success("hint " + Hex(hint) + " -> mapped at " + Hex(p));
}

Observation CheckBadFd(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page));
  int closed_fd = file.Open(O_RDWR).release();
  MK_REQUIRE(closed_fd >= 0, "open");
  close(closed_fd);  // a descriptor number that is certainly not open now
  Observation closed =
      ObserveMmap([&] { return mmap(nullptr, env.page, PROT_READ, MAP_SHARED, closed_fd, 0); },
                  env.page, "mmap(fd=" + std::to_string(closed_fd) + ", a closed descriptor)");
  if (closed.kind != Observation::Kind::kErrno || closed.err != EBADF) return closed;
  return ObserveMmap([&] { return mmap(nullptr, env.page, PROT_READ, MAP_SHARED, -1, 0); },
                     env.page, "mmap(fd=-1) without MAP_ANONYMOUS");
}

Observation CheckOPathFd(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd fd = file.Open(O_PATH);
  MK_REQUIRE(fd.valid(), "open(O_PATH)");
  return ObserveMmap([&] { return mmap(nullptr, env.page, PROT_READ, MAP_PRIVATE, fd.get(), 0); },
                     env.page, "mmap(PROT_READ, MAP_PRIVATE) of an O_PATH descriptor");
}

Observation CheckValidateUnknownFlag(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  return ObserveMmap(
      [&] {
        return mmap(nullptr, env.page, PROT_READ, MAP_SHARED_VALIDATE | kUnknownMapFlag, fd.get(),
                    0);
      },
      env.page, "mmap(MAP_SHARED_VALIDATE|" + Hex(kUnknownMapFlag) + ")");
}

Observation CheckSharedIgnoresUnknownFlag(const CheckEnv &env) {
  std::string content = Pattern(env.page);
  TempFile file = NewFile(env, content);
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_SHARED|" + Hex(kUnknownMapFlag) + ")", nullptr, env.page,
         PROT_READ | PROT_WRITE, MAP_SHARED | kUnknownMapFlag, fd.get(), 0);
  m.ptr()[1] = 'K';
  content[1] = 'K';
  MK_STEP(CompareFile(fd.get(), content, "a store through the mapping"),
          "the mapping is not MAP_SHARED");
  return Success("the unknown flag was ignored; the mapping is shared");
}

Observation CheckHugeLength(const CheckEnv &env) {
  auto map = [](size_t len) {
    return ObserveMmap(
        [len] { return mmap(nullptr, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); }, len,
        "mmap(len=" + Hex(len) + ", PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS)");
  };
  // SIZE_MAX rounded down exceeds every address space; with a 32-bit size_t nothing larger
  // can be asked for.
  Observation largest = map(SIZE_MAX & ~(env.page - 1));
  if (largest.kind != Observation::Kind::kErrno || largest.err != ENOMEM) return largest;
  if (SIZE_MAX <= UINT32_MAX) return largest;
  // 2^62 bytes exceed the address space of a process on most 64-bit architectures.
  Observation huge = map(static_cast<size_t>(UINT64_C(1) << 62));
  if (huge.kind == Observation::Kind::kSuccess) {
    return Variant(kHugeLengthFitsVariant, huge.detail + ": this address space holds 2^62 bytes");
  }
  return huge;
}

Observation CheckOffsetOverflow(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  // The last page-aligned offset: offset + 2 pages exceeds the largest off_t.
  off_t offset = static_cast<off_t>(INT64_MAX & ~static_cast<int64_t>(env.page - 1));
  return ObserveMmap(
      [&] { return mmap(nullptr, 2 * env.page, PROT_READ, MAP_SHARED, fd.get(), offset); },
      2 * env.page, "mmap(len=2 pages, offset=" + Hex(static_cast<uint64_t>(offset)) + ")");
}

Observation CheckNegativeOffset(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  off_t offset = -static_cast<off_t>(env.page);
  return ObserveMmap(
      [&] { return mmap(nullptr, env.page, PROT_READ, MAP_SHARED, fd.get(), offset); }, env.page,
      "mmap(offset=-" + std::to_string(env.page) + ")");
}

Observation CheckAnonymousIgnoresFd(const CheckEnv &env) {
  TempFile file = NewFile(env, std::string(env.page, 'F'));
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  MK_MAP(m, "mmap(MAP_PRIVATE|MAP_ANONYMOUS, fd=" + std::to_string(fd.get()) + ")", nullptr,
         env.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, fd.get(), 0);
  MK_STEP(CompareZero(m.vptr(), env.page, "the anonymous mapping"),
          "the mapping is not fresh anonymous memory (it shows the file?)");
  return Success("the fd was ignored; the mapping is zero-filled anonymous memory");
}

}  // namespace mk_conformance
