// A counted allowance (e.g. the exports running at once): at most max() held at once.
#pragma once

#include <atomic>
#include <memory>

namespace poolbook::api {

class Slots {
 public:
  explicit Slots(int max) : max_(max) {}
  Slots(const Slots&) = delete;
  Slots& operator=(const Slots&) = delete;
  // A slot, held until the last copy of the pointer is dropped; null when max() are held.
  std::shared_ptr<void> TryTake() {
    int n = held_.load();
    do {
      if (n >= max_) return nullptr;
    } while (!held_.compare_exchange_weak(n, n + 1));
    return std::shared_ptr<void>(static_cast<void*>(this), [this](void*) { held_.fetch_sub(1); });
  }
  int held() const { return held_.load(); }
  int max() const { return max_; }

 private:
  const int max_;
  std::atomic<int> held_{0};
};

}  // namespace poolbook::api
