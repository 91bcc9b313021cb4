// Exact apportionment of an amount by shares (largest-remainder method).
//
// Apportion(total, weights) splits `total` into one part per weight, such that:
//   - the parts sum to `total` exactly, to the penny;
//   - each part is within 1p of its exact share total * w_i / sum(w);
//   - a part whose weight is zero is zero;
//   - Apportion(-total, w) is the negation of Apportion(total, w), and scaling every weight by the
//     same factor changes nothing.
// Rule: each part first gets its exact share of |total| rounded down to a whole penny; the pennies
// left over (fewer than the number of parts) go one each to the parts with the largest fractional
// remainders; among equal remainders the part listed first wins. The sign of `total` is applied last.
// Weights are exact rationals (cpp_rational): contributions in pence, or percentages like 50/100.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <vector>

#include "ledger/money.h"
#include "ledger/status.h"

namespace poolbook {

using Rational = boost::multiprecision::cpp_rational;

// Refuses: no weights, more than limits::kApportionPartsMax, a negative weight, all weights zero.
StatusOr<std::vector<Money>> Apportion(const Money& total, const std::vector<Rational>& weights);

}  // namespace poolbook
