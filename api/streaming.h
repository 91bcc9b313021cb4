// Streamed replies: a body written while it is sent (chunked), for one too large to hold.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "ledger/status.h"

namespace poolbook::api {

// Sends what `write` writes as the chunked body of `res`, with `content_type`. `write` runs once;
// it and `hold` (what it writes from: a read connection, a slot) are released once the body is
// written, or when the response is dropped (the client went away first). Once the status line is
// out a failure can only cut the connection: `aborted` is told why, and the connection is cut so
// that the client sees the body did not end.
void SetStreamedBody(httplib::Response& res, const std::string& content_type,
                     std::function<Status(std::ostream&)> write, std::shared_ptr<void> hold,
                     const std::function<void(const Status&)>& aborted);

}  // namespace poolbook::api
