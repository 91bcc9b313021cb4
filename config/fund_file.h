// Reads the fund description (config/example-fund.json is the example; docs/fund.md the format).
#pragma once

#include <string>

#include "ledger/fund/agreement.h"

namespace poolbook::config {

// Reads, parses and validates the fund file at `path`. Refuses a file over
// fund::kAgreementBytesMax, malformed JSON (with the line and column), and anything
// fund::AgreementFromJson refuses; the message names the file.
StatusOr<fund::Agreement> LoadFundFile(const std::string& path);

}  // namespace poolbook::config
