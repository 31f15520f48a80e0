// The Boost.Interprocess message_queue transport of bench_channel: a named
// queue in /dev/shm (process-shared mutex and condition variables), created
// by the parent before fork(); the children use the inherited mapping.
// Removed by the process that created it. C++ only because Boost is.
#include <unistd.h>

#include <boost/interprocess/ipc/message_queue.hpp>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <string>

#include "tools/bench_channel/bench_channel.h"

namespace bip = boost::interprocess;

namespace {

// What this transport's bc_queue pointers point to.
struct BoostQueue {
  bip::message_queue *mq;
  std::string name;
  pid_t creator;
};

BoostQueue *Of(bc_queue *q) {
  return reinterpret_cast<BoostQueue *>(q);
}

bc_queue *Create(size_t max_len, size_t buffer, char *err, size_t errlen) {
  static unsigned serial;
  std::string name = "bench_channel." + std::to_string(getpid()) + "." + std::to_string(serial++);
  size_t len = max_len > 0 ? max_len : 1;
  size_t count = buffer / len > 0 ? buffer / len : 1;
  try {
    bip::message_queue::remove(name.c_str());
    auto *q = new BoostQueue{nullptr, name, getpid()};
    try {
      q->mq = new bip::message_queue(bip::create_only, name.c_str(), count, len);
    } catch (...) {
      delete q;
      throw;
    }
    return reinterpret_cast<bc_queue *>(q);
  } catch (const std::exception &e) {
    std::snprintf(err, errlen, "boost message_queue(%zu x %zu): %s", count, len, e.what());
    bip::message_queue::remove(name.c_str());
    return nullptr;
  }
}

int NoSetup(bc_queue *) {
  return 0;
}

int Send(bc_queue *q, const void *msg, size_t len) {
  try {
    Of(q)->mq->send(msg, len, 0);
    return 0;
  } catch (const std::exception &) {
    return -EIO;
  }
}

long Recv(bc_queue *q, void *buf, size_t cap) {
  try {
    bip::message_queue::size_type got = 0;
    unsigned int priority = 0;
    Of(q)->mq->receive(buf, cap, got, priority);
    return static_cast<long>(got);
  } catch (const std::exception &) {
    return -EIO;
  }
}

void Destroy(bc_queue *queue) {
  BoostQueue *q = Of(queue);
  delete q->mq;
  if (q->creator == getpid()) bip::message_queue::remove(q->name.c_str());
  delete q;
}

const char *AnySize(size_t, int) {
  return nullptr;
}

}  // namespace

extern "C" const bc_transport bc_boost_mq = {
    "boost_mq", "Boost.Interprocess message_queue, priority 0 (max_num_msg = the buffer / size)",
    AnySize,    Create,
    NoSetup,    NoSetup,
    Send,       Recv,
    Destroy,
};
