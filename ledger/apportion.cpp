#include "ledger/apportion.h"

#include <algorithm>
#include <numeric>

#include "ledger/limits.h"

namespace poolbook {

StatusOr<std::vector<Money>> Apportion(const Money& total, const std::vector<Rational>& weights) {
  if (weights.empty()) return InvalidArgument("cannot split an amount between no parts");
  if (weights.size() > limits::kApportionPartsMax) {
    return InvalidArgument("cannot split an amount into more than " +
                           std::to_string(limits::kApportionPartsMax) + " parts");
  }
  Rational weight_sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] < 0) return InvalidArgument("share " + std::to_string(i + 1) + " is negative");
    weight_sum += weights[i];
  }
  if (weight_sum == 0) return InvalidArgument("every share is zero, so there is nothing to split by");

  using boost::multiprecision::cpp_int;
  const cpp_int magnitude(total.pence() < 0 ? Int128(-total.pence()) : total.pence());
  std::vector<cpp_int> floors(weights.size());
  std::vector<Rational> remainders(weights.size());
  cpp_int allotted = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    Rational exact = Rational(magnitude) * weights[i] / weight_sum;
    floors[i] = numerator(exact) / denominator(exact);  // exact >= 0, so truncation is floor
    remainders[i] = exact - Rational(floors[i]);
    allotted += floors[i];
  }
  cpp_int leftover = magnitude - allotted;
  POOLBOOK_INVARIANT(leftover >= 0 && leftover < cpp_int(weights.size()), "apportion leftover out of range");

  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  const auto extra = leftover.convert_to<std::size_t>();
  for (std::size_t k = 0; k < extra; ++k) floors[order[k]] += 1;

  std::vector<Money> parts;
  parts.reserve(weights.size());
  Int128 check = 0;
  for (const cpp_int& f : floors) {
    Int128 pence = f.convert_to<Int128>();
    if (total.pence() < 0) pence = -pence;
    check += pence;
    parts.push_back(Money::FromPence(pence));
  }
  POOLBOOK_INVARIANT(check == total.pence(), "apportioned parts do not sum to the total");
  return parts;
}

}  // namespace poolbook
