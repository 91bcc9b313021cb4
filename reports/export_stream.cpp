#include "reports/export_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "ledger/store/export_store.h"

namespace poolbook::reports::internal {

void Sink::Flush() {
  if (buf.empty()) return;
  if (sha_ != nullptr) sha_->Update(buf);
  out_.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (!out_) throw WriteError("the output refused the export's bytes");
  buf.clear();
}

StatusOr<long long> Bound(store::Database& db, std::optional<long long> through) {
  auto head = store::LastEntryId(db);
  if (!head.ok()) return head.status();
  if (!through) return *head;
  if (*through < 0 || *through > *head) {
    return InvalidArgument("through is entry " + std::to_string(*through) +
                               ", but the last entry recorded is " + std::to_string(*head),
                           "through");
  }
  return *through;
}

Status ExportFailure(const std::exception& e, const std::string& what) {
  if (dynamic_cast<const WriteError*>(&e) != nullptr) {
    return Internal("writing the " + what + " failed: " + e.what());
  }
  if (dynamic_cast<const store::StoredValueError*>(&e) != nullptr) {
    return Internal("the " + what + " stopped: " + e.what());
  }
  return Internal("the database failed while writing the " + what + ": " + e.what());
}

Status WriteTemp(const std::string& path, const std::function<Status(std::ostream&)>& write) {
  const std::string tmp = path + ".tmp";
  std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
  if (!f) {
    return InvalidArgument("cannot write the export to \"" + path + "\": " + std::strerror(errno), "path");
  }
  Status st = write(f);
  f.close();
  if (st.ok() && f.fail()) st = Internal("writing \"" + tmp + "\" failed");
  if (st.ok()) {
    // On disk before it is renamed into place.
    const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) st = Internal("could not flush \"" + tmp + "\" to disk");
    if (fd >= 0) ::close(fd);
  }
  if (!st.ok()) std::remove(tmp.c_str());
  return st;
}

Status RenameIntoPlace(const std::string& path) {
  const std::string tmp = path + ".tmp";
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return Internal("could not move the finished export into place at \"" + path + "\": " + why);
  }
  return Status::Ok();
}

}  // namespace poolbook::reports::internal
