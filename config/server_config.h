// The server's configuration (config/poolbook.json is the example; docs/operations.md the
// reference): where the ledger is, where to listen, TLS, the pseudonym secret, and every limit.
// Each setting can be overridden by an environment variable (POOLBOOK_<NAME>, upper case; the
// limits as POOLBOOK_LIMIT_<NAME>), which wins over the file.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "ledger/status.h"

namespace poolbook::config {

// The server's limits. Each is checked against its own range when read (ServerLimitRange) and
// tested at and just past its bound (tests/api/limits_test.cpp).
struct ServerLimits {
  long long body_bytes_max = 8 * 1024 * 1024;  // a request body; larger ones get 413 unread
  long long postings_per_entry_max = 1000;     // also the ledger's own ceiling
  long long entries_per_batch_max = 5000;      // POST /api/v1/entries/batch
  long long page_size_max = 1000;              // list endpoints' ?limit=
  long long read_timeout_seconds = 10;         // to receive a request once a connection is open
  long long write_timeout_seconds = 10;        // to send a response
  long long request_timeout_seconds = 30;      // a write not begun by then is refused (503), unwritten
  long long threads = 64;                      // connections served at once
  long long queue_max = 256;                   // accepted connections waiting for a thread; past it 503
  long long write_queue_max = 10000;           // writes waiting for the writer; past it 503
  long long keep_alive_max_count = 1000;       // requests on one connection before it is closed
  long long keep_alive_timeout_seconds = 5;    // an idle kept-alive connection is closed after this
};

struct ServerConfig {
  std::string database = "poolbook.db";  // an SQLite file path or sqlite3://db=FILE
  std::string bind = "127.0.0.1";
  int port = 8080;                // 0: any free port (tests)
  std::string tls_cert, tls_key;  // both set: HTTPS; neither: plain HTTP
  std::string pseudonym_secret;   // keys NHS-number pseudonyms; at least 32 bytes when set
  std::string access_log = "-";   // structured request log lines: "-" standard error, else a file
  ServerLimits limits;
};

// One integer setting of ServerLimits: its name in the file, its range.
struct LimitSetting {
  const char* name;
  long long ServerLimits::*field;
  long long min, max;
};
const std::vector<LimitSetting>& LimitSettings();

// Reads `path` (empty: the defaults), then applies the environment through `getenv` (tests pass
// their own). Refuses unknown settings, wrong types and values outside their range, naming the
// setting and where it came from.
using GetEnv = std::function<const char*(const char*)>;
StatusOr<ServerConfig> LoadServerConfig(const std::string& path, const GetEnv& getenv);

}  // namespace poolbook::config
