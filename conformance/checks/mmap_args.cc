// Checks of the mmap_args family (catalog/families/mmap_args.cc) that are not
// protection faults: argument edges, flags, special files, execute permission and
// MAP_FIXED_NOREPLACE placement.
#include "conformance/checks/mmap_args.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "conformance/catalog/kernel_version.h"
#include "conformance/checks/check_util.h"

namespace mk_conformance {

namespace {

// The running Linux kernel's version by its own account (uname); unknown elsewhere.
KernelVersion RunningLinux() {
  struct utsname u;
  if (uname(&u) != 0 || strcmp(u.sysname, "Linux") != 0) return KernelVersion{};
  return ParseKernelRelease(u.release);
}

constexpr int kAnonPrivate = MAP_PRIVATE | MAP_ANONYMOUS;

// What the MAP_FIXED_NOREPLACE rows need, for their SKIP on older kernels.
constexpr const char *kNoreplaceFeature =
    "MAP_FIXED_NOREPLACE (older kernels do not know the flag and take the address as a hint)";
constexpr const char *kNoreplaceOverlapFeature =
    "EEXIST for a partially overlapping MAP_FIXED_NOREPLACE request (Linux 4.17 and 4.18 "
    "replace the overlapped pages)";

// mmap(MAP_FIXED_NOREPLACE) of fresh anonymous pages at addr; the result as an
// Observation. A mapping made outside the reservation [lo, hi) is unmapped again
// (a platform that took the flag as a hint); one inside stays for the reservation.
Observation NoreplaceAt(char *addr, size_t len, const char *lo, const char *hi,
                        const std::string &what) {
  void *got = mmap(addr, len, PROT_READ | PROT_WRITE, kAnonPrivate | MAP_FIXED_NOREPLACE, -1, 0);
  if (got == MAP_FAILED) MK_RETURN_ERRNO(what);
  char *g = static_cast<char *>(got);
  if (g < lo || g >= hi) munmap(got, len);
  if (got != addr) {
    return Violated(what + " returned " + Hex(got) + ", not the requested " + Hex(addr));
  }
  return Success(what + " mapped at " + Hex(got));
}

// A reservation of `pages` pages with `count` existing, filled pages from page index
// `at`: the neighbourhood of the MAP_FIXED_NOREPLACE checks. Every other page stays
// reserved (PROT_NONE) until FreeRange makes it free for the request under test.
struct Neighbourhood {
  Mapping reserved;
  char *existing = nullptr;
  size_t count = 0;
};
bool MakeNeighbourhood(size_t page, size_t pages, size_t at, size_t count, Neighbourhood *n) {
  n->reserved = Reserve(pages * page);
  if (!n->reserved.valid()) return false;
  n->existing = n->reserved.ptr() + at * page;
  n->count = count;
  Mapping m =
      Mmap(n->existing, count * page, PROT_READ | PROT_WRITE, kAnonPrivate | MAP_FIXED, -1, 0);
  if (!m.valid()) return false;
  m.release();  // the reservation owns it
  memset(n->existing, 'e', count * page);
  return true;
}

// Unmap [p, p + len) of a reservation: mapped over first as a mapping of its own, so
// the munmap removes exactly that mapping and never splits another one.
bool FreeRange(char *p, size_t len) {
  Mapping m = Mmap(p, len, PROT_NONE, kAnonPrivate | MAP_FIXED, -1, 0);
  return m.valid();  // the Mapping unmaps it again here
}

// The existing page still holds its bytes after a refused MAP_FIXED_NOREPLACE.
Observation ExistingKept(const Neighbourhood &n, size_t page) {
  return CompareBytes(n.existing, std::string(n.count * page, 'e'), "the existing pages");
}

// prctl(PR_GET_MDWE) (Linux 6.3; older kernels fail it with EINVAL) and its flag that
// forbids gaining execute permission; not in every libc's headers yet.
constexpr int kPrGetMdwe = 66;
constexpr int kMdweRefuseExecGain = 1;

// The permissions ("rw-p") of the /proc/self/maps line whose range holds addr, or
// "none" (a mapping may have merged with a neighbour of the same permissions).
std::string PermsAt(const std::string &maps, uintptr_t addr) {
  size_t at = 0;
  while (at < maps.size()) {
    size_t eol = maps.find('\n', at);
    if (eol == std::string::npos) eol = maps.size();
    unsigned long lo = 0, hi = 0;
    char perms[5] = "";
    std::string line = maps.substr(at, eol - at);
    if (sscanf(line.c_str(), "%lx-%lx %4s", &lo, &hi, perms) == 3 && lo <= addr && addr < hi) {
      return perms;
    }
    at = eol + 1;
  }
  return "none";
}

// Machine code of a function that returns 42 (int), for the execute-permission
// checks; empty where the kit has none for the architecture.
std::vector<unsigned char> Return42Code() {
#if defined(__x86_64__) || defined(__i386__)
  return {0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3};  // mov $42, %eax; ret
#elif defined(__aarch64__)
  return {0x40, 0x05, 0x80, 0x52, 0xc0, 0x03, 0x5f, 0xd6};  // mov w0, #42; ret
#elif defined(__arm__) && defined(__thumb__) && defined(__ARMEL__)
  return {0x2a, 0x20, 0x70, 0x47};  // movs r0, #42; bx lr (Thumb)
#elif defined(__arm__) && defined(__ARMEL__)
  return {0x2a, 0x00, 0xa0, 0xe3, 0x1e, 0xff, 0x2f, 0xe1};  // mov r0, #42; bx lr
#elif defined(__riscv) && __riscv_xlen == 64
  return {0x13, 0x05, 0xa0, 0x02, 0x67, 0x80, 0x00, 0x00};  // li a0, 42; ret
#elif defined(__s390x__)
  return {0xa7, 0x29, 0x00, 0x2a, 0x07, 0xfe};  // lghi %r2, 42; br %r14
#elif defined(__powerpc64__) && defined(_CALL_ELF) && _CALL_ELF == 2 && defined(__LITTLE_ENDIAN__)
  return {0x2a, 0x00, 0x60, 0x38, 0x20, 0x00, 0x80, 0x4e};  // li r3, 42; blr
#else
  return {};
#endif
}

// A Thumb function is entered at its address with bit 0 set.
#if defined(__arm__) && defined(__thumb__)
constexpr uintptr_t kEntryBit = 1;
#else
constexpr uintptr_t kEntryBit = 0;
#endif

// Copy the function into the page at p (writable) and make the instruction
// cache see it.
void PlaceCode(char *p, const std::vector<unsigned char> &code) {
  memcpy(p, code.data(), code.size());
  __builtin___clear_cache(p, p + code.size());
}

// Call the function at p in a forked child: exit 0 when it returned 42.
Observation CallCodeInChild(char *p, const std::string &what) {
  return AccessInChild(
      [p] {
        int (*fn)() = reinterpret_cast<int (*)()>(reinterpret_cast<uintptr_t>(p) | kEntryBit);
        if (fn() != 42) _exit(3);
      },
      what, p);
}

}  // namespace

bool KernelPredates(KernelVersion since, const std::string &what, Observation *skip) {
  KernelVersion running = RunningLinux();
  if (!running.known() || !(running < since)) return false;
  *skip = SkippedBeforeKernel(
      since, what + " needs Linux " + ToString(since) + "; this kernel is " + ToString(running));
  return true;
}

// --- arguments and flags ----------------------------------------------------------------

Observation CheckSharedAndPrivateAnon(const CheckEnv &env) {
  return ObserveMmap(
      [&] {
        return mmap(nullptr, env.page, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      },
      env.page, "mmap(MAP_SHARED|MAP_PRIVATE|MAP_ANONYMOUS)");
}

Observation CheckLengthRoundsToZero(const CheckEnv &env) {
  // Every length above SIZE_MAX - page + 1 wraps to 0 when rounded up to a page.
  for (size_t len : {SIZE_MAX - env.page + 2, SIZE_MAX}) {
    Observation o =
        ObserveMmap([len] { return mmap(nullptr, len, PROT_READ, kAnonPrivate, -1, 0); }, len,
                    "mmap(len=" + Hex(static_cast<uint64_t>(len)) + ", which rounds up to 0)");
    if (o.kind != Observation::Kind::kErrno || o.err != ENOMEM) return o;
  }
  return FailedWithErrno(ENOMEM, "mmap(len=SIZE_MAX - page + 2) and mmap(len=SIZE_MAX)");
}

Observation CheckLastPageOffset(const CheckEnv &env) {
  TempFile file = NewFile(env, Pattern(env.page));
  ScopedFd fd = file.Open(O_RDWR);
  MK_REQUIRE(fd.valid(), "open");
  // The page-aligned offset whose page ends right at or below the largest off_t.
  const int64_t mask = ~static_cast<int64_t>(env.page - 1);
  off_t offset = static_cast<off_t>((INT64_MAX - static_cast<int64_t>(env.page)) & mask);
  return ObserveMmap(
      [&] { return mmap(nullptr, env.page, PROT_READ, MAP_SHARED, fd.get(), offset); }, env.page,
      "mmap(len=1 page, offset=" + Hex(static_cast<uint64_t>(offset)) +
          ", the last page an off_t can reach)");
}

// ThreadSanitizer's mmap refuses MAP_FIXED outside the ranges it keeps for the
// application with EINVAL before the kernel sees the call: its build asks the kernel
// (MK_UNDER_TSAN: check_util.h).

Observation CheckFixedAtTop(const CheckEnv &env) {
  void *top = reinterpret_cast<void *>(UINTPTR_MAX - env.page + 1);
  // No process can hold the last page of the address space, so nothing is replaced.
  return ObserveMmap(
      [&] {
#ifdef MK_UNDER_TSAN
        return RawAnonMmap(top, env.page, PROT_READ, MAP_PRIVATE | MAP_FIXED);
#else
        return mmap(top, env.page, PROT_READ, kAnonPrivate | MAP_FIXED, -1, 0);
#endif
      },
      env.page, "mmap(addr=" + Hex(top) + ", 1 page, MAP_FIXED)");
}

Observation CheckPartialPageLength(const CheckEnv &env) {
  const size_t len = env.page / 32;  // 128 bytes of a 4 KiB page
  std::string content = Pattern(env.page);
  std::unique_ptr<TempFile> file;
  ScopedFd fd;
  if (env.fs != Fs::kAnon) {
    file.reset(new TempFile(NewFile(env, content)));
    fd = file->Open(O_RDWR);
    MK_REQUIRE(fd.valid(), "open");
  }
  void *p = env.fs == Fs::kAnon
                ? mmap(nullptr, len, PROT_READ | PROT_WRITE, kAnonPrivate, -1, 0)
                : mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  if (p == MAP_FAILED) MK_RETURN_ERRNO("mmap(len=" + std::to_string(len) + ")");
  Mapping m(p, env.page);
  volatile char *last = m.vptr() + env.page - 1;
  MK_STEP(AccessInChild(
              [last] {
                *last = 'L';
                if (*last != 'L') _exit(3);
              },
              "store to and load from the last byte of the page (" + std::to_string(len) +
                  " bytes mapped)",
              last),
          "the rest of the last page is not mapped");
  if (env.fs != Fs::kAnon) {
    content[env.page - 1] = 'L';
    MK_STEP(CompareBytes(m.vptr(), content, "the whole page"),
            "the page does not show the file beyond the requested length");
  }
  return Success("mmap(len=" + std::to_string(len) + ") mapped the whole page");
}

Observation CheckMapStack(const CheckEnv &env) {
  const size_t len = 4 * env.page;
  MK_MAP(m, "mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK)", nullptr, len, PROT_READ | PROT_WRITE,
         kAnonPrivate | MAP_STACK, -1, 0);
  MK_STEP(CompareZero(m.vptr(), len, "the MAP_STACK mapping"), "it is not zero-filled");
  MK_STEP(StoreInChild(m.vptr() + len - 1, 's', "store to the top byte"), "it is not writable");
  return Success("MAP_STACK accepted: zero-filled and writable");
}

Observation CheckMap32Bit(const CheckEnv &env) {
#if defined(__x86_64__) && defined(__LP64__) && defined(MAP_32BIT)
  MK_MAP(m, "mmap(MAP_32BIT)", nullptr, env.page, PROT_READ | PROT_WRITE, kAnonPrivate | MAP_32BIT,
         -1, 0);
  uintptr_t end = m.addr_value() + env.page;
  if (end > (uintptr_t{1} << 31)) {
    return Violated("mmap(MAP_32BIT) returned " + Hex(m.addr()) +
                    ", which is not in the low 2 GiB of the address space");
  }
  MK_STEP(StoreInChild(m.vptr(), '3', "store to the mapping"), "it is not writable");
  return Success("mmap(MAP_32BIT) placed the mapping at " + Hex(m.addr()));
#else
  (void)env;
  return Skipped("MAP_32BIT exists only on x86-64 (64-bit ABI)");
#endif
}

Observation CheckProtCombinations(const CheckEnv &env) {
  struct Made {
    Mapping m;
    int prot, type;
  };
  std::vector<Made> made;
  for (int type : {MAP_PRIVATE, MAP_SHARED}) {
    for (int prot = 0; prot <= (PROT_READ | PROT_WRITE | PROT_EXEC); prot++) {
      Mapping m = Mmap(nullptr, env.page, prot, type | MAP_ANONYMOUS, -1, 0);
      if (!m.valid()) {
        MK_RETURN_ERRNO("mmap(prot=" + std::to_string(prot) + ", " +
                        (type == MAP_SHARED ? "MAP_SHARED" : "MAP_PRIVATE") + "|MAP_ANONYMOUS)");
      }
      made.push_back({std::move(m), prot, type});
    }
  }
  std::string maps;
  mk_posix::PosixError read = mk_posix::ReadFile("/proc/self/maps", &maps);
  if (!read.ok()) {
    return Skipped(
        "every prot x MAP_SHARED/MAP_PRIVATE mmap() succeeded, but /proc/self/maps "
        "cannot be read here to check the permissions (" +
        read.ToString() + ")");
  }
  for (const Made &x : made) {
    std::string got = PermsAt(maps, x.m.addr_value());
    std::string want = std::string(x.prot & PROT_READ ? "r" : "-") +
                       (x.prot & PROT_WRITE ? "w" : "-") + (x.prot & PROT_EXEC ? "x" : "-") +
                       (x.type == MAP_SHARED ? "s" : "p");
    if (got != want) {
      return Violated("/proc/self/maps shows the mapping at " + Hex(x.m.addr()) + " as \"" + got +
                      "\", expected \"" + want + "\" (prot " + std::to_string(x.prot) + ")");
    }
  }
  return Success("all 16 prot x type combinations mapped and shown with their permissions");
}

Observation CheckNoreserveUsable(const CheckEnv &env) {
  const size_t len = size_t{10} << 20;  // 10 MiB, as gVisor's NoReserve
  MK_MAP(m, "mmap(10 MiB, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE)", nullptr, len,
         PROT_READ | PROT_WRITE, kAnonPrivate | MAP_NORESERVE, -1, 0);
  volatile char *p = m.vptr();
  const size_t page = env.page;
  // In a child: a page the platform could not back must not kill the check.
  MK_STEP(AccessInChild(
              [p, page] {
                for (size_t i = 0; i < len; i += page) {
                  if (p[i] != 0) _exit(3);
                  p[i] = 1;
                  if (p[i] != 1) _exit(4);
                }
              },
              "load (expecting 0), store and load back one byte of every page"),
          "the MAP_NORESERVE mapping is not usable and zero-filled throughout");
  return Success("all " + std::to_string(len / page) + " pages were zero and writable");
}

Observation CheckRlimitAs(const CheckEnv &env) {
  std::string statm;
  unsigned long vm_pages = 0;
  if (!mk_posix::ReadFile("/proc/self/statm", &statm) ||
      sscanf(statm.c_str(), "%lu", &vm_pages) != 1) {
    return Skipped(
        "/proc/self/statm cannot be read here: the address space in use, which the "
        "limit must exceed, is unknown");
  }
  // The limit leaves 256 pages of room above what the process uses now (the forked
  // child has the same address space); a 16-page mapping fits, a 512-page one does not.
  const rlim_t limit = static_cast<rlim_t>(vm_pages + 256) * env.page;
  auto map_under_limit = [limit, &env](size_t pages) {
    return [limit, pages, &env] {
      struct rlimit rl = {limit, limit};
      if (setrlimit(RLIMIT_AS, &rl) != 0) return 100;
      void *p = mmap(nullptr, pages * env.page, PROT_NONE, kAnonPrivate, -1, 0);
      return p == MAP_FAILED ? errno : 0;
    };
  };
  const std::string room =
      " with RLIMIT_AS " + std::to_string(limit / env.page) + " pages, 256 above the pages in use";
  MK_STEP(CallInChild(map_under_limit(16), "mmap(16 pages)" + room),
          "a mapping within RLIMIT_AS failed");
  return CallInChild(map_under_limit(512), "mmap(512 pages)" + room);
}

// --- file types ---------------------------------------------------------------------------

Observation CheckCharDevice(const CheckEnv &env) {
  int tried = 0;
  for (const char *path : {"/dev/random", "/dev/null"}) {
    ScopedFd fd(open(path, O_RDONLY));
    if (!fd.valid()) continue;
    tried++;
    Observation o =
        ObserveMmap([&] { return mmap(nullptr, env.page, PROT_READ, MAP_PRIVATE, fd.get(), 0); },
                    env.page, std::string("mmap(PROT_READ, MAP_PRIVATE) of ") + path);
    if (o.kind != Observation::Kind::kErrno || o.err != ENODEV) return o;
  }
  if (tried == 0) return Skipped("neither /dev/random nor /dev/null can be opened here");
  return FailedWithErrno(ENODEV, "mmap() of a character device without mmap support");
}

Observation CheckDevZero(const CheckEnv &env) {
  ScopedFd fd(open("/dev/zero", O_RDWR));
  if (!fd.valid()) {
    return Skipped("/dev/zero cannot be opened here (" + mk_posix::ErrnoDescription(errno) + ")");
  }
  const size_t len = env.page + env.page / 2;  // not a page multiple
  MK_MAP(a, "mmap(PROT_READ|PROT_WRITE, MAP_SHARED) of /dev/zero", nullptr, len,
         PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  MK_STEP(CompareZero(a.vptr(), len, "the MAP_SHARED /dev/zero mapping"), "it is not zero");
  memset(a.ptr(), 'a', len);
  MK_MAP(b, "a second mmap(MAP_SHARED) of the same /dev/zero descriptor", nullptr, len,
         PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  MK_STEP(CompareZero(b.vptr(), len, "the second /dev/zero mapping"),
          "a second mapping of /dev/zero shows the first one's bytes (not a new object)");
  MK_STEP(StoreInChild(a.vptr() + env.page + 1, 'c', "store by a forked child"),
          "the child cannot store");
  MK_STEP(CompareBytes(a.vptr() + env.page + 1, "c", "the parent's view of the child's store"),
          "MAP_SHARED /dev/zero is not shared across fork");
  MK_MAP(p, "mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE) of /dev/zero", nullptr, len,
         PROT_READ | PROT_WRITE, MAP_PRIVATE, fd.get(), 0);
  MK_STEP(CompareZero(p.vptr(), len, "the MAP_PRIVATE /dev/zero mapping"), "it is not zero");
  p.ptr()[len - 1] = 'p';
  MK_STEP(CompareZero(b.vptr(), len, "the second MAP_SHARED mapping after a private store"),
          "a MAP_PRIVATE store reached a MAP_SHARED /dev/zero mapping");
  return Success("each /dev/zero mapping is a new zero-filled object; MAP_SHARED crosses fork");
}

// --- open mode and execute permission ------------------------------------------------------

Observation CheckExecOnlyShared(const CheckEnv &env) {
  struct statvfs vfs;
  MK_REQUIRE(statvfs(env.dir.c_str(), &vfs) == 0, "statvfs");
  if (vfs.f_flag & ST_NOEXEC) {
    return Skipped(env.dir + " is on a noexec mount: PROT_EXEC file mappings fail there (EPERM)");
  }
  std::string content = Pattern(env.page);
  TempFile file = NewFile(env, content);
  MK_REQUIRE(chmod(file.path().c_str(), 0555) == 0, "chmod 0555");
  ScopedFd fd = file.Open(O_RDONLY);
  MK_REQUIRE(fd.valid(), "open(O_RDONLY)");
  MK_MAP(m, "mmap(PROT_EXEC, MAP_SHARED) of an O_RDONLY 0555 file", nullptr, env.page, PROT_EXEC,
         MAP_SHARED, fd.get(), 0);
  // Read in a child: a platform with execute-only pages faults here.
  const volatile char *p = m.vptr();
  Observation load = LoadInChild(p, "load from the PROT_EXEC-only mapping");
  if (load.kind == Observation::Kind::kSignal && load.sig == SIGSEGV) {
    return Variant(kExecuteOnlyVariant, load.detail + ": PROT_EXEC alone gives no read access");
  }
  MK_STEP(AccessInChild(
              [p, &content] {
                for (size_t i = 0; i < content.size(); i++) {
                  if (p[i] != content[i]) _exit(3);
                }
              },
              "load every byte of the PROT_EXEC mapping and compare it with the file", p),
          "the PROT_EXEC-only mapping is not readable, or does not show the file");
  return Success("mapped PROT_EXEC, MAP_SHARED; the file's bytes are readable");
}

Observation CheckProtExecRuns(const CheckEnv &env) {
  std::vector<unsigned char> code = Return42Code();
  if (code.empty()) return Skipped("the kit has no machine code for this architecture");
  int mdwe = prctl(kPrGetMdwe, 0L, 0L, 0L, 0L);
  if (mdwe > 0 && (mdwe & kMdweRefuseExecGain)) {
    return Skipped("PR_SET_MDWE forbids this process to make memory executable");
  }
  MK_MAP(m, "mmap(PROT_READ|PROT_WRITE|PROT_EXEC)", nullptr, env.page,
         PROT_READ | PROT_WRITE | PROT_EXEC, kAnonPrivate, -1, 0);
  PlaceCode(m.ptr(), code);
  MK_STEP(CallCodeInChild(m.ptr(), "call code in a PROT_READ|PROT_WRITE|PROT_EXEC page"),
          "code in an RWX page did not run");
  MK_MAP(rx, "mmap(PROT_READ|PROT_WRITE)", nullptr, env.page, PROT_READ | PROT_WRITE, kAnonPrivate,
         -1, 0);
  PlaceCode(rx.ptr(), code);
  if (mprotect(rx.addr(), env.page, PROT_READ | PROT_EXEC) != 0) {
    MK_RETURN_ERRNO("mprotect(PROT_READ|PROT_EXEC)");
  }
  MK_STEP(CallCodeInChild(rx.ptr(), "call code after mprotect(PROT_READ|PROT_EXEC)"),
          "code in a page made PROT_READ|PROT_EXEC did not run");
  return Success("code ran in an RWX page and in a page made R|X; both returned 42");
}

Observation CheckNoExecFaults(const CheckEnv &env) {
  std::vector<unsigned char> code = Return42Code();
  if (code.empty()) return Skipped("the kit has no machine code for this architecture");
  MK_MAP(m, "mmap(PROT_READ|PROT_WRITE)", nullptr, env.page, PROT_READ | PROT_WRITE, kAnonPrivate,
         -1, 0);
  PlaceCode(m.ptr(), code);
  return CallCodeInChild(m.ptr(), "call into a PROT_READ|PROT_WRITE page");
}

// --- MAP_FIXED_NOREPLACE ---------------------------------------------------------------------

Observation CheckNoreplaceFreeRange(const CheckEnv &env) {
  Observation skip;
  if (KernelPredates(Linux(4, 17), kNoreplaceFeature, &skip)) return skip;
  // A 2-page range in the middle of a 4-page hole: free, and touching nothing.
  Mapping reserved = Reserve(6 * env.page);
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  MK_REQUIRE(FreeRange(reserved.ptr() + env.page, 4 * env.page), "mmap (make a hole)");
  char *hole = reserved.ptr() + 2 * env.page;
  const char *hi = reserved.ptr() + reserved.len();
  MK_STEP(NoreplaceAt(hole, 2 * env.page, reserved.ptr(), hi,
                      "mmap(MAP_FIXED_NOREPLACE) into a free 2-page range"),
          "MAP_FIXED_NOREPLACE did not map the free range at its address");
  MK_STEP(StoreInChild(hole + env.page, 'n', "store to the new mapping"), "it is not usable");
  return Success("mapped exactly at the free address " + Hex(hole));
}

Observation CheckNoreplacePartialOverlap(const CheckEnv &env) {
  Observation skip;
  if (KernelPredates(Linux(4, 19), kNoreplaceOverlapFeature, &skip)) return skip;
  // Pages 0..5 reserved, pages 2 and 3 mapped; each request overlaps them from below,
  // from above or from both sides, and the rest of its range is free.
  struct Case {
    size_t first, pages;
    const char *name;
  };
  for (Case c : {Case{1, 2, "overlapping its start"}, Case{3, 2, "overlapping its end"},
                 Case{1, 4, "containing it"}}) {
    Neighbourhood n;
    MK_REQUIRE(MakeNeighbourhood(env.page, 6, 2, 2, &n), "mmap (the existing pages)");
    char *addr = n.reserved.ptr() + c.first * env.page;
    char *end = addr + c.pages * env.page;
    if (addr < n.existing) MK_REQUIRE(FreeRange(addr, env.page), "mmap (free a page)");
    if (end > n.existing + 2 * env.page) {
      MK_REQUIRE(FreeRange(end - env.page, env.page), "mmap (free a page)");
    }
    std::string what = std::string("mmap(MAP_FIXED_NOREPLACE) of a range ") + c.name;
    void *got = mmap(addr, c.pages * env.page, PROT_READ | PROT_WRITE,
                     kAnonPrivate | MAP_FIXED_NOREPLACE, -1, 0);
    int err = errno;
    if (got != MAP_FAILED) {
      char *g = static_cast<char *>(got);
      if (g < n.reserved.ptr() || g >= n.reserved.ptr() + n.reserved.len()) {
        munmap(got, c.pages * env.page);
      }
      if (got != addr) {
        return Variant("taken-as-hint", what + " returned " + Hex(got) + ", not " + Hex(addr) +
                                            ": the flag was taken as a hint");
      }
      return Success(what + " replaced the overlapped pages at " + Hex(got) + ", expected EEXIST");
    }
    if (err != EEXIST) return FailedWithErrno(err, what);
    MK_STEP(ExistingKept(n, env.page), what + " failed but changed the existing pages");
  }
  return FailedWithErrno(EEXIST, "every partially overlapping MAP_FIXED_NOREPLACE request");
}

Observation CheckNoreplaceAdjacent(const CheckEnv &env) {
  Observation skip;
  if (KernelPredates(Linux(4, 17), kNoreplaceFeature, &skip)) return skip;
  Neighbourhood n;
  MK_REQUIRE(MakeNeighbourhood(env.page, 5, 2, 1, &n), "mmap (the existing page)");
  const char *hi = n.reserved.ptr() + n.reserved.len();
  for (char *addr : {n.existing - env.page, n.existing + env.page}) {
    const char *side = addr < n.existing ? "just below" : "just above";
    MK_REQUIRE(FreeRange(addr, env.page), "mmap (free the neighbouring page)");
    MK_STEP(NoreplaceAt(addr, env.page, n.reserved.ptr(), hi,
                        std::string("mmap(MAP_FIXED_NOREPLACE) ") + side + " an existing page"),
            std::string("a range touching an existing mapping ") + side + " was refused");
  }
  MK_STEP(ExistingKept(n, env.page), "the existing page changed");
  return Success("both touching ranges were mapped at their addresses");
}

Observation CheckNoreplaceWithFixed(const CheckEnv &env) {
  Observation skip;
  if (KernelPredates(Linux(4, 17), kNoreplaceFeature, &skip)) return skip;
  Neighbourhood n;
  MK_REQUIRE(MakeNeighbourhood(env.page, 3, 1, 1, &n), "mmap (the existing page)");
  void *got = mmap(n.existing, env.page, PROT_READ | PROT_WRITE,
                   kAnonPrivate | MAP_FIXED | MAP_FIXED_NOREPLACE, -1, 0);
  int err = errno;
  const std::string what = "mmap(MAP_FIXED|MAP_FIXED_NOREPLACE) over an existing page";
  if (got != MAP_FAILED) return Success(what + " replaced it at " + Hex(got) + ", expected EEXIST");
  MK_STEP(ExistingKept(n, env.page), "the refused request changed the existing page");
  return FailedWithErrno(err, what);
}

Observation CheckNoreplaceUnaligned(const CheckEnv &env) {
  Observation skip;
  if (KernelPredates(Linux(4, 17), kNoreplaceFeature, &skip)) return skip;
  Mapping reserved = Reserve(3 * env.page);
  MK_REQUIRE(reserved.valid(), "mmap (reserve)");
  char *addr = reserved.ptr() + env.page + 1;
  MK_REQUIRE(FreeRange(reserved.ptr() + env.page, env.page), "mmap (free the middle page)");
  // Inside our own reservation: a wrong success replaces nothing of ours.
  return ObserveMmap(
      [&] { return mmap(addr, env.page, PROT_READ, kAnonPrivate | MAP_FIXED_NOREPLACE, -1, 0); }, 0,
      "mmap(addr=" + Hex(addr) + ", MAP_FIXED_NOREPLACE)");
}

}  // namespace mk_conformance
