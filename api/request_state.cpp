#include "api/request_state.h"

#include <openssl/rand.h>

#include <array>

namespace poolbook::api {
namespace {

thread_local RequestState tl_request;

bool UsableId(const std::string& id) {
  return !id.empty() && id.size() <= 64 &&
         id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
             std::string::npos;
}

// 16 hex digits: enough that two requests in one log never share an id.
std::string NewId() {
  std::array<unsigned char, 8> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    static thread_local unsigned long long counter = 0;
    return "local-" + std::to_string(++counter);
  }
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

}  // namespace

RequestState& CurrentRequest() { return tl_request; }

void BeginRequest(const std::string& client_id) {
  tl_request.start = std::chrono::steady_clock::now();
  tl_request.id = UsableId(client_id) ? client_id : NewId();
  tl_request.user.clear();
  tl_request.role.clear();
  tl_request.streamed = 0;
}

const std::string& CurrentRequestId() {
  if (tl_request.id.empty()) tl_request.id = NewId();
  return tl_request.id;
}

RequestState EndRequest() {
  RequestState state = tl_request;
  tl_request.start = {};
  tl_request.id.clear();
  tl_request.user.clear();
  tl_request.role.clear();
  tl_request.streamed = 0;
  return state;
}

void RunOverloaded(std::function<void()>& fn) {
  tl_request.overloaded = true;
  fn();
  tl_request.overloaded = false;
}

}  // namespace poolbook::api
