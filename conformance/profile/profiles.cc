// The platform profiles: per catalog ID, what each platform is expected to do
// where POSIX leaves a choice or the platform is known to differ from Linux.
#include <signal.h>
#include <sys/utsname.h>

#include <cerrno>

#include "conformance/profile/profile.h"

namespace mk_conformance {

namespace {

using Kind = ProfileRule::Kind;

// Past-EOF SIGBUS rows: the signal is required, its si_code is not.
constexpr const char *kEofSigbus = "MMAP.EOF.*_SIGBUS";

// A named variant that s390x shows where other architectures do not.
constexpr ProfileRule OnS390(const char *pattern, const char *variant, const char *note) {
  return {Kind::kAllow, pattern, ExpectVariant(variant), note, OnArch("s390*")};
}

// s390 hardware reports a fault's page, not its byte: the translation-exception
// identification holds the page address only, and Linux passes it on as si_addr.
const ProfileRule kS390SiAddrIsThePage =
    OnS390("MMAP.*.SIG*_SI_ADDR", "page-address",
           "s390x: the hardware reports only the page of a faulting access (its translation-"
           "exception identification), which Linux puts in si_addr (arch/s390/mm/fault.c, "
           "__FAIL_ADDR_MASK)");

// s390x lets a process's address space grow to 16 EiB: page-table levels are added on
// demand, where other architectures stop at 2^47..2^57 bytes unless a hint asks for more.
const ProfileRule kS390HugeAddressSpace =
    OnS390("MMAP.ARGS.HUGE_LENGTH_ENOMEM", "holds-2^62-bytes",
           "s390x: a process's address space grows to 16 EiB (page-table levels added on demand, "
           "arch/s390/mm/pgalloc.c crst_table_upgrade) and a read-only private mapping is not "
           "charged to overcommit, so 2^62 bytes fit; SIZE_MAX still fails with ENOMEM");

// valgrind's own mmap wrapper, for the rows where it answers before the kernel does.
constexpr const char *kValgrindCannotPlace =
    "valgrind's address-space manager refuses a mapping it cannot place with EINVAL before "
    "the kernel sees it";

// What Linux promises on a 32-bit ABI: mmap reaches the kernel as mmap2, whose offset is
// an unsigned long count of 4096-byte units, so offsets from 2^44 up (and negative ones)
// cannot be passed at all: glibc's mmap64 fails them with EINVAL before any system call.
constexpr const char *kMmap2OffsetLimit =
    "32-bit ABI: mmap2 takes the offset in 4096-byte units in 32 bits, so glibc's mmap64 "
    "fails a negative offset or one of 2^44 or more with EINVAL before any system call "
    "(glibc sysdeps/unix/sysv/linux/mmap64.c; POSIX mmap(): EINVAL for an off the "
    "implementation considers invalid)";

const std::vector<Profile> &Table() {
  static const std::vector<Profile> profiles = {
      {"linux",
       "Linux (the catalog's expectations), with the documented differences between kernel "
       "versions and file systems",
       false,
       false,
       {
           {Kind::kAllow, "MMAP.FLAGS.SHARED_AND_PRIVATE", ExpectErrno(EINVAL),
            "Linux < 4.15 has no MAP_SHARED_VALIDATE and rejects MAP_SHARED|MAP_PRIVATE",
            KernelBelow(4, 15)},
           {Kind::kAllow, "MMAP.FLAGS.VALIDATE_UNKNOWN_EOPNOTSUPP", ExpectErrno(EINVAL),
            "Linux < 4.15 has no MAP_SHARED_VALIDATE", KernelBelow(4, 15)},
           {Kind::kAllow, "MMAP.EOF.TAIL_STORES_AFTER_GROW", ExpectVariant("stores-reappear"),
            "mmap(2): the effect of a size change on pages of added regions is unspecified; "
            "tmpfs (and, on older kernels, some disk file systems) keep stores made past EOF"},
           {Kind::kExpect, "MMAP.ARGS.OFFSET_OVERFLOW_EOVERFLOW", ExpectErrno(EINVAL),
            kMmap2OffsetLimit, OnAbi(32)},
           {Kind::kExpect, "MMAP.ARGS.NEGATIVE_OFFSET", ExpectErrno(EINVAL), kMmap2OffsetLimit,
            OnAbi(32)},
           kS390SiAddrIsThePage,
           kS390HugeAddressSpace,
           // mremap: what older kernels do.
           {Kind::kAllow, "MREMAP.FIXED.MULTI_MAPPING_MOVE", ExpectErrno(EFAULT),
            "Linux < 6.17 moves only a range inside one mapping: mremap() of a range made of "
            "several mappings fails with EFAULT (mm/mremap.c, 6.17: moves of multiple VMAs)",
            KernelBelow(6, 17)},
           {Kind::kAllow, "MREMAP.COPY.PRIVATE_EINVAL", ExpectSuccess(),
            "Linux < 4.14 duplicates a MAP_PRIVATE mapping for old_size 0 (mm/mremap.c, 4.14: "
            "fail map duplication attempts for private mappings)",
            KernelBelow(4, 14)},
           // --- mmap_args family ---
           {Kind::kExpect, "MMAP.ARGS.LAST_PAGE_OFFSET_OK", ExpectErrno(EINVAL), kMmap2OffsetLimit,
            OnAbi(32)},
           {Kind::kAllow, "MMAP.MODE.EXEC_ONLY_SHARED_OK", ExpectVariant("execute-only"),
            "powerpc64: the MMU has execute-only pages, so a PROT_EXEC-only mapping is not "
            "readable (arch/powerpc protection map: PAGE_EXECONLY)",
            OnArch("ppc64*")},
           {Kind::kAllow, "MMAP.ACCESS.NO_EXEC_SIGSEGV", ExpectSuccess(),
            "32-bit x86 kernels without PAE (Debian's 686 flavour) have no no-execute bit: "
            "their page tables cannot refuse an instruction fetch from a readable page "
            "(arch/x86/mm/setup_nx.c: \"NX (Execute Disable) protection cannot be enabled: "
            "non-PAE kernel!\")",
            OnArch("i?86")},
           // --- memfd seals and mseal -------------------------------------------------------
           {Kind::kAllow, "MEMFD.SEAL_WRITE.SHARED_READ_NO_WRITE",
            ExpectVariant("read-only-shared-refused"),
            "a kernel without the VM_MAYWRITE rework of sealed shmem (mainline 6.7; absent again "
            "in 6.12, back in 6.13; some stable kernels such as Debian's 6.1.0-57 have it) "
            "refuses any shared mapping of an F_SEAL_WRITE memfd with EPERM",
            KernelBelow(6, 13)},
       }},
      {"posix",
       "POSIX.1-2017 only: Linux-specific and implementation-defined entries are reported as "
       "ALLOWED whatever they do",
       true,
       true,
       {
           {Kind::kAllow, kEofSigbus, ExpectSignal(SIGBUS, kAnyCode),
            "POSIX requires SIGBUS here but no particular si_code"},
           {Kind::kAllow, "MMAP.EOF.OFFSET_BEYOND_EOF_SIGBUS", ExpectErrno(ENXIO),
            "POSIX mmap(): ENXIO when [off, off+len) is invalid for the object"},
           {Kind::kUnspecified, "MMAP.FORK.*@anon", ExpectSuccess(),
            "MAP_ANONYMOUS is not part of POSIX.1-2017"},
           kS390SiAddrIsThePage,
       }},
      {"freebsd",
       "FreeBSD's native semantics (for BSD-derived kernels and compatibility layers)",
       true,
       true,
       {
           {Kind::kExpect, "MMAP.ANON.FD_IGNORED", ExpectErrno(EINVAL),
            "FreeBSD mmap(2): MAP_ANON requires fd == -1"},
           {Kind::kAllow, "MMAP.FLAGS.SHARED_AND_PRIVATE", ExpectErrno(EINVAL),
            "FreeBSD rejects MAP_SHARED together with MAP_PRIVATE"},
           {Kind::kAllow, kEofSigbus, ExpectSignal(SIGBUS, kAnyCode),
            "FreeBSD raises SIGBUS past EOF with its own si_code"},
       }},
      {"macos",
       "macOS (XNU) native semantics",
       true,
       true,
       {
           {Kind::kExpect, "MMAP.ACCESS.PROT_NONE_SIGSEGV", ExpectSignal(SIGBUS, kAnyCode),
            "macOS raises SIGBUS for protection faults on mapped memory"},
           {Kind::kExpect, "MMAP.ACCESS.READONLY_STORE_SIGSEGV", ExpectSignal(SIGBUS, kAnyCode),
            "macOS raises SIGBUS for protection faults on mapped memory"},
           {Kind::kAllow, "MMAP.ACCESS.*_SIGSEGV", ExpectSignal(SIGSEGV, SEGV_ACCERR),
            "the POSIX behaviour"},
           {Kind::kAllow, kEofSigbus, ExpectSignal(SIGBUS, kAnyCode),
            "macOS raises SIGBUS past EOF with its own si_code"},
       }},
  };
  return profiles;
}

// What an emulator or sandbox is known to do differently, whatever the
// operating system's profile: these rules are part of every profile and hold
// only in their environment (PlatformFacts::environment, detected by the
// report). Each note names the mechanism.
const std::vector<ProfileRule> &EnvironmentRules() {
  static const std::vector<ProfileRule> rules = {
      {Kind::kAllow, "MMAP.ALIGN.HINT_UNALIGNED_OK", ExpectErrno(EINVAL),
       "valgrind's mmap wrapper refuses every unaligned address with EINVAL, hints included "
       "(POSIX asks that only of MAP_FIXED)",
       InEnvironment("valgrind")},
      {Kind::kAllow, "MMAP.ARGS.HUGE_LENGTH_ENOMEM", ExpectErrno(EINVAL), kValgrindCannotPlace,
       InEnvironment("valgrind")},
      // Every row where MAP_FIXED_NOREPLACE must fail with EEXIST.
      {Kind::kAllow, "MMAP.FIXED_NOREPLACE.*EEXIST", ExpectVariant("taken-as-hint"),
       "valgrind places every mapping without MAP_FIXED itself and does not know "
       "MAP_FIXED_NOREPLACE: the flag is taken as a hint",
       InEnvironment("valgrind")},
      // --- mmap_args family ---
      {Kind::kAllow, "MMAP.ARGS.LENGTH_ROUNDS_TO_ZERO_ENOMEM", ExpectErrno(EINVAL),
       kValgrindCannotPlace, InEnvironment("valgrind")},
      {Kind::kAllow, "MMAP.FIXED.TOP_OF_ADDRESS_SPACE_ENOMEM", ExpectErrno(EINVAL),
       "valgrind's mmap wrapper refuses a MAP_FIXED range outside the client's address space "
       "with EINVAL before the kernel sees it (LTP mmap15 accepts EINVAL too)",
       InEnvironment("valgrind")},
  };
  return rules;
}

}  // namespace

const std::vector<Profile> &Profiles() {
  static const std::vector<Profile> profiles = [] {
    std::vector<Profile> all = Table();
    for (Profile &profile : all) {
      profile.rules.insert(profile.rules.end(), EnvironmentRules().begin(),
                           EnvironmentRules().end());
    }
    return all;
  }();
  return profiles;
}

const Profile *FindProfile(const std::string &name) {
  for (const Profile &profile : Profiles()) {
    if (name == profile.name) return &profile;
  }
  return nullptr;
}

std::string DefaultProfileName(const std::string &sysname) {
  if (sysname == "Linux") return "linux";
  if (sysname == "FreeBSD") return "freebsd";
  if (sysname == "Darwin") return "macos";
  return "posix";
}

std::string DetectedProfileName() {
  struct utsname u;
  return DefaultProfileName(uname(&u) == 0 ? u.sysname : "");
}

}  // namespace mk_conformance
