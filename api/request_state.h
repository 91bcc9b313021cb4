// What the server knows about the request a thread is serving: set before routing, read by the
// request log after it. Each serving thread holds one request at a time, so the state is
// thread-local.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace poolbook::api {

// The response header that carries the request id (also read from a request that brings one).
inline constexpr const char* kRequestIdHeader = "Request-Id";

struct RequestState {
  std::chrono::steady_clock::time_point start;
  std::string id;  // the request id: the client's, or made by the server
  std::string user, role;
  bool overloaded = false;   // accepted past limits.queue_max: answered 503 at once
  std::size_t streamed = 0;  // body bytes of a streamed reply handed to the connection
};

// The state of the request this thread is serving.
RequestState& CurrentRequest();
// Starts a request: its start time, no user yet, and its id: `client_id` when it is a usable id
// (1 to 64 of A-Z a-z 0-9 . _ -), else a new random one.
void BeginRequest(const std::string& client_id);
// The current request's id, made now when it has none (a request refused before routing).
const std::string& CurrentRequestId();
// Returns the state for the request's log line and clears it for the next request on this thread
// (a request refused before routing never sets it: no stale user or id).
RequestState EndRequest();
// Runs `fn` (serving one connection) as an overloaded request: answered 503 at once.
void RunOverloaded(std::function<void()>& fn);

}  // namespace poolbook::api
