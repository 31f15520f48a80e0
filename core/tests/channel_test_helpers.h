// Conveniences shared by the channel tests: an owning channel handle, string
// send/receive, checks inside forked children, a child that dies at a fault
// point, and a child that runs while the test talks to it (BackgroundChild).
#ifndef MMAPKIT_CORE_TESTS_CHANNEL_TEST_HELPERS_H_
#define MMAPKIT_CORE_TESTS_CHANNEL_TEST_HELPERS_H_

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "conformance/testing/fixtures.h"
#include "core/src/channel_testing.h"
#include "gtest/gtest.h"
#include "mmapkit/channel.h"

namespace channel_test {

// Never reached on a loaded machine: a call that should succeed or see
// -EPIPE but gets -ETIMEDOUT fails the test instead of hanging it.
constexpr int kPatienceMs = 10000;

struct ChannelDeleter {
  void operator()(mk_channel *ch) const { mk_channel_destroy(ch); }
};
// Destroyed (and this thread's endpoints detached) at the end of the test.
using Channel = std::unique_ptr<mk_channel, ChannelDeleter>;

inline Channel MakeChannel(size_t capacity) {
  mk_channel *ch = nullptr;
  int rc = mk_channel_create(capacity, &ch);
  EXPECT_EQ(0, rc) << "mk_channel_create(" << capacity << ")";
  return Channel(ch);
}

inline int Send(mk_channel *ch, const std::string &msg, int timeout_ms = kPatienceMs) {
  return mk_channel_send(ch, msg.data(), msg.size(), timeout_ms);
}

// One received message, or rc < 0 and an empty msg.
struct Received {
  long rc;
  std::string msg;
};

inline Received Recv(mk_channel *ch, int timeout_ms = kPatienceMs, size_t cap = 1 << 16) {
  std::vector<char> buf(cap);
  long rc = mk_channel_recv(ch, buf.data(), cap, timeout_ms);
  return Received{rc, rc > 0 ? std::string(buf.data(), static_cast<size_t>(rc)) : ""};
}

// Sends messages until the channel is full (the last send got -EAGAIN).
inline int FillChannel(mk_channel *ch, const std::string &msg) {
  int sent = 0;
  while (Send(ch, msg, 0) == 0) sent++;
  return sent;
}

// In a forked child: report a failed check on stderr and exit 1.
inline void ChildCheck(bool ok, const std::string &what) {
  if (ok) return;
  std::fprintf(stderr, "child check failed: %s\n", what.c_str());
  _exit(1);
}

// In a forked child: raise sig (SIGKILL, SIGSTOP) when the channel reaches
// point, with its lock held.
inline mk_channel_point g_raise_at;
inline int g_raise_signal;
inline void RaiseAt(mk_channel_point point, int sig) {
  g_raise_at = point;
  g_raise_signal = sig;
  mk_channel_test_hook = [](mk_channel_point reached) {
    if (reached == g_raise_at) raise(g_raise_signal);
  };
}
inline void DieAt(mk_channel_point point) {
  RaiseAt(point, SIGKILL);
}

// RunInChild on a second thread, so the test can talk to the child while it
// runs. Forking while another thread holds an allocator lock leaves the child
// stuck in its first malloc (clang 14's ASan allocator has no fork handler),
// so: the constructor returns only once the child runs, the calling thread
// waiting meanwhile in mk_channel_recv, which does not allocate; and Wait()
// joins the thread, so a thread's exit never overlaps a later fork.
class BackgroundChild {
 public:
  explicit BackgroundChild(std::function<void()> fn) {
    mk_channel *started = nullptr;
    EXPECT_EQ(0, mk_channel_create(MK_CHANNEL_MIN_CAPACITY, &started));
    thread_ = std::thread([this, fn, started] {
      outcome_ = mk_testing::RunInChild([&] {
        mk_channel_send(started, nullptr, 0, kPatienceMs);
        fn();
      });
    });
    long rc = mk_channel_recv(started, nullptr, 0, kPatienceMs);
    mk_channel_destroy(started);
    EXPECT_EQ(0, rc) << "the child never started";
  }
  ~BackgroundChild() {
    if (thread_.joinable()) thread_.join();
  }
  BackgroundChild(const BackgroundChild &) = delete;
  BackgroundChild &operator=(const BackgroundChild &) = delete;

  // Waits for the child to end (RunInChild kills it after 10 s).
  mk_testing::ChildOutcome Wait() {
    if (thread_.joinable()) thread_.join();
    return outcome_;
  }

 private:
  std::thread thread_;
  mk_testing::ChildOutcome outcome_;
};

// Milliseconds since start.
inline long ElapsedMs(std::chrono::steady_clock::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - start)
                               .count());
}

}  // namespace channel_test

#endif  // MMAPKIT_CORE_TESTS_CHANNEL_TEST_HELPERS_H_
