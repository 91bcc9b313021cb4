#include "api/streaming.h"

#include <streambuf>

#include "api/request_state.h"

namespace poolbook::api {
namespace {

// A stream whose bytes go to the HTTP library's sink as they come (one chunk per write); a write
// the connection refuses (closed, or not taken within write_timeout_seconds) fails the stream.
class SinkBuf : public std::streambuf {
 public:
  explicit SinkBuf(httplib::DataSink& sink) : sink_(sink) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n <= 0) return 0;  // the library would read an empty chunk as the end of the body
    if (!sink_.write(s, static_cast<std::size_t>(n))) return 0;
    CurrentRequest().streamed += static_cast<std::size_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
  }

 private:
  httplib::DataSink& sink_;
};

// A streamed reply in flight: what writes it, then what it writes from, released in that order
// once the body is written, or when the response is dropped (the client went away first).
struct Streaming {
  std::function<Status(std::ostream&)> write;
  std::shared_ptr<void> hold;
  void Release() {
    write = nullptr;
    hold.reset();
  }
  ~Streaming() { Release(); }
};

}  // namespace

void SetStreamedBody(httplib::Response& res, const std::string& content_type,
                     std::function<Status(std::ostream&)> write, std::shared_ptr<void> hold,
                     const std::function<void(const Status&)>& aborted) {
  auto s = std::make_shared<Streaming>();
  s->write = std::move(write);
  s->hold = std::move(hold);
  res.set_chunked_content_provider(content_type, [s, aborted](std::size_t, httplib::DataSink& sink) {
    if (!s->write) return false;  // written once only
    SinkBuf buf(sink);
    std::ostream out(&buf);
    Status st = s->write(out);
    if (st.ok() && !out.flush()) st = Internal("the connection refused the rest of the body");
    s->Release();  // the read transaction and the slot, before the last chunk
    if (!st.ok()) {
      aborted(st);
      return false;
    }
    sink.done();
    return true;
  });
}

}  // namespace poolbook::api
