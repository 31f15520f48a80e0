// Conveniences shared by the channel tests: an owning channel handle, string
// send/receive, and a child that dies (or stops) at a fault point. Children
// that run while the test talks to them are mk_posix::StartChild, checks
// inside them mk_posix::ChildCheck (conformance/posix/fixtures.h).
#ifndef MMAPKIT_CORE_TESTS_CHANNEL_TEST_HELPERS_H_
#define MMAPKIT_CORE_TESTS_CHANNEL_TEST_HELPERS_H_

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/testing/channel_testing.h"
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

// In a forked child: raise sig (SIGKILL, SIGSTOP) when the channel reaches
// point, with its lock held.
inline mk__channel_point g_raise_at;
inline int g_raise_signal;
inline void RaiseAt(mk__channel_point point, int sig) {
  g_raise_at = point;
  g_raise_signal = sig;
  mk__channel_test_hook = [](mk__channel_point reached) {
    if (reached == g_raise_at) raise(g_raise_signal);
  };
}
inline void DieAt(mk__channel_point point) {
  RaiseAt(point, SIGKILL);
}

// Milliseconds since start.
inline long ElapsedMs(std::chrono::steady_clock::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - start)
                               .count());
}

}  // namespace channel_test

#endif  // MMAPKIT_CORE_TESTS_CHANNEL_TEST_HELPERS_H_
