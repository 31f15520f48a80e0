// Checks of mmapkit's own core library on this platform: the mmap copy
// (several windows, unaligned offsets, every strategy, whole files) and the
// MAP_SHARED|MAP_ANONYMOUS message channel across fork().
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "conformance/checks/check_util.h"
#include "conformance/checks/checks.h"
#include "mmapkit/channel.h"
#include "mmapkit/copy.h"

namespace mk_conformance {

namespace {

// How long a channel call may wait in these checks.
constexpr int kChannelTimeoutMs = 2000;

// Owns a channel; destroys this process's view of it.
struct Channel {
  mk_channel *ch = nullptr;
  int rc;
  explicit Channel(size_t capacity) : rc(mk_channel_create(capacity, &ch)) {}
  ~Channel() {
    if (ch != nullptr) mk_channel_destroy(ch);
  }
};

}  // namespace

Observation CheckCopyRangeUnaligned(const CheckEnv &env) {
  const size_t window = 4 * env.page;
  const size_t src_size = 3 * window + env.page / 2 + 123;  // several windows, odd size
  const std::string src = Pattern(src_size, 21);
  TempFile in_file = NewFile(env, src);
  ScopedFd in = in_file.Open(O_RDONLY);
  MK_REQUIRE(in.valid(), "open (source)");
  const std::string old_out(100, 'o');
  const uint64_t in_off = 1234, out_off = env.page + 4567, len = src_size - in_off - 77;
  const std::string want = old_out + std::string(out_off - old_out.size(), '\0') +
                           src.substr(in_off, static_cast<size_t>(len));
  for (mk_copy_strategy strategy :
       {MK_COPY_MAP_BOTH, MK_COPY_MAP_SRC_WRITE, MK_COPY_MAP_DST_READ}) {
    TempFile out_file = NewFile(env, old_out);
    ScopedFd out = out_file.Open(O_RDWR);
    MK_REQUIRE(out.valid(), "open (destination)");
    mk_copy_options options = {};
    options.window = window;
    options.strategy = strategy;
    const std::string call = std::string("mk_copy_range(in_off=1234, out_off=") +
                             std::to_string(out_off) + ", len=" + std::to_string(len) +
                             ", window=4 pages, " + mk_copy_strategy_name(strategy) + ")";
    int rc = mk_copy_range(in.get(), in_off, out.get(), out_off, len, &options);
    if (rc != 0) return FailedWithErrno(-rc, call);
    MK_STEP(CompareFile(out.get(), want, "the destination after " + call), "wrong copy");
  }
  MK_STEP(CompareFile(in.get(), src, "the source"), "the copy changed its source");
  return Success("3 strategies copied " + std::to_string(len) +
                 " bytes across 4 windows, unaligned at both ends");
}

Observation CheckCopyFile(const CheckEnv &env) {
  const std::string src = Pattern(5 * env.page + 321, 22);
  const std::string src_path = env.dir + "/source", dst_path = env.dir + "/copy";
  MK_REQUIRE(mk_posix::WriteFile(src_path, src), "write the source");
  MK_REQUIRE(chmod(src_path.c_str(), 0640) == 0, "chmod (source)");
  mk_copy_options options = {};
  options.window = 2 * env.page;
  options.strategy = MK_COPY_MAP_BOTH;  // through shared mappings of both files
  uint64_t copied = 0;
  int rc = mk_copy_file(src_path.c_str(), dst_path.c_str(), &options, &copied);
  if (rc != 0) return FailedWithErrno(-rc, "mk_copy_file(window=2 pages)");
  if (copied != src.size()) {
    return Violated("*copied is " + std::to_string(copied) + ", expected " +
                    std::to_string(src.size()));
  }
  ScopedFd dst(open(dst_path.c_str(), O_RDONLY | O_CLOEXEC));
  MK_REQUIRE(dst.valid(), "open (copy)");
  MK_STEP(CompareFile(dst.get(), src, "the copy"), "wrong copy");
  struct stat st;
  MK_REQUIRE(fstat(dst.get(), &st) == 0, "fstat (copy)");
  if ((st.st_mode & 0777) != 0640) return Violated("the copy has mode " + Hex(st.st_mode & 0777));
  std::vector<std::string> entries = mk_posix::ListDir(env.dir);  // sorted
  if (entries != std::vector<std::string>{"copy", "source"}) {
    std::string names;
    for (const std::string &n : entries) names += " " + n;
    return Violated("the directory holds" + names + " (a temporary file was left behind)");
  }
  return Success("copied " + std::to_string(copied) + " bytes in 2-page windows, mode kept");
}

Observation CheckCopyPastEnd(const CheckEnv &env) {
  TempFile in_file = NewFile(env, Pattern(3 * env.page, 23));
  ScopedFd in = in_file.Open(O_RDONLY);
  const std::string old_out = "keep me";
  TempFile out_file = NewFile(env, old_out);
  ScopedFd out = out_file.Open(O_RDWR);
  MK_REQUIRE(in.valid() && out.valid(), "open");
  int rc = mk_copy_range(in.get(), 2 * env.page, out.get(), 0, 2 * env.page, nullptr);
  const std::string call = "mk_copy_range of pages 2..3 of a 3-page source";
  if (rc >= 0) return Success(call + " returned " + std::to_string(rc));
  MK_STEP(CompareFile(out.get(), old_out, "the destination after the refused copy"),
          "the refused copy wrote to the destination");
  return FailedWithErrno(-rc, call);
}

Observation CheckChannelAcrossFork(const CheckEnv &) {
  Channel down(8192), up(8192);
  if (down.rc != 0) return FailedWithErrno(-down.rc, "mk_channel_create(8192)");
  if (up.rc != 0) return FailedWithErrno(-up.rc, "mk_channel_create(8192)");
  constexpr int kDown = 50, kUp = 20;
  for (int i = 0; i < kDown; i++) {  // queued before the child exists
    std::string msg = Pattern(static_cast<size_t>(i), static_cast<unsigned>(i));
    int rc = mk_channel_send(down.ch, msg.data(), msg.size(), 0);
    if (rc != 0) return FailedWithErrno(-rc, "mk_channel_send #" + std::to_string(i));
  }
  mk_channel *to_child = down.ch, *to_parent = up.ch;
  mk_posix::ChildOutcome child = mk_posix::RunInChild(
      [to_child, to_parent] {
        if (mk_channel_attach(to_child, MK_CHANNEL_RECEIVER) < 0) _exit(1);
        if (mk_channel_attach(to_parent, MK_CHANNEL_SENDER) < 0) _exit(1);
        char buf[64];
        for (int i = 0; i < kDown; i++) {
          long n = mk_channel_recv(to_child, buf, sizeof buf, kChannelTimeoutMs);
          if (n < 0) _exit(2);
          std::string want = Pattern(static_cast<size_t>(i), static_cast<unsigned>(i));
          if (std::string(buf, static_cast<size_t>(n)) != want) _exit(3);
        }
        for (int i = 0; i < kUp; i++) {
          std::string msg = "reply " + std::to_string(i);
          if (mk_channel_send(to_parent, msg.data(), msg.size(), kChannelTimeoutMs) != 0) _exit(4);
        }
        _exit(0);  // dies attached: the parent must see the sender gone
      },
      4 * kChannelTimeoutMs);
  if (!child.exited || child.exit_code != 0) {
    const char *why = child.exit_code == 1   ? ": attach failed"
                      : child.exit_code == 2 ? ": a receive failed"
                      : child.exit_code == 3 ? ": a message arrived out of order or damaged"
                      : child.exit_code == 4 ? ": a send failed"
                                             : "";
    return Violated("the child " + child.Describe() + why);
  }
  char buf[64];
  for (int i = 0; i < kUp; i++) {
    long n = mk_channel_recv(up.ch, buf, sizeof buf, kChannelTimeoutMs);
    if (n < 0)
      return FailedWithErrno(static_cast<int>(-n), "mk_channel_recv of reply " + std::to_string(i));
    std::string want = "reply " + std::to_string(i);
    if (std::string(buf, static_cast<size_t>(n)) != want) {
      return Violated("reply " + std::to_string(i) + " is \"" +
                      std::string(buf, static_cast<size_t>(n)) + "\"");
    }
  }
  long end = mk_channel_recv(up.ch, buf, sizeof buf, kChannelTimeoutMs);
  if (end != -EPIPE) {
    return Violated("after the sending child exited, recv returned " + std::to_string(end) +
                    ", expected -EPIPE");
  }
  return Success(std::to_string(kDown) + " messages down and " + std::to_string(kUp) +
                 " up arrived whole and in order; then -EPIPE");
}

Observation CheckChannelMessageSize(const CheckEnv &) {
  constexpr size_t kCapacity = 256, kFraming = 4;  // channel.h: 4 bytes per message
  Channel c(kCapacity);
  if (c.rc != 0) return FailedWithErrno(-c.rc, "mk_channel_create(256)");
  const size_t max = mk_channel_max_message(c.ch);
  if (max != kCapacity - kFraming) {
    return Violated("mk_channel_max_message is " + std::to_string(max) + ", expected " +
                    std::to_string(kCapacity - kFraming));
  }
  const std::string too_long(max + 1, 'L'), longest = Pattern(max, 24);
  int rc = mk_channel_send(c.ch, too_long.data(), too_long.size(), 0);
  if (rc != -EMSGSIZE) {
    return rc < 0 ? FailedWithErrno(-rc, "mk_channel_send of max + 1 bytes")
                  : Success("mk_channel_send of max + 1 bytes returned 0");
  }
  char buf[256];
  long n = mk_channel_recv(c.ch, buf, sizeof buf, 0);
  if (n != -EAGAIN)
    return Violated("the refused message was queued: recv returned " + std::to_string(n));
  rc = mk_channel_send(c.ch, longest.data(), longest.size(), 0);
  if (rc != 0) return Violated("mk_channel_send of max bytes returned " + std::to_string(rc));
  n = mk_channel_recv(c.ch, buf, 10, 0);
  if (n != -EMSGSIZE) {
    return n < 0 ? FailedWithErrno(static_cast<int>(-n), "mk_channel_recv into 10 bytes")
                 : Success("mk_channel_recv into 10 bytes returned " + std::to_string(n));
  }
  n = mk_channel_recv(c.ch, buf, sizeof buf, 0);
  if (n != static_cast<long>(max) || std::string(buf, max) != longest) {
    return Violated("after -EMSGSIZE the message was not kept: recv returned " + std::to_string(n));
  }
  return FailedWithErrno(EMSGSIZE,
                         "send of max + 1 bytes and recv into a short buffer; nothing lost");
}

}  // namespace mk_conformance
