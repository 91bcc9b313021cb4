// The year-end sign-off as a record: the statement is kept whole, exactly as signed off, so that
// every year's statement reads the same for ever (also once later years have started); the lead
// budget holder may undo the sign-off, with a reason, until the next year starts.
#include <nlohmann/json.hpp>

#include "ledger/fund/agreement_json.h"
#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_agreement_store.h"

namespace poolbook::fund {

using nlohmann::json;

namespace internal {

std::string StatementText(const RiskShareStatement& st) {
  json j = {{"year", st.year},
            {"rule", st.rule},
            {"budget", st.budget.ToString()},
            {"actual", st.actual.ToString()},
            {"variance", st.variance.ToString()},
            {"capped", st.capped.ToString()},
            {"derivation", st.derivation},
            {"partners", json::array()}};
  for (const RiskShareLine& l : st.partners) {
    j["partners"].push_back({{"partner", l.partner},
                             {"weight", RationalText(l.weight)},
                             {"percent", l.percent},
                             {"budget", l.budget.ToString()},
                             {"spent", l.spent.ToString()},
                             {"share_uncapped", l.share_uncapped.ToString()},
                             {"cap", l.cap ? json(l.cap->ToString()) : json(nullptr)},
                             {"share", l.share.ToString()},
                             {"settlement", l.settlement.ToString()},
                             {"brought_forward", l.brought_forward.ToString()},
                             {"received", l.received.ToString()},
                             {"carried_forward", l.carried_forward.ToString()}});
  }
  return j.dump();
}

namespace {

// An amount kept in a statement; a field a statement signed off before schema version 7 lacks
// reads as zero.
Money Amount(const json& j, const char* name) {
  if (!j.contains(name) || !j[name].is_string()) return Money();
  auto m = Money::Parse(j[name].get<std::string>());
  return m.ok() ? *m : Money();
}

std::string Text(const json& j, const char* name) {
  return j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : std::string();
}

RiskShareLine LineFrom(const std::string& partner, const json& l) {
  RiskShareLine out;
  out.partner = partner;
  auto w = RationalFromText(Text(l, "weight").empty() ? "0" : Text(l, "weight"));
  if (w.ok()) out.weight = *w;
  out.percent = Text(l, "percent");
  out.budget = Amount(l, "budget");
  out.spent = Amount(l, "spent");
  out.share_uncapped = Amount(l, "share_uncapped");
  if (l.contains("cap") && l["cap"].is_string()) out.cap = Amount(l, "cap");
  out.share = Amount(l, "share");
  out.settlement = Amount(l, "settlement");
  out.brought_forward = Amount(l, "brought_forward");
  out.received = Amount(l, "received");
  out.carried_forward = Amount(l, "carried_forward");
  return out;
}

}  // namespace

StatusOr<RiskShareStatement> StatementFromText(const std::string& text, int year) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object())
    return Internal("the signed-off statement of " + std::to_string(year) + " does not read");
  RiskShareStatement st;
  st.year = year;
  st.rule = Text(j, "rule");
  st.budget = Amount(j, "budget");
  st.actual = Amount(j, "actual");
  st.variance = Amount(j, "variance");
  st.capped = Amount(j, "capped");
  if (j.contains("derivation") && j["derivation"].is_array()) {
    for (const json& d : j["derivation"])
      if (d.is_string()) st.derivation.push_back(d.get<std::string>());
  }
  const json partners = j.contains("partners") ? j["partners"] : json::array();
  if (partners.is_array()) {  // as signed off from schema version 7
    for (const json& l : partners) st.partners.push_back(LineFrom(Text(l, "partner"), l));
  } else if (partners.is_object()) {  // before: {"ICB": {"share", "settlement"}}
    for (auto it = partners.begin(); it != partners.end(); ++it)
      st.partners.push_back(LineFrom(it.key(), *it));
  }
  return st;
}

}  // namespace internal

StatusOr<std::vector<SignOff>> Fund::SignOffs() {
  std::vector<store::SettlementRow> rows;
  try {
    rows = store::Settlements(journal_.db());
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the sign-offs");
  }
  std::vector<SignOff> out;
  out.reserve(rows.size());
  for (const store::SettlementRow& r : rows) {
    auto st = internal::StatementFromText(r.statement, r.year);
    if (!st.ok()) return st.status();
    SignOff s;
    s.year = r.year;
    s.seq = r.seq;
    s.statement = std::move(*st);
    s.statement.settled = true;
    s.statement.entry_id = r.entry_id;
    s.statement.signed_off_by = r.settled_by;
    s.statement.signed_off_at = r.settled_at;
    s.undone = r.undone;
    s.undo_entry_id = r.undo_entry_id;
    s.undone_by = r.undone_by;
    s.undone_at = r.undone_at;
    s.undo_reason = r.undo_reason;
    out.push_back(std::move(s));
  }
  return out;
}

StatusOr<RiskShareStatement> Fund::RiskShareOf(int year, const std::optional<std::string>& as_at) {
  auto all = SignOffs();
  if (!all.ok()) return all.status();
  // The sign-off standing at the moment: made by then, and not undone by then.
  const std::string bound = as_at.value_or("9999");
  const SignOff* standing = nullptr;
  for (const SignOff& s : *all) {
    if (s.year == year && s.statement.signed_off_at <= bound && !(s.undone && s.undone_at <= bound))
      standing = &s;
  }
  if (standing) return standing->statement;
  if (year == agreement_.year) return ComputeRiskShare(agreement_, as_at);
  const std::string label = Period{year, 4}.FinancialYearLabel();
  if (!as_at) return NotFound("the risk share for " + label + " was not signed off", "year");
  // Before its sign-off, an earlier year was the fund's current year: its preview then.
  std::optional<std::string> text;
  try {
    text = store::AgreementOfYear(journal_.db(), year);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the agreement of " + label);
  }
  if (!text) return NotFound("the fund has no year " + label, "year");
  auto agreement = AgreementFromJson(nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false));
  if (!agreement.ok())
    return Internal("the stored agreement of " + label + " no longer reads: " + agreement.status().message());
  return ComputeRiskShare(*agreement, as_at);
}

StatusOr<RiskShareStatement> Fund::RiskShare(const std::optional<std::string>& as_at) {
  return RiskShareOf(agreement_.year, as_at);
}

StatusOr<RiskShareStatement> Fund::UndoSignOff(const std::string& reason, const std::string& approver,
                                               const std::string& approver_partner) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(approver));
  if (reason.empty()) return InvalidArgument("say why the sign-off is undone", "reason");
  POOLBOOK_RETURN_IF_ERROR(CheckText(reason, kReasonBytesMax, "reason"));
  const std::string label = Period{agreement_.year, 4}.FinancialYearLabel();
  if (approver_partner != agreement_.lead_budget_holder) {
    return FailedPrecondition(
        "only the lead budget holder (" + agreement_.lead_budget_holder + ") can undo the sign-off",
        "approver");
  }
  auto all = SignOffs();
  if (!all.ok()) return all.status();
  const SignOff* standing = nullptr;
  for (const SignOff& s : *all)
    if (s.year == agreement_.year && !s.undone) standing = &s;
  if (!standing) {
    return FailedPrecondition("the risk share for " + label +
                              " is not signed off; a sign-off can be undone only until the next year starts");
  }
  const int seq = standing->seq;
  std::optional<Entry> entry;
  if (standing->statement.entry_id) {
    auto stored = journal_.GetEntry(*standing->statement.entry_id);
    if (!stored.ok()) return stored.status();
    Entry e;
    e.key = internal::Key(agreement_, "risk-share:undone:" + std::to_string(seq));
    e.book = Book::kActual;
    e.date = stored->entry.date;  // the year's last day: the undo stays in the year it undoes
    e.memo = internal::Memo("Sign-off of the risk share " + label + " undone: " + reason);
    e.reverses = stored->id;
    for (Posting p : stored->entry.postings) {
      p.amount = -p.amount;
      e.postings.push_back(std::move(p));
    }
    entry = std::move(e);
  }
  const std::string now = store::UtcTimestamp(journal_.Now());
  const int year = agreement_.year;
  POOLBOOK_RETURN_IF_ERROR(
      PostOrRecord(entry, approver, [&](store::Database& db, std::optional<long long> undo_id) {
        store::InsertSettlementUndo(db, year, seq, undo_id, now, approver, reason);
      }));
  return ComputeRiskShare(agreement_);
}

}  // namespace poolbook::fund
