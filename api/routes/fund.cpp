// The pooled fund: set-up, its status, lines (forecast outturn), partners' positions,
// contributions, the year-end risk share and the next year.
#include "api/fund_json.h"
#include "api/routes/route.h"
#include "ledger/fund/agreement_json.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

// ?as_at=YYYY-MM-DD, by default the last day of the fund's year.
Date AsAt(In& q, const fund::Fund& f) {
  return q.OptDate("as_at").value_or(Date{f.agreement().year + 1, 3, 31});
}

Reply SetUp(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  auto agreement = fund::AgreementFromJson(body);
  if (!agreement.ok()) return Reply::Bad(agreement.status());
  Status st = c.writer.Run([&](Journal& j) {
    auto f = fund::Fund::SetUp(j, *agreement, c.who.user);
    return f.ok() ? Status::Ok() : f.status();
  });
  if (!st.ok()) return Reply::Refused(st);
  return Reply::Created({{"name", agreement->name},
                         {"year", Period{agreement->year, 4}.FinancialYearLabel()},
                         {"partners", agreement->partners.size()},
                         {"lines", agreement->lines.size()}},
                        "/api/v1/fund");
}

Reply Status_(Context& c) {
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  In q = In::Query(c.req);
  const Date as_at = AsAt(q, **f);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto j = FundStatusJson(**f, as_at);
  if (!j.ok()) return Reply::Refused(j.status());
  return Reply::Json(*j);
}

Reply Agreement(Context& c) {
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  In q = In::Query(c.req);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  return Reply::Json(fund::AgreementToJson((*f)->agreement()));
}

Reply Lines(Context& c) {
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  In q = In::Query(c.req);
  const Date as_at = AsAt(q, **f);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto lines = (*f)->Forecast(as_at);
  if (!lines.ok()) return Reply::Refused(lines.status());
  json out = json::array();
  for (const auto& l : *lines) out.push_back(ForecastJson(l));
  return Reply::Json({{"as_at", as_at.ToString()}, {"lines", out}});
}

Reply Positions(Context& c) {
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  In q = In::Query(c.req);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto p = (*f)->Positions();
  if (!p.ok()) return Reply::Refused(p.status());
  json out = json::array();
  for (const auto& x : *p) out.push_back(PositionJson(x));
  return Reply::Json({{"partners", out}});
}

Reply Contributions(Context& c) {
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  In q = In::Query(c.req);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto s = (*f)->ContributionsStatement();
  if (!s.ok()) return Reply::Refused(s.status());
  auto v = (*f)->ContributionVariations();
  if (!v.ok()) return Reply::Refused(v.status());
  json lines = json::array(), variations = json::array();
  for (const auto& x : *s) lines.push_back(ContributionJson(x));
  for (const auto& x : *v) variations.push_back(VariationJson(x));
  return Reply::Json({{"contributions", lines}, {"variations", variations}});
}

Reply RaiseInstalment(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string partner = in.Str("partner");
  const long long index = in.Int("instalment", 0, 1000);
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto done = WriteFund(c, [&](fund::Fund& f) {
    return f.RaiseInstalment(partner, static_cast<std::size_t>(index), c.who.user);
  });
  if (!done.ok()) return Reply::Refused(done.status());
  const Receipt& r = *done;
  return Reply::Json(ReceiptJson(r), r.replayed ? 200 : 201);
}

Reply Receive(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string partner = in.Str("partner");
  const Money amount = in.Amount("amount");
  const Date date = in.DateField("date");
  const std::string reference = in.Str("reference");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto done = WriteFund(
      c, [&](fund::Fund& f) { return f.ReceiveContribution(partner, amount, date, reference, c.who.user); });
  if (!done.ok()) return Reply::Refused(done.status());
  const Receipt& r = *done;
  return Reply::Json(ReceiptJson(r), r.replayed ? 200 : 201);
}

Reply Vary(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string partner = in.Str("partner");
  const Money amount = in.Amount("amount");
  const Date due = in.DateField("due");
  const std::string reference = in.Str("reference");
  const std::string reason = in.Str("reason");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto done = WriteFund(c, [&](fund::Fund& f) {
    return f.VaryContribution(partner, amount, due, reference, reason, c.who.user);
  });
  if (!done.ok()) return Reply::Refused(done.status());
  const fund::ContributionVariation& v = *done;
  return Reply::Written(VariationJson(v), "/api/v1/fund/contributions", v.replayed);
}

// `year=2025-26` (as statements name their year) or `year=2025`: the financial year starting in
// April of that year. Empty: the fund's current year.
StatusOr<std::optional<int>> YearParam(const std::string& text) {
  if (text.empty()) return std::optional<int>();
  const bool digits = text.size() >= 4 && text.find_first_not_of("0123456789") >= 4;
  if (digits) {
    const int year = std::stoi(text.substr(0, 4));
    if (year >= 1900 && year < 9999 && (text.size() == 4 || text == Period{year, 4}.FinancialYearLabel()))
      return std::optional<int>(year);
  }
  return InvalidArgument("year must be a financial year such as 2025-26, not \"" + text.substr(0, 20) + "\"",
                         "year");
}

Reply RiskShare(Context& c) {
  In q = In::Query(c.req);
  auto year = YearParam(q.OptStr("year"));
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  if (!year.ok()) return Reply::Bad(year.status());
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  auto rs = *year ? (*f)->RiskShareOf(**year) : (*f)->RiskShare();
  if (!rs.ok())
    return rs.status().code() == Code::kNotFound ? Reply::Missing(rs.status().message())
                                                 : Reply::Refused(rs.status());
  return Reply::Json(RiskShareJson(*rs));
}

// Every sign-off of every year, the undone ones too.
Reply SignOffs(Context& c) {
  In q = In::Query(c.req);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  auto all = (*f)->SignOffs();
  if (!all.ok()) return Reply::Refused(all.status());
  json out = json::array();
  for (const fund::SignOff& s : *all) {
    json j = {{"year", Period{s.year, 4}.FinancialYearLabel()},
              {"seq", s.seq},
              {"signed_off_by", s.statement.signed_off_by},
              {"signed_off_at", s.statement.signed_off_at},
              {"entry_id", s.statement.entry_id ? json(*s.statement.entry_id) : json(nullptr)},
              {"undone", s.undone},
              {"undone_by", s.undone ? json(s.undone_by) : json(nullptr)},
              {"undone_at", s.undone ? json(s.undone_at) : json(nullptr)},
              {"undo_reason", s.undone ? json(s.undo_reason) : json(nullptr)},
              {"undo_entry_id", s.undo_entry_id ? json(*s.undo_entry_id) : json(nullptr)}};
    out.push_back(j);
  }
  return Reply::Json({{"sign_offs", out}});
}

Reply UndoSignOff(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string reason = in.Str("reason");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto rs = WriteFund(
      c, [&](fund::Fund& f) { return f.UndoSignOff(reason, c.who.user, f.agreement().lead_budget_holder); });
  if (!rs.ok()) return Reply::Refused(rs.status());
  return Reply::Json(RiskShareJson(*rs));
}

Reply Settle(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const Date date = in.DateField("date");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  // The lead budget holder's role acts for the fund's lead budget holder partner.
  auto rs = WriteFund(
      c, [&](fund::Fund& f) { return f.SettleYear(date, c.who.user, f.agreement().lead_budget_holder); });
  if (!rs.ok()) return Reply::Refused(rs.status());
  return Reply::Json(RiskShareJson(*rs), 201);
}

Reply NextYear(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  auto agreement = fund::AgreementFromJson(body);
  if (!agreement.ok()) return Reply::Bad(agreement.status());
  auto next = WriteFund(c, [&](fund::Fund& f) { return f.StartNextYear(*agreement, c.who.user); });
  if (!next.ok()) return Reply::Refused(next.status());
  return Reply::Created(
      {{"name", agreement->name}, {"year", Period{agreement->year, 4}.FinancialYearLabel()}}, "/api/v1/fund");
}

}  // namespace

void AddFundRoutes(std::vector<Route>& r) {
  std::vector<Role> readers_and_admin = kReaders;
  readers_and_admin.push_back(Role::kAdmin);
  r.push_back({"POST", "/api/v1/fund", kAdminOnly, "Set the pooled fund up from its agreement", SetUp});
  r.push_back({"GET", "/api/v1/fund", readers_and_admin,
               "The fund's figures: partners, contributions, lines, risk share", Status_});
  r.push_back({"GET", "/api/v1/fund/agreement", readers_and_admin, "The agreement in force", Agreement});
  r.push_back({"GET", "/api/v1/fund/lines", kReaders, "Forecast outturn per budget line", Lines});
  r.push_back({"GET", "/api/v1/fund/positions", kReaders, "Each partner's money in the pool", Positions});
  r.push_back({"GET", "/api/v1/fund/contributions", kReaders, "The contributions statement and variations",
               Contributions});
  r.push_back({"POST", "/api/v1/fund/contributions/instalments", kFinance,
               "Raise an instalment of a contribution", RaiseInstalment});
  r.push_back({"POST", "/api/v1/fund/contributions/receipts", kFinance,
               "Record money received from a partner", Receive});
  r.push_back(
      {"POST", "/api/v1/fund/contributions/variations", kFinance, "Vary a partner's contribution", Vary});
  r.push_back({"GET", "/api/v1/fund/risk-share", kReaders,
               "The year-end risk-share statement (?year= a year signed off: as signed off)", RiskShare});
  r.push_back({"GET", "/api/v1/fund/risk-share/sign-offs", kReaders,
               "Every sign-off of every year, undone ones too", SignOffs});
  r.push_back({"POST", "/api/v1/fund/risk-share/undo", kLead, "Undo this year's sign-off, with a reason",
               UndoSignOff});
  r.push_back(
      {"POST", "/api/v1/fund/risk-share/settle", kLead, "Sign off and post the year's risk share", Settle});
  r.push_back({"POST", "/api/v1/fund/next-year", kLead, "Close the year and start the next", NextYear});
}

}  // namespace poolbook::api
