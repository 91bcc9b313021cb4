// Apportion: largest-remainder splitting of an amount by exact rational shares.
#include "ledger/apportion.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "ledger/limits.h"
#include "testing/seed.h"

namespace poolbook {
namespace {

using boost::multiprecision::cpp_int;

using testing::SeedNote;
using testing::TestSeed;

Money M(std::int64_t pence) { return Money::FromPence(pence); }

std::vector<Rational> W(std::initializer_list<long long> ints) {
  std::vector<Rational> out;
  for (long long i : ints) out.emplace_back(i);
  return out;
}

std::vector<std::string> Texts(const std::vector<Money>& parts) {
  std::vector<std::string> out;
  for (const Money& p : parts) out.push_back(p.ToString());
  return out;
}

std::string Describe(const Money& total, const std::vector<Rational>& weights) {
  std::string s = "total " + total.ToString() + " weights [";
  for (std::size_t i = 0; i < weights.size(); ++i) s += (i ? " " : "") + weights[i].str();
  return s + "]";
}

Rational Abs(const Rational& r) { return r < 0 ? Rational(-r) : r; }
cpp_int Floor(const Rational& r) {  // r >= 0
  return numerator(r) / denominator(r);
}

// ---------------------------------------------------------------------------------------------
// Known cases.

struct Known {
  std::string name;
  std::int64_t total;
  std::vector<Rational> weights;
  std::vector<std::string> parts;
};

std::ostream& operator<<(std::ostream& os, const Known& k) { return os << k.name; }

class ApportionKnownTest : public ::testing::TestWithParam<Known> {};

TEST_P(ApportionKnownTest, SplitsAsExpected) {
  const Known& k = GetParam();
  auto parts = Apportion(M(k.total), k.weights);
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  EXPECT_EQ(Texts(*parts), k.parts);
}

Rational Q(long long n, long long d) { return Rational(n, d); }

INSTANTIATE_TEST_SUITE_P(
    Table, ApportionKnownTest,
    ::testing::Values(
        Known{"DesignExample", 123456, W({600000, 400000}), {"740.74", "493.82"}},
        Known{"DesignExampleNegative", -123456, W({600000, 400000}), {"-740.74", "-493.82"}},
        Known{"ThreeEqualWays", 10000, W({1, 1, 1}), {"33.34", "33.33", "33.33"}},
        Known{"ThirdsAsRationals", 10000, {Q(1, 3), Q(1, 3), Q(1, 3)}, {"33.34", "33.33", "33.33"}},
        Known{"OnePennyThreeWays", 1, W({1, 1, 1}), {"0.01", "0.00", "0.00"}},
        Known{"TwoPenceThreeWays", 2, W({1, 1, 1}), {"0.01", "0.01", "0.00"}},
        Known{"MinusOnePennyThreeWays", -1, W({1, 1, 1}), {"-0.01", "0.00", "0.00"}},
        Known{"MinusTwoPenceThreeWays", -2, W({5, 5, 5}), {"-0.01", "-0.01", "0.00"}},
        // The larger remainder wins even when it is listed later.
        Known{"LargestRemainderNotFirst", 10, W({1, 2}), {"0.03", "0.07"}},
        Known{"LargestRemainderLast", 100, W({1, 1, 5}), {"0.14", "0.14", "0.72"}},
        Known{"EqualRemaindersFirstTwoWin", 100, W({1, 1, 4}), {"0.17", "0.17", "0.66"}},
        Known{"Halves", 5, {Q(50, 100), Q(50, 100)}, {"0.03", "0.02"}},
        Known{"ZeroWeightGetsNothing", 1000, W({0, 1, 1}), {"0.00", "5.00", "5.00"}},
        Known{"ZeroWeightNeverGetsThePenny", 1, W({0, 1, 1}), {"0.00", "0.01", "0.00"}},
        Known{"SinglePart", 123456, W({7}), {"1234.56"}},
        Known{"ZeroTotal", 0, W({1, 2, 3}), {"0.00", "0.00", "0.00"}},
        Known{"Percentages", 99999, {Q(25, 100), Q(25, 100), Q(50, 100)}, {"250.00", "250.00", "499.99"}},
        Known{
            "MaxTotalHalves", limits::kPenceMax, W({1, 1}), {"46116860184273879.04", "46116860184273879.03"}},
        Known{"MinTotalHalves",
              -limits::kPenceMax,
              W({1, 1}),
              {"-46116860184273879.04", "-46116860184273879.03"}}),
    [](const ::testing::TestParamInfo<Known>& info) { return info.param.name; });

// ---------------------------------------------------------------------------------------------
// Refusals.

TEST(ApportionRefusal, NoWeights) {
  auto parts = Apportion(M(100), {});
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.status().code(), Code::kInvalidArgument);
}

TEST(ApportionRefusal, NegativeWeightIsNamed) {
  auto parts = Apportion(M(100), {Rational(1), Rational(-1, 3), Rational(2)});
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.status().code(), Code::kInvalidArgument);
  EXPECT_NE(parts.status().message().find("share 2"), std::string::npos) << parts.status().message();
}

TEST(ApportionRefusal, NegativeWeightRefusedEvenWhenTheSumIsPositive) {
  auto parts = Apportion(M(100), W({5, -1}));
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.status().code(), Code::kInvalidArgument);
}

TEST(ApportionRefusal, AllWeightsZero) {
  for (std::size_t n : {1u, 2u, 20u}) {
    auto parts = Apportion(M(100), std::vector<Rational>(n, Rational(0)));
    ASSERT_FALSE(parts.ok()) << n;
    EXPECT_EQ(parts.status().code(), Code::kInvalidArgument);
  }
  // A zero total does not rescue all-zero weights.
  EXPECT_FALSE(Apportion(M(0), W({0, 0})).ok());
}

TEST(ApportionLimits, ExactlyThePartsMaximumWorks) {
  const std::vector<Rational> weights(limits::kApportionPartsMax, Rational(1));
  auto parts = Apportion(M(limits::kApportionPartsMax * 100 + 7), weights);
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_EQ(parts->size(), limits::kApportionPartsMax);
  Money sum;
  for (const Money& p : *parts) sum += p;
  EXPECT_EQ(sum, M(limits::kApportionPartsMax * 100 + 7));
  // The seven left-over pennies go to the first seven parts.
  for (std::size_t i = 0; i < parts->size(); ++i) EXPECT_EQ((*parts)[i], M(i < 7 ? 101 : 100)) << i;
}

TEST(ApportionLimits, OnePartOverTheMaximumIsRefused) {
  const std::vector<Rational> weights(limits::kApportionPartsMax + 1, Rational(1));
  auto parts = Apportion(M(100), weights);
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.status().code(), Code::kInvalidArgument);
  EXPECT_NE(parts.status().message().find(std::to_string(limits::kApportionPartsMax)), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Properties over random totals and weights.

std::int64_t RandomTotal(std::mt19937_64& rng) {
  std::uniform_int_distribution<std::int64_t> full(-limits::kPenceMax, limits::kPenceMax);
  std::uniform_int_distribution<std::int64_t> small(-2000, 2000);
  std::uniform_int_distribution<std::int64_t> edge(0, 1000);
  switch (rng() % 6) {
    case 0:
      return full(rng);
    case 1:
      return small(rng);
    case 2:
      return limits::kPenceMax - edge(rng);
    case 3:
      return -limits::kPenceMax + edge(rng);
    case 4:
      return 0;
    default:
      return static_cast<std::int64_t>(rng() % 100'000'000) - 50'000'000;
  }
}

std::vector<Rational> RandomWeights(std::mt19937_64& rng) {
  const std::size_t n = 1 + rng() % 20;
  std::vector<Rational> w(n);
  const int kind = static_cast<int>(rng() % 5);
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    const bool zero = rng() % 6 == 0;
    switch (kind) {
      case 0:  // contributions in pence
        w[i] = zero ? 0 : Rational(static_cast<long long>(rng() % 100'000'000));
        break;
      case 1:  // percentages and simple fractions (1/3, 2/7, ...)
        w[i] =
            zero ? 0 : Rational(static_cast<long long>(rng() % 101), static_cast<long long>(1 + rng() % 12));
        break;
      case 2:  // equal shares: maximal ties
        w[i] = zero ? 0 : 1;
        break;
      case 3:  // huge contributions
        w[i] = zero ? 0 : Rational(static_cast<long long>(rng() % limits::kPenceMax));
        break;
      default:  // awkward rationals
        w[i] = zero ? 0
                    : Rational(static_cast<long long>(rng() % 1'000'003),
                               static_cast<long long>(1 + rng() % 999'983));
        break;
    }
    any = any || w[i] != 0;
  }
  if (!any) w[rng() % n] = Rational(1, 3);
  return w;
}

// Checks every documented property of one split; returns the parts.
std::vector<Money> CheckSplit(const Money& total, const std::vector<Rational>& weights) {
  SCOPED_TRACE(Describe(total, weights));
  auto result = Apportion(total, weights);
  EXPECT_TRUE(result.ok()) << result.status().message();
  if (!result.ok()) return {};
  const std::vector<Money>& parts = *result;
  EXPECT_EQ(parts.size(), weights.size());
  if (parts.size() != weights.size()) return parts;

  Rational weight_sum = 0;
  for (const Rational& w : weights) weight_sum += w;
  const Rational t(cpp_int(total.pence()));

  Money sum;
  std::vector<Rational> remainders(parts.size());
  std::vector<bool> rounded_up(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    sum += parts[i];
    const Rational exact = t * weights[i] / weight_sum;
    const Rational part(cpp_int(parts[i].pence()));
    // Strictly within one penny of the exact share.
    EXPECT_LT(Abs(part - exact), Rational(1)) << "part " << i << " = " << parts[i].ToString();
    // Never on the far side of zero from the total.
    EXPECT_TRUE(parts[i].sign() == 0 || parts[i].sign() == total.sign()) << "part " << i;
    if (weights[i] == 0) {
      EXPECT_TRUE(parts[i].is_zero()) << "zero weight, part " << i;
    }
    const Rational magnitude_exact = Abs(exact);
    const cpp_int magnitude_part =
        cpp_int(parts[i].pence() < 0 ? Int128(-parts[i].pence()) : parts[i].pence());
    remainders[i] = magnitude_exact - Rational(Floor(magnitude_exact));
    // Each magnitude is the floor or the floor plus one penny.
    const cpp_int floor = Floor(magnitude_exact);
    EXPECT_TRUE(magnitude_part == floor || magnitude_part == floor + 1) << "part " << i;
    rounded_up[i] = magnitude_part == floor + 1;
  }
  EXPECT_EQ(sum, total);
  // Largest remainder, earlier part first among equals: every part given a penny ranks before
  // every part not given one.
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (std::size_t j = 0; j < parts.size(); ++j) {
      if (rounded_up[i] && !rounded_up[j]) {
        EXPECT_TRUE(remainders[i] > remainders[j] || (remainders[i] == remainders[j] && i < j))
            << "part " << j << " should have had the penny before part " << i;
      }
    }
  }
  return parts;
}

TEST(ApportionProperty, RandomSplitsSatisfyEveryRule) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 5000; ++i) {
    const Money total = M(RandomTotal(rng));
    const std::vector<Rational> weights = RandomWeights(rng);
    CheckSplit(total, weights);
    if (::testing::Test::HasFailure()) return;  // one counterexample is enough to read
  }
}

TEST(ApportionProperty, NegatingTheTotalNegatesEveryPart) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 3000; ++i) {
    const Money total = M(RandomTotal(rng));
    const std::vector<Rational> weights = RandomWeights(rng);
    SCOPED_TRACE(Describe(total, weights));
    auto plus = Apportion(total, weights);
    auto minus = Apportion(-total, weights);
    ASSERT_TRUE(plus.ok() && minus.ok());
    ASSERT_EQ(plus->size(), minus->size());
    for (std::size_t k = 0; k < plus->size(); ++k) ASSERT_EQ((*minus)[k], -(*plus)[k]) << "part " << k;
  }
}

TEST(ApportionProperty, ScalingEveryWeightChangesNothing) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 3000; ++i) {
    const Money total = M(RandomTotal(rng));
    const std::vector<Rational> weights = RandomWeights(rng);
    const Rational k(static_cast<long long>(1 + rng() % 1'000'000),
                     static_cast<long long>(1 + rng() % 1'000));
    std::vector<Rational> scaled;
    for (const Rational& w : weights) scaled.push_back(w * k);
    SCOPED_TRACE(Describe(total, weights) + " scaled by " + k.str());
    auto a = Apportion(total, weights);
    auto b = Apportion(total, scaled);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(Texts(*a), Texts(*b));
  }
}

TEST(ApportionProperty, DeterministicForTheSameInput) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::cout << "[ seed     ] " << SeedNote(seed) << "\n";
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 500; ++i) {
    const Money total = M(RandomTotal(rng));
    const std::vector<Rational> weights = RandomWeights(rng);
    SCOPED_TRACE(Describe(total, weights));
    auto a = Apportion(total, weights);
    auto b = Apportion(total, weights);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(Texts(*a), Texts(*b));
  }
}

// With n equal weights, pennies left over go to the first parts in order.
TEST(ApportionProperty, EqualWeightsGiveLeftoverPenniesToTheEarliestParts) {
  for (std::int64_t total = -60; total <= 60; ++total) {
    for (std::size_t n = 1; n <= 12; ++n) {
      SCOPED_TRACE("total " + std::to_string(total) + " into " + std::to_string(n));
      auto parts = Apportion(M(total), std::vector<Rational>(n, Rational(3, 7)));
      ASSERT_TRUE(parts.ok());
      const std::int64_t magnitude = total < 0 ? -total : total;
      const std::int64_t base = magnitude / static_cast<std::int64_t>(n);
      const std::size_t extra = static_cast<std::size_t>(magnitude % static_cast<std::int64_t>(n));
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t want = (base + (i < extra ? 1 : 0)) * (total < 0 ? -1 : 1);
        ASSERT_EQ((*parts)[i], M(want)) << "part " << i;
      }
    }
  }
}

// Totals beyond the storable range still split exactly (Money holds 128 bits).
TEST(ApportionProperty, TotalsBeyondInt64SplitExactly) {
  const Money total = Money::FromPence(Int128(limits::kPenceMax) * 3 + 2);
  const std::vector<Money> parts = CheckSplit(total, W({1, 1, 1}));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], Money::FromPence(Int128(limits::kPenceMax) + 1));
  EXPECT_EQ(parts[1], Money::FromPence(Int128(limits::kPenceMax) + 1));
  EXPECT_EQ(parts[2], Money::FromPence(Int128(limits::kPenceMax)));
}

}  // namespace
}  // namespace poolbook
