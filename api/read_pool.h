// Read connections for the server's requests: one per request in flight, kept for reuse. Each is
// a Journal of its own (SOCI sessions are not thread-safe), never used for writing.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ledger/journal.h"

namespace poolbook::api {

class ReadPool {
 public:
  ReadPool(std::string connection, Clock clock)
      : connection_(std::move(connection)), clock_(std::move(clock)) {}
  // A connection lent to one request, returned to the pool when the lease is destroyed.
  class Lease {
   public:
    Lease(ReadPool* pool, std::unique_ptr<Journal> j) : pool_(pool), j_(std::move(j)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (j_) pool_->Return(std::move(j_));
    }
    Journal& operator*() { return *j_; }
    Journal* operator->() { return j_.get(); }

   private:
    ReadPool* pool_;
    std::unique_ptr<Journal> j_;
  };
  // An idle connection, or a new one; the Status of Journal::Open when none can be opened.
  StatusOr<Lease> Acquire();

 private:
  void Return(std::unique_ptr<Journal> j);
  std::string connection_;
  Clock clock_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Journal>> idle_;
};

}  // namespace poolbook::api
