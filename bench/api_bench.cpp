// api_bench: durable single-entry posts per second, with p50/p99 latency, at 1, 16 and 64
// concurrent clients, and postings per second through the batch endpoint — against a real
// server (in this process, on an ephemeral port) on an SQLite file with synchronous=FULL.
//
//   build/bin/api_bench [--seconds N] [--batches N] [--json FILE]
//
// Each client keeps one connection open and posts one entry per request, waiting for each
// answer: an answer means the entry is durable (the group commit it rode in has committed).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "api/auth.h"
#include "api/server.h"
#include "ledger/journal.h"

using namespace poolbook;
using nlohmann::json;
using Steady = std::chrono::steady_clock;

namespace {

json BenchEntry(const std::string& key) {
  return {{"key", key},
          {"book", "actual"},
          {"date", "2026-11-01"},
          {"memo", "bench"},
          {"postings",
           {{{"account", "pool:cash"}, {"partner", "ICB"}, {"amount", "1.00"}},
            {{"account", "pool:receivable"}, {"partner", "ICB"}, {"amount", "-1.00"}}}}};
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 5;
  int batches = 20;
  std::string json_out;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--seconds") seconds = std::stod(argv[i + 1]);
    if (a == "--batches") batches = std::stoi(argv[i + 1]);
    if (a == "--json") json_out = argv[i + 1];
  }
  const std::string dir = (std::filesystem::temp_directory_path() / "poolbook-api-bench").string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = dir + "/bench.db";
  std::string token;
  {
    auto j = Journal::Open(db);
    if (!j.ok()) return 1;
    (void)(*j)->AddPartner("ICB", "ICB");
    (void)(*j)->OpenAccount("pool:cash", AccountType::kAsset);
    (void)(*j)->OpenAccount("pool:receivable", AccountType::kAsset);
    token = api::CreateUser((*j)->db(), "bench", api::Role::kFinanceOfficer, "bench", "bench", "now")->token;
  }
  config::ServerConfig c;
  c.database = db;
  c.port = 0;
  c.access_log = dir + "/requests.log";
  c.limits.threads = 96;
  auto server = api::Server::Create(c);
  if (!server.ok()) {
    std::cerr << server.status().message() << "\n";
    return 1;
  }
  const int port = *(*server)->Bind();
  std::thread listener([&] { (*server)->Listen(); });
  const httplib::Headers h = {{"Authorization", "Bearer " + token}};

  json results = json::object();
  std::printf("api_bench: durable posts through POST /api/v1/entries, %.0f s per level\n", seconds);
  std::printf("%8s %12s %10s %10s %12s\n", "clients", "posts/s", "p50 ms", "p99 ms", "per commit");
  std::atomic<long long> next{0};
  for (int clients : {1, 16, 64}) {
    std::vector<std::vector<double>> lat(static_cast<std::size_t>(clients));
    std::atomic<bool> stop{false};
    std::atomic<long long> errors{0};
    const auto before = (*server)->writer().stats();
    std::vector<std::thread> ts;
    const auto t0 = Steady::now();
    for (int k = 0; k < clients; ++k) {
      ts.emplace_back([&, k] {
        httplib::Client cl("127.0.0.1", port);
        cl.set_keep_alive(true);
        cl.set_tcp_nodelay(true);
        cl.set_read_timeout(30, 0);
        while (!stop) {
          const std::string body = BenchEntry("b" + std::to_string(next++)).dump();
          const auto s = Steady::now();
          auto r = cl.Post("/api/v1/entries", h, body, "application/json");
          const double ms = std::chrono::duration<double, std::milli>(Steady::now() - s).count();
          if (!r || r->status != 201) {
            if (errors++ == 0)
              std::fprintf(stderr, "first failure, %.0f ms into the run, after %.1f ms: %s\n",
                           std::chrono::duration<double, std::milli>(s - t0).count(), ms,
                           r ? r->body.substr(0, 200).c_str() : httplib::to_string(r.error()).c_str());
            continue;
          }
          lat[static_cast<std::size_t>(k)].push_back(ms);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& t : ts) t.join();
    const double elapsed = std::chrono::duration<double>(Steady::now() - t0).count();
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    const auto after = (*server)->writer().stats();
    const double per_commit = after.transactions > before.transactions
                                  ? static_cast<double>(after.posts - before.posts) /
                                        static_cast<double>(after.transactions - before.transactions)
                                  : 0;
    const double rate = static_cast<double>(all.size()) / elapsed;
    std::printf("%8d %12.0f %10.2f %10.2f %12.1f%s\n", clients, rate, Percentile(all, 0.5),
                Percentile(all, 0.99), per_commit,
                errors ? ("  (" + std::to_string(errors.load()) + " failed)").c_str() : "");
    results["single_" + std::to_string(clients)] = {{"posts_per_second", rate},
                                                    {"p50_ms", Percentile(all, 0.5)},
                                                    {"p99_ms", Percentile(all, 0.99)},
                                                    {"posts_per_commit", per_commit},
                                                    {"errors", errors.load()}};
  }

  // The batch endpoint: 5,000 two-posting entries per request (the default limit), from two
  // clients at once, so one request's JSON is read while the writer commits the other's.
  constexpr int kPerBatch = 5000, kBatchClients = 2;
  std::vector<std::string> bodies;
  for (int b = 0; b < batches; ++b) {
    json list = json::array();
    for (int i = 0; i < kPerBatch; ++i)
      list.push_back(BenchEntry("batch-" + std::to_string(b) + "-" + std::to_string(i)));
    bodies.push_back(json{{"entries", list}}.dump());
  }
  std::atomic<int> next_batch{0}, refused{0};
  std::vector<double> batch_ms;
  std::mutex batch_mu;
  const auto b0 = Steady::now();
  std::vector<std::thread> bt;
  for (int k = 0; k < kBatchClients; ++k) {
    bt.emplace_back([&] {
      httplib::Client cl("127.0.0.1", port);
      cl.set_read_timeout(120, 0);
      cl.set_tcp_nodelay(true);
      for (int b; (b = next_batch++) < batches;) {
        const auto s = Steady::now();
        auto r = cl.Post("/api/v1/entries/batch", h, bodies[static_cast<std::size_t>(b)], "application/json");
        const double ms = std::chrono::duration<double, std::milli>(Steady::now() - s).count();
        if (!r || r->status != 201) {
          ++refused;
          continue;
        }
        std::lock_guard<std::mutex> l(batch_mu);
        batch_ms.push_back(ms);
      }
    });
  }
  for (auto& t : bt) t.join();
  const double wall = std::chrono::duration<double>(Steady::now() - b0).count();
  if (refused) {
    std::cerr << refused << " batches were refused\n";
    return 1;
  }
  const double postings_per_s = 2.0 * kPerBatch * batches / wall;
  std::printf(
      "batch: %d requests of %d entries (%d postings), %d clients: median request %.1f ms, %.0f postings/s\n",
      batches, kPerBatch, 2 * kPerBatch, kBatchClients, Percentile(batch_ms, 0.5), postings_per_s);
  results["batch"] = {{"requests", batches},
                      {"entries_per_request", kPerBatch},
                      {"clients", kBatchClients},
                      {"median_request_ms", Percentile(batch_ms, 0.5)},
                      {"postings_per_second", postings_per_s}};
  (*server)->Stop();
  listener.join();
  if (!json_out.empty()) std::ofstream(json_out) << results.dump(2) << "\n";
  std::filesystem::remove_all(dir);
  return 0;
}
