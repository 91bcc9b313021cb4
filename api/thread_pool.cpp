#include "api/thread_pool.h"

namespace poolbook::api {

Lane::Lane(std::size_t threads, std::size_t queue_max, JobRunner run)
    : queue_max_(queue_max), run_(std::move(run)) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

bool Lane::TryPush(std::function<void()>& fn) {
  std::lock_guard<std::mutex> l(mu_);
  if (shutdown_ || jobs_.size() >= queue_max_) return false;
  jobs_.push_back(std::move(fn));
  cv_.notify_one();
  return true;
}

void Lane::Shutdown() {
  {
    std::lock_guard<std::mutex> l(mu_);
    shutdown_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

std::size_t Lane::waiting() {
  std::lock_guard<std::mutex> l(mu_);
  return jobs_.size();
}

void Lane::Work() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait(l, [&] { return shutdown_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // shut down, and every accepted connection served
      fn = std::move(jobs_.front());
      jobs_.pop_front();
    }
    run_(fn);
  }
}

BoundedPool::BoundedPool(std::size_t threads, std::size_t queue_max, JobRunner refuse)
    : refuse_run_(refuse),
      serve_(threads, queue_max, [](std::function<void()>& fn) { fn(); }),
      refuse_(kRefusalThreads, kRefusalsWaitingMax, std::move(refuse)) {}

void BoundedPool::enqueue(std::function<void()> fn) {
  if (serve_.TryPush(fn) || refuse_.TryPush(fn)) return;
  refuse_run_(fn);
}

void BoundedPool::shutdown() {
  serve_.Shutdown();
  refuse_.Shutdown();
}

}  // namespace poolbook::api
