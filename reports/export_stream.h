// What the audit and journal exports share: the entry an export runs through, the buffer that
// hands their bytes to the stream a chunk at a time, the Status a failure becomes, and the files
// written through PATH.tmp and renamed into place.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>

#include "ledger/sha256.h"
#include "ledger/status.h"
#include "ledger/store/database.h"

namespace poolbook::reports::internal {

// Output is gathered in a buffer and handed to the stream (and the digest) in chunks of this size.
inline constexpr std::size_t kChunkBytes = 256 * 1024;

// The stream refused the bytes (disk full, closed pipe): not the database's fault.
struct WriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Collects output in `buf` and writes it to the stream (feeding the digest, if any) a chunk at a
// time. Throws WriteError when the stream refuses the bytes.
class Sink {
 public:
  Sink(std::ostream& out, Sha256* sha) : out_(out), sha_(sha) { buf.reserve(kChunkBytes + 64 * 1024); }
  std::string buf;
  // Called after each row: writes the buffer once it holds a chunk.
  void RowDone() {
    if (buf.size() >= kChunkBytes) Flush();
  }
  void Flush();

 private:
  std::ostream& out_;
  Sha256* sha_;
};

// `through` checked against the last entry of the snapshot (the caller's read transaction), or
// that last entry when not given. InvalidArgument on "through" when it is negative or past it.
StatusOr<long long> Bound(store::Database& db, std::optional<long long> through);

// The Status of an export (`what`: "audit export") stopped by `e`: Internal, saying whether the
// stream, a stored value or the database failed.
Status ExportFailure(const std::exception& e, const std::string& what);

// Runs `write` on PATH.tmp; on success the finished file is PATH.tmp, on disk (the caller renames
// it). InvalidArgument on "path" when it cannot be opened; nothing is left behind on a failure.
Status WriteTemp(const std::string& path, const std::function<Status(std::ostream&)>& write);

// Renames PATH.tmp to PATH; Internal (PATH.tmp removed) when it cannot.
Status RenameIntoPlace(const std::string& path);

}  // namespace poolbook::reports::internal
