// Money: an exact count of whole pence. No floating point anywhere.
//
// Arithmetic is Boost.Multiprecision checked_int128_t, so sums of any realistic number of amounts
// are exact and an overflow throws instead of wrapping. What is *stored* must fit a signed 64-bit
// column: see fits_storage() and limits::kPenceMax.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/status.h"

namespace poolbook {

using Int128 = boost::multiprecision::checked_int128_t;

class Money {
 public:
  Money() = default;
  static Money FromPence(const Int128& pence) { return Money(pence); }
  static Money FromPence(std::int64_t pence) { return Money(Int128(pence)); }

  // Parses a decimal amount of pounds: an optional '-', digits, and optionally '.' with one or two
  // digits: "1234.56", "-0.01", "7", "7.5". Refuses (quoting the text) anything else: more than two
  // decimals, exponents, thousands separators, spaces, '+', empty text, NaN/inf, and amounts
  // beyond ±limits::kPenceMax pence.
  static StatusOr<Money> Parse(std::string_view text);

  // The exact inverse of Parse: "-" if negative, whole pounds, '.', exactly two digits of pence.
  std::string ToString() const;

  const Int128& pence() const { return pence_; }
  // The pence as a 64-bit integer. Requires fits_storage().
  std::int64_t pence64() const;
  bool fits_storage() const;
  bool is_zero() const { return pence_ == 0; }
  int sign() const { return pence_ < 0 ? -1 : (pence_ > 0 ? 1 : 0); }

  Money operator-() const { return Money(-pence_); }
  Money operator+(const Money& o) const { return Money(pence_ + o.pence_); }
  Money operator-(const Money& o) const { return Money(pence_ - o.pence_); }
  Money& operator+=(const Money& o) {
    pence_ += o.pence_;
    return *this;
  }
  Money& operator-=(const Money& o) {
    pence_ -= o.pence_;
    return *this;
  }
  friend bool operator==(const Money& a, const Money& b) { return a.pence_ == b.pence_; }
  friend bool operator<(const Money& a, const Money& b) { return a.pence_ < b.pence_; }
  friend bool operator<=(const Money& a, const Money& b) { return a.pence_ <= b.pence_; }
  friend bool operator>(const Money& a, const Money& b) { return a.pence_ > b.pence_; }
  friend bool operator>=(const Money& a, const Money& b) { return a.pence_ >= b.pence_; }

 private:
  explicit Money(const Int128& pence) : pence_(pence) {}
  Int128 pence_ = 0;
};

}  // namespace poolbook
