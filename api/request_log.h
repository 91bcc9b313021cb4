// The server's log: one JSON object per line, to a file or to stderr. It holds a line for every
// request served, a line for every streamed reply cut short, and a line for every internal error
// with the request id its client was given, so that the client's id finds the detail.
#pragma once

#include <memory>
#include <mutex>
#include <ostream>
#include <string>

#include "api/request_state.h"
#include "ledger/status.h"

namespace poolbook::api {

class RequestLog {
 public:
  // Opens the log: "-" is stderr; anything else a file, appended to (NotFound when it cannot be).
  static StatusOr<std::unique_ptr<RequestLog>> Open(const std::string& where);

  // A request served: its method, path, status, time taken, bytes sent, user and role.
  void Served(const std::string& at, const std::string& method, const std::string& path, int status,
              std::size_t bytes, const RequestState& state, const std::string& remote);
  // A streamed reply cut short after `bytes` (its status line was out): why.
  void Aborted(const std::string& at, const std::string& method, const std::string& path,
               const std::string& why, std::size_t bytes);
  // An internal error answered 500 as request `id`: the detail its client is not shown.
  void Error(const std::string& at, const std::string& id, const std::string& method, const std::string& path,
             const std::string& detail);

 private:
  RequestLog() = default;
  void Write(const std::string& line);
  std::mutex mu_;
  std::unique_ptr<std::ostream> file_;
  std::ostream* out_ = nullptr;
};

}  // namespace poolbook::api
