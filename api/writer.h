// The server's one writer (docs/design.md §4, "One writer"). SQLite allows one writing transaction at a
// time, so every write the server makes passes through this queue and one thread:
//
//   - single-entry posts waiting at the same moment are written together in one transaction
//     (group commit: one fsync for all of them), each still answered on its own — written, refused
//     or replayed — and only once that transaction is durable;
//   - a batch is written all or nothing in a transaction of its own;
//   - every other write (fund operations, users, periods) runs alone, in arrival order;
//   - access-log records waiting at the same moment are written together.
//
// Limits: at most `queue_max` writes wait (past it: Unavailable at once), and a write not begun
// within `start_deadline` is refused as Unavailable, unwritten. Once begun, a write completes.
// Reads never come here: they use their own connections and never wait for the writer (WAL).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "api/access_log.h"
#include "ledger/journal.h"

namespace poolbook::api {

class Writer {
 public:
  struct Options {
    std::size_t queue_max = 10000;
    std::chrono::milliseconds start_deadline{30000};
  };
  // Opens its own connection to `connection`.
  static StatusOr<std::unique_ptr<Writer>> Start(const std::string& connection, Clock clock, Options options);
  ~Writer();

  StatusOr<Receipt> Post(Entry entry, const std::string& user);
  // All or nothing: every entry is written, or none.
  BatchResult PostBatch(std::vector<Entry> entries, const std::string& user);
  // Any other write, run alone on the writer's journal. `job` makes its own transactions.
  Status Run(std::function<Status(Journal&)> job);
  Status LogAccess(std::vector<AccessRecord> records);

  // Stops taking writes (they get Unavailable), finishes every write already queued, and returns.
  void Stop();

  struct Stats {
    long long transactions = 0;  // group commits of single posts
    long long posts = 0;         // single posts written through them
    long long largest_group = 0;
  };
  Stats stats();
  std::size_t queued();

 private:
  struct Job;
  Writer(std::unique_ptr<Journal> journal, Options options);
  Status Enqueue(std::shared_ptr<Job> job);
  void Loop();
  // Answers Unavailable to the jobs that waited past options_.start_deadline (leaving null in
  // their place), and writes every access-log job's records in one transaction.
  void AnswerLateAndLogs(std::deque<std::shared_ptr<Job>>& jobs);
  void RunAlone(Job& job);  // a batch or a run
  void WriteGroup(std::vector<std::shared_ptr<Job>>& posts);

  std::unique_ptr<Journal> journal_;
  Options options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Job>> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace poolbook::api
