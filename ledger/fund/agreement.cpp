#include "ledger/fund/agreement.h"

namespace poolbook::fund {
namespace {

std::string Q(std::string_view s) { return "\"" + std::string(s) + "\""; }

const char* const kCategoryNames[] = {"phb", "package", "transition", "crisis", "other"};

}  // namespace

std::string PercentText(const Rational& r) {
  using boost::multiprecision::cpp_int;
  cpp_int scaled = numerator(r) * 10000 / denominator(r);
  std::string whole = cpp_int(scaled / 10000).str(), frac = cpp_int(scaled % 10000).str();
  if (frac == "0") return whole;
  frac = std::string(4 - frac.size(), '0') + frac;
  while (frac.back() == '0') frac.pop_back();
  return whole + "." + frac;
}

const char* CategoryName(Category c) { return kCategoryNames[static_cast<int>(c)]; }

StatusOr<Category> ParseCategory(std::string_view text) {
  for (int i = 0; i < 5; ++i) {
    if (text == kCategoryNames[i]) return static_cast<Category>(i);
  }
  return InvalidArgument("category " + Q(text) + " is not one of phb, package, transition, crisis, other");
}

const Line* Agreement::FindLine(std::string_view code) const {
  for (const Line& l : lines) {
    if (l.code == code) return &l;
  }
  return nullptr;
}

const Contribution* Agreement::FindContribution(std::string_view partner) const {
  for (const Contribution& c : contributions) {
    if (c.partner == partner) return &c;
  }
  return nullptr;
}

std::vector<Rational> Agreement::ContributionShares() const {
  std::vector<Rational> w;
  for (const AgreementPartner& p : partners) {
    const Contribution* c = FindContribution(p.code);
    w.emplace_back(c ? Rational(c->agreed.pence()) : Rational(0));
  }
  return w;
}

std::vector<Rational> Agreement::BudgetShares() const {
  std::vector<Rational> w;
  for (const AgreementPartner& p : partners) {
    const Contribution* c = FindContribution(p.code);
    Money m = c ? c->agreed : Money();
    if (auto it = brought_forward.find(p.code); it != brought_forward.end()) m += it->second;
    w.emplace_back(m.sign() > 0 ? Rational(m.pence()) : Rational(0));
  }
  return w;
}

}  // namespace poolbook::fund
