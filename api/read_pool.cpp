#include "api/read_pool.h"

namespace poolbook::api {

StatusOr<ReadPool::Lease> ReadPool::Acquire() {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (!idle_.empty()) {
      auto j = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(j));
    }
  }
  auto j = Journal::Open(connection_, clock_);
  if (!j.ok()) return j.status();
  return Lease(this, std::move(*j));
}

void ReadPool::Return(std::unique_ptr<Journal> j) {
  std::lock_guard<std::mutex> l(mu_);
  idle_.push_back(std::move(j));
}

}  // namespace poolbook::api
