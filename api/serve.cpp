#include "api/serve.h"

#include <signal.h>

#include <atomic>
#include <ostream>
#include <thread>

#include "api/cli.h"
#include "api/server.h"

namespace poolbook::api {

int RunServe(const config::ServerConfig& config, std::ostream& out, std::ostream& err) {
  // Block the stop signals in every thread the server makes; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto server = Server::Create(config);
  if (!server.ok()) {
    err << "poolbook: " << server.status().message() << "\n";
    return kExitRefused;
  }
  auto port = (*server)->Bind();
  if (!port.ok()) {
    err << "poolbook: " << port.status().message() << "\n";
    return kExitRefused;
  }
  out << "Poolbook is serving " << config.database << " at " << (*server)->BaseUrl()
      << " (health: " << (*server)->BaseUrl() << "/healthz; SIGTERM or Ctrl-C stops it)" << std::endl;

  std::atomic<bool> done{false};
  std::thread watcher([&] {
    const timespec tick{0, 200'000'000};
    while (!done) {
      if (sigtimedwait(&stop_signals, nullptr, &tick) > 0) {
        out << "Stopping: finishing requests in flight and writing what is queued..." << std::endl;
        // Until Listen() returns: a signal during start-up must not be lost.
        while (!done) {
          (*server)->Stop();
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return;
      }
    }
  });
  (*server)->Listen();  // returns once stopped, every connection finished and every write written
  done = true;
  watcher.join();
  const Writer::Stats s = (*server)->writer().stats();
  out << "Stopped. " << s.posts << " single posts were written in " << s.transactions << " group commits."
      << std::endl;
  return kExitOk;
}

}  // namespace poolbook::api
