#include "api/request_log.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

namespace poolbook::api {
namespace {

// One JSON object built member by member, in the order written (the log's readers see the fields
// in a fixed order). Strings with invalid UTF-8 (a path that carried raw bytes) are replaced,
// never thrown on.
class JsonLine {
 public:
  JsonLine& Str(const char* name, const std::string& value) {
    return Raw(name, nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  JsonLine& Num(const char* name, long long value) { return Raw(name, std::to_string(value)); }
  JsonLine& Raw(const char* name, const std::string& value) {
    text_ += (text_.empty() ? "{\"" : ",\"") + std::string(name) + "\":" + value;
    return *this;
  }
  std::string Done() const { return text_ + "}"; }

 private:
  std::string text_;
};

}  // namespace

StatusOr<std::unique_ptr<RequestLog>> RequestLog::Open(const std::string& where) {
  std::unique_ptr<RequestLog> log(new RequestLog());
  if (where == "-") {
    log->out_ = &std::cerr;
    return log;
  }
  log->file_ = std::make_unique<std::ofstream>(where, std::ios::app);
  if (!*log->file_) return NotFound("cannot open the access log file \"" + where + "\"");
  log->out_ = log->file_.get();
  return log;
}

void RequestLog::Served(const std::string& at, const std::string& method, const std::string& path, int status,
                        std::size_t bytes, const RequestState& state, const std::string& remote) {
  const double ms =
      state.start.time_since_epoch().count() == 0
          ? 0.0
          : std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - state.start).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms);
  Write(JsonLine()
            .Str("at", at)
            .Str("method", method)
            .Str("path", path)
            .Num("status", status)
            .Raw("ms", buf)
            .Num("bytes", static_cast<long long>(bytes))
            .Str("user", state.user)
            .Str("role", state.role)
            .Str("remote", remote)
            .Str("request_id", state.id)
            .Done());
}

void RequestLog::Aborted(const std::string& at, const std::string& method, const std::string& path,
                         const std::string& why, std::size_t bytes) {
  Write(JsonLine()
            .Str("at", at)
            .Str("method", method)
            .Str("path", path)
            .Str("aborted", why)
            .Num("bytes", static_cast<long long>(bytes))
            .Done());
}

void RequestLog::Error(const std::string& at, const std::string& id, const std::string& method,
                       const std::string& path, const std::string& detail) {
  Write(JsonLine()
            .Str("at", at)
            .Str("request_id", id)
            .Str("method", method)
            .Str("path", path)
            .Str("error", detail)
            .Done());
}

void RequestLog::Write(const std::string& line) {
  std::lock_guard<std::mutex> l(mu_);
  (*out_) << line << '\n';
  out_->flush();
}

}  // namespace poolbook::api
