// Reading the fund's records as they stood at a past moment ("as at"): only the records created,
// and the events recorded, at or before it, and what a record had committed or paid summed from the
// postings of those events (the kept sums hold only "now"). Record rows and events are
// append-only, so the same moment always reads the same. A moment is a UTC timestamp written as
// recorded_at is ("2026-01-31T23:59:59.999999Z"); none means now.
#pragma once

#include <optional>
#include <string>

namespace poolbook::store {

using AsAt = std::optional<std::string>;

// The bound a recorded time is compared with (recorded_at <= bound): the moment, or, for now, a
// text after every timestamp.
inline std::string AsAtBound(const AsAt& as_at) { return as_at.value_or("9999"); }

}  // namespace poolbook::store
