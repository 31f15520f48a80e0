// mmapcp_testfile - makes and compares the files of the mmapcp shell tests,
// with the same helpers as the googletests (so a pattern or a sparse
// comparison means the same thing in both):
//   mmapcp_testfile pattern PATH SIZE [SEED]   SIZE bytes of mk_posix::Pattern
//   mmapcp_testfile sparse PATH SIZE OFFSET..  a SIZE-byte hole with 64 KiB of
//                                              pattern at each OFFSET
//   mmapcp_testfile same A B                   exit 0 if A and B hold the same
//                                              bytes; reads only data segments,
//                                              so 5 GiB sparse files compare in
//                                              milliseconds (cmp takes ~30 s here
//                                              and fills the page cache with zeros)
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "conformance/posix/files.h"
#include "conformance/posix/fixtures.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: mmapcp_testfile pattern PATH SIZE [SEED]\n"
               "       mmapcp_testfile sparse PATH SIZE OFFSET...\n"
               "       mmapcp_testfile same A B\n");
  return 2;
}

bool ParseNumber(const char *text, uint64_t *out) {
  char *end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0') return false;
  *out = v;
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 4) return Usage();
  const std::string command = argv[1];
  uint64_t size = 0, seed = 0;
  if (command == "same" && argc == 4) {
    std::string why;
    if (mk_posix::SameBytes(argv[2], argv[3], &why)) return 0;
    std::fprintf(stderr, "mmapcp_testfile: %s and %s differ: %s\n", argv[2], argv[3], why.c_str());
    return 1;
  }
  if (!ParseNumber(argv[3], &size)) return Usage();
  if (command == "pattern" && argc <= 5) {
    if (argc == 5 && !ParseNumber(argv[4], &seed)) return Usage();
    std::string data = mk_posix::Pattern(size, static_cast<unsigned>(seed));
    if (mk_posix::WriteFile(argv[2], data)) return 0;
  } else if (command == "sparse") {
    std::vector<std::pair<uint64_t, std::string>> pieces;
    for (int i = 4; i < argc; i++) {
      uint64_t offset;
      if (!ParseNumber(argv[i], &offset)) return Usage();
      pieces.emplace_back(offset, mk_posix::Pattern(64 * 1024, static_cast<unsigned>(i)));
    }
    if (mk_posix::MakeSparseFile(argv[2], size, pieces)) return 0;
  } else {
    return Usage();
  }
  std::fprintf(stderr, "mmapcp_testfile: %s: %s\n", argv[2], std::strerror(errno));
  return 1;
}
