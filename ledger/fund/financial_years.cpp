// Commitments by financial year: the cost of a package or PHB that falls in each year, and the
// entries that bring a year's part into the commitment book when the year starts.
#include "ledger/fund/financial_years.h"

#include "ledger/fund/fund_internal.h"

namespace poolbook::fund::internal {

namespace {

Money RoundHalfAway(const Rational& exact) {
  using boost::multiprecision::cpp_int;
  const cpp_int n = numerator(exact), d = denominator(exact);
  const cpp_int half_up = (2 * boost::multiprecision::abs(n) + d) / (2 * d);
  return Money::FromPence(Int128(n < 0 ? -half_up : half_up));
}

// A year's part of one package, or nothing when it does not run into that year.
StatusOr<std::optional<BroughtIn>> PackagePart(const Fund& next, const Package& p, const Date& last_end,
                                               const Date& next_end, const Date& first_day) {
  if (p.cancelled || p.spec.end <= last_end) return std::optional<BroughtIn>();
  const Money amount = PackageCostThrough(p, next_end) - PackageCostThrough(p, last_end);
  if (amount.sign() <= 0) return std::optional<BroughtIn>();
  const Line* line = next.agreement().FindLine(p.spec.line);
  if (!line)
    return FailedPrecondition("package " + Q(p.spec.id) + "'s line " + p.spec.line +
                              " is not in the next year's agreement");
  auto parts = next.Attribute(amount, next.Weights(p.spec.split));
  if (!parts.ok()) return parts.status();
  const std::string label = Period::Of(first_day).FinancialYearLabel();
  Entry e =
      CommitEntry(Key(next.agreement(), "package:" + p.spec.id + ":year"), first_day,
                  "Package " + p.spec.id + ": its cost in " + label + " brought into the commitment book",
                  *line, p.spec.person, *parts);
  return std::optional<BroughtIn>(BroughtIn{store::RecordKind::kPackage, p.spec.id, amount, std::move(e)});
}

// The same for one PHB.
StatusOr<std::optional<BroughtIn>> PhbPart(const Fund& next, const Phb& p, const Date& last_end,
                                           const Date& next_end, const Date& first_day) {
  if (p.spec.end <= last_end) return std::optional<BroughtIn>();
  const Money amount = PhbCostThrough(p.spec, next_end) - PhbCostThrough(p.spec, last_end);
  if (amount.sign() <= 0) return std::optional<BroughtIn>();
  const Line* line = next.agreement().FindLine(p.spec.line);
  if (!line)
    return FailedPrecondition("personal health budget " + Q(p.spec.id) + "'s line " + p.spec.line +
                              " is not in the next year's agreement");
  auto parts = next.Attribute(amount, next.Weights(p.spec.split));
  if (!parts.ok()) return parts.status();
  const std::string label = Period::Of(first_day).FinancialYearLabel();
  Entry e = CommitEntry(
      Key(next.agreement(), "phb:" + p.spec.id + ":year"), first_day,
      "Personal health budget " + p.spec.id + ": its part for " + label + " brought into the commitment book",
      *line, p.spec.person, *parts);
  return std::optional<BroughtIn>(BroughtIn{store::RecordKind::kPhb, p.spec.id, amount, std::move(e)});
}

}  // namespace

Money PhbCostThrough(const PhbSpec& spec, const Date& through) {
  if (through < spec.start) return Money();
  if (through >= spec.end) return spec.agreed;
  return RoundHalfAway(Rational(spec.agreed.pence()) * DaysInclusive(spec.start, through) /
                       DaysInclusive(spec.start, spec.end));
}

Money PackageCostThrough(const Package& package, const Date& through) {
  if (through < package.spec.start) return Money();
  return PackageCostBetween(package.spec, package.amendments, package.spec.start, through);
}

StatusOr<std::vector<BroughtIn>> BringIntoNextYear(Fund& current, const Fund& next) {
  const Date last_end = YearEnd(current.agreement().year), next_end = YearEnd(next.agreement().year);
  const Date first_day{next.agreement().year, 4, 1};
  std::vector<BroughtIn> out;
  auto packages = current.Packages();
  if (!packages.ok()) return packages.status();
  for (const Package& p : *packages) {
    auto part = PackagePart(next, p, last_end, next_end, first_day);
    if (!part.ok()) return part.status();
    if (*part) out.push_back(std::move(**part));
  }
  auto phbs = current.Phbs();
  if (!phbs.ok()) return phbs.status();
  for (const Phb& p : *phbs) {
    auto part = PhbPart(next, p, last_end, next_end, first_day);
    if (!part.ok()) return part.status();
    if (*part) out.push_back(std::move(**part));
  }
  return out;
}

void RecordBroughtIn(store::Database& db, const std::vector<BroughtIn>& items,
                     const std::vector<long long>& ids, const std::string& year_label, const std::string& now,
                     const std::string& user) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    InsertEvent(db, items[i].kind, items[i].id, "brought_in", ids.at(i), std::nullopt, items[i].amount,
                year_label, items[i].entry.date, now, user);
  }
}

}  // namespace poolbook::fund::internal
