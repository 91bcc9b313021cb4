#include "api/writer.h"

#include "ledger/limits.h"

namespace poolbook::api {

struct Writer::Job {
  enum Kind { kPost, kBatch, kRun, kLog } kind = kPost;
  std::chrono::steady_clock::time_point queued_at = std::chrono::steady_clock::now();
  std::string user;
  std::vector<Entry> entries;  // kPost: one; kBatch: many
  std::function<Status(Journal&)> run;
  std::vector<AccessRecord> records;
  std::promise<BatchResult> done;  // kRun and kLog answer with one result carrying their Status
};

namespace {

// `n` answers of `st`. An OK answer (a run or an access-log write, which write no entry of their
// own) carries an empty receipt: a StatusOr is never made from an OK Status.
BatchResult Answer(std::size_t n, const Status& st) {
  BatchResult r;
  r.results.assign(n == 0 ? 1 : n, st.ok() ? StatusOr<Receipt>(Receipt{}) : StatusOr<Receipt>(st));
  return r;
}

Status FirstStatus(const BatchResult& r) {
  return r.results.empty() || r.results[0].ok() ? Status::Ok() : r.results[0].status();
}

}  // namespace

StatusOr<std::unique_ptr<Writer>> Writer::Start(const std::string& connection, Clock clock, Options options) {
  auto j = Journal::Open(connection, std::move(clock));
  if (!j.ok()) return j.status();
  std::unique_ptr<Writer> w(new Writer(std::move(*j), options));
  w->thread_ = std::thread([p = w.get()] { p->Loop(); });
  return w;
}

Writer::Writer(std::unique_ptr<Journal> journal, Options options)
    : journal_(std::move(journal)), options_(options) {}

Writer::~Writer() { Stop(); }

void Writer::Stop() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status Writer::Enqueue(std::shared_ptr<Job> job) {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (stopping_) return Unavailable("the server is stopping; nothing was written; try again shortly");
    if (queue_.size() >= options_.queue_max) {
      return Unavailable("the server has " + std::to_string(options_.queue_max) +
                         " writes waiting already; nothing was written; try again shortly");
    }
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return Status::Ok();
}

StatusOr<Receipt> Writer::Post(Entry entry, const std::string& user) {
  auto job = std::make_shared<Job>();
  job->kind = Job::kPost;
  job->user = user;
  job->entries.push_back(std::move(entry));
  auto f = job->done.get_future();
  POOLBOOK_RETURN_IF_ERROR(Enqueue(job));
  BatchResult r = f.get();
  return std::move(r.results[0]);
}

BatchResult Writer::PostBatch(std::vector<Entry> entries, const std::string& user) {
  auto job = std::make_shared<Job>();
  job->kind = Job::kBatch;
  job->user = user;
  const std::size_t n = entries.size();
  job->entries = std::move(entries);
  auto f = job->done.get_future();
  if (Status st = Enqueue(job); !st.ok()) return Answer(n, st);
  return f.get();
}

Status Writer::Run(std::function<Status(Journal&)> fn) {
  auto job = std::make_shared<Job>();
  job->kind = Job::kRun;
  job->run = std::move(fn);
  auto f = job->done.get_future();
  POOLBOOK_RETURN_IF_ERROR(Enqueue(job));
  return FirstStatus(f.get());
}

Status Writer::LogAccess(std::vector<AccessRecord> records) {
  if (records.empty()) return Status::Ok();
  auto job = std::make_shared<Job>();
  job->kind = Job::kLog;
  job->records = std::move(records);
  auto f = job->done.get_future();
  POOLBOOK_RETURN_IF_ERROR(Enqueue(job));
  return FirstStatus(f.get());
}

Writer::Stats Writer::stats() {
  std::lock_guard<std::mutex> l(mu_);
  return stats_;
}

std::size_t Writer::queued() {
  std::lock_guard<std::mutex> l(mu_);
  return queue_.size();
}

void Writer::WriteGroup(std::vector<std::shared_ptr<Job>>& posts) {
  if (posts.empty()) return;
  std::vector<Entry> entries;
  PostOptions o;
  o.mode = BatchMode::kEach;
  entries.reserve(posts.size());
  o.users.reserve(posts.size());
  for (auto& j : posts) {
    entries.push_back(std::move(j->entries[0]));
    o.users.push_back(j->user);
  }
  BatchResult r;
  try {
    r = journal_->PostBatch(entries, o);
  } catch (...) {
    r = Answer(posts.size(), Internal("writing the entries failed unexpectedly; nothing was written"));
  }
  POOLBOOK_INVARIANT(r.results.size() == posts.size(), "a group commit answered a different number of posts");
  {
    std::lock_guard<std::mutex> l(mu_);
    ++stats_.transactions;
    stats_.posts += static_cast<long long>(posts.size());
    stats_.largest_group = std::max<long long>(stats_.largest_group, static_cast<long long>(posts.size()));
  }
  for (std::size_t i = 0; i < posts.size(); ++i) {
    BatchResult one;
    one.results.push_back(std::move(r.results[i]));
    posts[i]->done.set_value(std::move(one));
  }
  posts.clear();
}

void Writer::AnswerLateAndLogs(std::deque<std::shared_ptr<Job>>& jobs) {
  const auto now = std::chrono::steady_clock::now();
  std::vector<AccessRecord> records;
  std::vector<std::shared_ptr<Job>> logs;
  for (auto& job : jobs) {
    if (now - job->queued_at > options_.start_deadline) {
      job->done.set_value(
          Answer(job->entries.size(), Unavailable("the server was too busy to begin this write within " +
                                                  std::to_string(options_.start_deadline.count() / 1000) +
                                                  " seconds; nothing was written; try again")));
      job.reset();
    } else if (job->kind == Job::kLog) {
      records.insert(records.end(), job->records.begin(), job->records.end());
      logs.push_back(std::move(job));
    }
  }
  if (logs.empty()) return;
  Status st;
  try {
    store::WriteTransaction tx(journal_->db());
    InsertAccessRecords(journal_->db(), records);
    tx.Commit();
  } catch (const std::exception& e) {
    st = store::FromDatabaseError(e, "writing the access log");
  }
  for (auto& j : logs) j->done.set_value(Answer(1, st));
}

void Writer::RunAlone(Job& job) {
  if (job.kind == Job::kBatch) {
    PostOptions o;
    o.mode = BatchMode::kAllOrNothing;
    o.user = job.user;
    BatchResult r;
    try {
      r = journal_->PostBatch(job.entries, o);
    } catch (...) {
      r = Answer(job.entries.size(), Internal("writing the batch failed unexpectedly; nothing was written"));
    }
    job.done.set_value(std::move(r));
  } else if (job.kind == Job::kRun) {
    Status st;
    try {
      st = job.run(*journal_);
    } catch (const std::exception& e) {
      st = Internal(std::string("a write failed: ") + e.what());
    } catch (...) {
      st = Internal("a write failed unexpectedly");
    }
    job.done.set_value(Answer(1, st));
  }
}

void Writer::Loop() {
  for (;;) {
    std::deque<std::shared_ptr<Job>> jobs;
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait(l, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every queued write is done
      jobs.swap(queue_);
    }
    AnswerLateAndLogs(jobs);
    // In arrival order: runs of single posts are written together; anything else alone.
    std::vector<std::shared_ptr<Job>> posts;
    for (auto& job : jobs) {
      if (!job || job->kind == Job::kLog) continue;
      if (job->kind == Job::kPost) {
        posts.push_back(job);
        if (posts.size() >= limits::kEntriesPerCommitMax) WriteGroup(posts);
        continue;
      }
      WriteGroup(posts);
      RunAlone(*job);
    }
    WriteGroup(posts);
  }
}

}  // namespace poolbook::api
