#include "config/fund_file.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ledger/fund/agreement_json.h"

namespace poolbook::config {

StatusOr<fund::Agreement> LoadFundFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open the fund file \"" + path + "\"", "file");
  std::string text;
  text.resize(fund::kAgreementBytesMax + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > fund::kAgreementBytesMax) {
    return InvalidArgument("the fund file \"" + path + "\" is larger than " +
                               std::to_string(fund::kAgreementBytesMax / 1024) + " KiB",
                           "file");
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the offset of the fault; turn it into a line and column.
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return InvalidArgument("the fund file \"" + path + "\" is not valid JSON at line " +
                               std::to_string(line) + ", column " + std::to_string(column),
                           "file");
  }
  auto agreement = fund::AgreementFromJson(j);
  if (!agreement.ok()) return agreement.status().WithContext("fund file \"" + path + "\"");
  return agreement;
}

}  // namespace poolbook::config
