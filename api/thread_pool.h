// The threads that serve the HTTP server's connections, with bounded queues.
//
// Accepted connections are served by `threads` threads from a queue of `queue_max`. Past that
// bound a connection goes to a refusal lane of its own (kRefusalThreads threads,
// kRefusalsWaitingMax waiting) that answers 503 at once, so memory stays bounded, the client is
// told to come back instead of waiting unseen, and the accepting thread never reads from a slow
// client. Only when the refusal lane is full too is the refusal run on the accepting thread.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace poolbook::api {

// Connections accepted past limits.threads + limits.queue_max are answered 503 by a refusal lane
// of their own: this many threads, with at most this many connections waiting for them. Only past
// both is the 503 written from the accepting thread.
inline constexpr std::size_t kRefusalThreads = 2;
inline constexpr std::size_t kRefusalsWaitingMax = 64;

// How a job runs on a lane's thread (the refusal lane marks the request as overloaded first).
using JobRunner = std::function<void(std::function<void()>&)>;

// Worker threads taking jobs from a queue of at most `queue_max`.
class Lane {
 public:
  Lane(std::size_t threads, std::size_t queue_max, JobRunner run);
  // False, leaving `fn` untouched, when the queue is full or shut down.
  bool TryPush(std::function<void()>& fn);
  // Stops taking jobs, serves every job already queued, and joins the threads.
  void Shutdown();
  std::size_t waiting();

 private:
  void Work();
  std::size_t queue_max_;
  JobRunner run_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  bool shutdown_ = false;
};

// The server's task queue: a serving lane, then a refusal lane whose jobs run through `refuse`.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t threads, std::size_t queue_max, JobRunner refuse);
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;
  std::size_t waiting() { return serve_.waiting(); }
  std::size_t refusals_waiting() { return refuse_.waiting(); }

 private:
  JobRunner refuse_run_;
  Lane serve_;
  Lane refuse_;
};

}  // namespace poolbook::api
