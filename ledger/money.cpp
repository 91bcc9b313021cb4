#include "ledger/money.h"

#include "ledger/limits.h"

namespace poolbook {
namespace {

std::string Quote(std::string_view text) {
  constexpr std::size_t kShown = 40;
  std::string shown(text.substr(0, kShown));
  if (text.size() > kShown) shown += "...";
  return "\"" + shown + "\"";
}

Status Refuse(std::string_view text, const std::string& why) {
  return InvalidArgument("amount " + Quote(text) + " " + why +
                         "; write amounts like \"1234.56\" or \"-0.01\" (pounds, at most two decimals)");
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

StatusOr<Money> Money::Parse(std::string_view text) {
  if (text.empty()) return Refuse(text, "is empty");
  if (text.size() > limits::kAmountTextBytesMax) return Refuse(text, "is too long to be an amount");
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '+') return Refuse(text, "has a '+' sign (only '-' is allowed)");
  if (text[0] == '-') {
    negative = true;
    i = 1;
  }
  std::size_t int_start = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  std::size_t int_digits = i - int_start;
  std::size_t frac_digits = 0;
  std::size_t frac_start = 0;
  if (i < text.size() && text[i] == '.') {
    frac_start = ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    frac_digits = i - frac_start;
    if (frac_digits == 0) return Refuse(text, "has no digits after the decimal point");
  }
  if (i != text.size()) {
    char c = text[i];
    if (c == ',') return Refuse(text, "has a thousands separator");
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return Refuse(text, "contains a space");
    if (c == 'e' || c == 'E') return Refuse(text, "uses an exponent");
    if (c == '.') return Refuse(text, "has more than one decimal point");
    return Refuse(text, "is not a number");
  }
  if (int_digits == 0) return Refuse(text, "has no digits before the decimal point");
  if (frac_digits > 2) return Refuse(text, "has more than two decimal places (pence are the smallest unit)");

  // Accumulate in 128 bits: at most 31 digits fit comfortably, and the range check follows.
  Int128 pence = 0;
  for (std::size_t k = int_start; k < int_start + int_digits; ++k) {
    pence = pence * 10 + (text[k] - '0');
    if (pence > Int128(limits::kPenceMax))
      return Refuse(text, "is beyond the largest amount the ledger can hold");
  }
  for (std::size_t k = 0; k < 2; ++k) {
    pence *= 10;
    if (k < frac_digits) pence += (text[frac_start + k] - '0');
  }
  if (pence > Int128(limits::kPenceMax))
    return Refuse(text, "is beyond the largest amount the ledger can hold");
  return Money(negative ? -pence : pence);
}

std::string Money::ToString() const {
  Int128 magnitude = pence_ < 0 ? Int128(-pence_) : pence_;
  Int128 pounds = magnitude / 100;
  int pennies = static_cast<int>(magnitude % 100);
  std::string out = pence_ < 0 ? "-" : "";
  out += pounds.str();
  out += '.';
  out += static_cast<char>('0' + pennies / 10);
  out += static_cast<char>('0' + pennies % 10);
  return out;
}

bool Money::fits_storage() const {
  return pence_ <= Int128(limits::kPenceMax) && pence_ >= -Int128(limits::kPenceMax);
}

std::int64_t Money::pence64() const {
  POOLBOOK_INVARIANT(fits_storage(), "amount beyond the storable range");
  return pence_.convert_to<std::int64_t>();
}

}  // namespace poolbook
