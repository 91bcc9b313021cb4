#include "reports/export_text.h"

#include <array>

#include "ledger/money.h"
#include "ledger/store/export_store.h"
#include "reports/csv.h"

namespace poolbook::reports::internal {
namespace {

// Characters that neither CSV quoting nor formula neutralising can touch: text made only of these
// (and not starting with '-') is its own cell, so most cells are appended without CsvText's copy.
constexpr std::array<bool, 256> PlainCsvBytes() {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (char c : {' ', ':', '.', '_', '/', '-'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kPlainCsv = PlainCsvBytes();

// Characters allowed in the account names written to the journal export (poolbook's own book,
// account and partner names: letters, digits, '_', '.', '-' and ':').
constexpr std::array<bool, 256> NameBytes() {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (char c : {'_', '.', '-', ':'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kNameBytes = NameBytes();

// The length of the UTF-8 sequence starting at text[i] when it is whole, well-formed and not a
// surrogate; 0 otherwise. `cp` receives its code point.
std::size_t Utf8Length(std::string_view text, std::size_t i, std::uint32_t& cp) {
  const auto c = static_cast<unsigned char>(text[i]);
  const std::size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  bool valid = n != 0 && i + n <= text.size();
  for (std::size_t k = 1; valid && k < n; ++k) {
    const auto cc = static_cast<unsigned char>(text[i + k]);
    valid = (cc >> 6) == 0x2;
    cp = (cp << 6) | (cc & 0x3F);
  }
  static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  valid = valid && cp >= kMinForLength[n] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
  return valid ? n : 0;
}

}  // namespace

void AppendInt(std::string& out, std::int64_t v) {
  char tmp[24];
  char* const end = tmp + sizeof tmp;
  char* p = end;
  std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) *--p = '-';
  out.append(p, end);
}

void AppendAmount(std::string& out, std::int64_t pence) { out += Money::FromPence(pence).ToString(); }

void AppendCsvText(std::string& out, std::string_view text) {
  bool plain = text.empty() || text[0] != '-';
  for (std::size_t i = 0; plain && i < text.size(); ++i)
    plain = kPlainCsv[static_cast<unsigned char>(text[i])];
  if (plain) {
    out.append(text);
  } else {
    out += CsvText(text);
  }
}

void AppendJournalLine(std::string& out, std::string_view text, bool comment) {
  const std::size_t start = out.size();
  bool space = true;  // drops leading spaces and collapses runs
  auto put_space = [&] {
    if (!space) out += ' ';
    space = true;
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F || c == ' ') {
        put_space();
      } else {
        out += c == ';' && !comment ? ',' : static_cast<char>(c);
        space = false;
      }
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t n = Utf8Length(text, i, cp);
    if (n == 0) {
      out += '?';
      space = false;
      ++i;
    } else if (cp <= 0x9F || cp == 0x2028 || cp == 0x2029) {
      // C1 controls (NEL among them) and the Unicode line and paragraph separators break lines too.
      put_space();
      i += n;
    } else {
      out.append(text.substr(i, n));
      space = false;
      i += n;
    }
  }
  if (out.size() > start && out.back() == ' ') out.pop_back();
}

void AppendJournalName(std::string& out, std::string_view name, const char* what, long long entry_id) {
  bool ok = !name.empty() && name.front() != ':' && name.back() != ':';
  for (char c : name) ok = ok && kNameBytes[static_cast<unsigned char>(c)];
  if (!ok) {
    throw store::StoredValueError("entry " + std::to_string(entry_id) + ": the " + what + " \"" +
                                  std::string(name) +
                                  "\" cannot be written as part of a journal account name");
  }
  out.append(name);
}

}  // namespace poolbook::reports::internal
