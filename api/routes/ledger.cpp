// The ledger's reference data and figures: accounts, balances (now or as at a date), partners,
// periods, the trial balance, and the auditor's chain check.
#include "api/routes/route.h"
#include "ledger/store/posting_sums_store.h"
#include "ledger/verify.h"
#include "reports/trial_balance.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

Reply ListAccounts(Context& c) {
  In q = In::Query(c.req);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto rows = c.read().Accounts();
  if (!rows.ok()) return Reply::Refused(rows.status());
  json out = json::array();
  for (const auto& a : *rows) {
    out.push_back({{"name", a.name},
                   {"type", AccountTypeName(a.type)},
                   {"opened_at", a.opened_at},
                   {"closed_at", a.closed_at ? json(*a.closed_at) : json(nullptr)}});
  }
  return Reply::Json({{"accounts", out}});
}

Reply OpenAccount(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string name = in.Str("name");
  const std::string type_text = in.Str("type");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto type = ParseAccountType(type_text);
  if (!type.ok()) return Reply::Bad(InvalidArgument(type.status().message(), "type"));
  if (Status st = CheckAccountName(name); !st.ok()) return Reply::Bad(InvalidArgument(st.message(), "name"));
  Status st = c.writer.Run([&](Journal& j) { return j.OpenAccount(name, *type); });
  if (!st.ok()) return Reply::Refused(st);
  return Reply::Created({{"name", name}, {"type", type_text}}, "/api/v1/accounts");
}

Reply CloseAccount(Context& c) {
  const std::string name = c.Param(1);
  Status st = c.writer.Run([&](Journal& j) { return j.CloseAccount(name); });
  if (!st.ok()) {
    if (st.code() == Code::kNotFound) return Reply::Missing(st.message());
    return Reply::Refused(st);
  }
  return Reply::Json({{"name", name}, {"closed", true}});
}

bool Under(const std::string& account, const std::string& root) {
  return root.empty() || account == root || account.rfind(root + ":", 0) == 0;
}

// Balances as at a date: summed from the postings of entries effective on or before it.
StatusOr<std::vector<store::BalanceAsAtRow>> BalancesAsAt(Context& c, const Date& as_at,
                                                          const std::optional<Book>& book) {
  try {
    store::Database& db = c.read().db();
    store::ReadTransaction tx(db);
    return store::BalancesAsAt(db, as_at.ToString(), book ? BookName(*book) : "");
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "summing balances as at " + as_at.ToString());
  }
}

Reply Balances(Context& c) {
  In q = In::Query(c.req);
  const std::optional<Book> book = q.OptBook("book");
  const std::string account = q.OptStr("account");
  const std::string partner = q.OptStr("partner");
  const auto as_at = q.OptDate("as_at");
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  json out = json::array();
  if (!as_at) {
    auto rows = c.read().Balances(book);
    if (!rows.ok()) return Reply::Refused(rows.status());
    for (const BalanceRow& r : *rows) {
      if (!Under(r.account, account) || (!partner.empty() && r.partner != partner)) continue;
      out.push_back({{"book", BookName(r.book)},
                     {"account", r.account},
                     {"partner", r.partner},
                     {"balance", r.balance.ToString()},
                     {"postings", r.postings}});
    }
  } else {
    auto rows = BalancesAsAt(c, *as_at, book);
    if (!rows.ok()) return Reply::Refused(rows.status());
    for (const store::BalanceAsAtRow& r : *rows) {
      if (!Under(r.account, account) || (!partner.empty() && r.partner != partner)) continue;
      auto m = PenceSum(r.pence);
      if (!m.ok()) return Reply::Refused(m.status());
      out.push_back({{"book", r.book},
                     {"account", r.account},
                     {"partner", r.partner},
                     {"balance", m->ToString()},
                     {"postings", r.postings}});
    }
  }
  json result = {{"balances", out}};
  result["as_at"] = as_at ? json(as_at->ToString()) : json(nullptr);
  return Reply::Json(result);
}

Reply TrialBalanceRoute(Context& c) {
  In q = In::Query(c.req);
  const std::optional<Book> book = q.OptBook("book");
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto tb = reports::BuildTrialBalance(c.read(), book);
  if (!tb.ok()) return Reply::Refused(tb.status());
  return Reply::Json(json::parse(reports::TrialBalanceJson(*tb)));
}

Reply ListPartners(Context& c) {
  In q = In::Query(c.req);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto rows = c.read().Partners();
  if (!rows.ok()) return Reply::Refused(rows.status());
  json out = json::array();
  for (const auto& p : *rows) {
    out.push_back({{"code", p.code},
                   {"name", p.name},
                   {"created_at", p.created_at},
                   {"closed_at", p.closed_at ? json(*p.closed_at) : json(nullptr)}});
  }
  return Reply::Json({{"partners", out}});
}

Reply AddPartner(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string code = in.Str("code");
  const std::string name = in.Str("name");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  Status st = c.writer.Run([&](Journal& j) { return j.AddPartner(code, name); });
  if (!st.ok()) return st.code() == Code::kInvalidArgument ? Reply::Bad(st) : Reply::Refused(st);
  return Reply::Created({{"code", code}, {"name", name}}, "/api/v1/partners");
}

Reply ClosePartner(Context& c) {
  const std::string code = c.Param(1);
  Status st = c.writer.Run([&](Journal& j) { return j.ClosePartner(code); });
  if (!st.ok()) {
    if (st.code() == Code::kNotFound) return Reply::Missing(st.message());
    return Reply::Refused(st);
  }
  return Reply::Json({{"code", code}, {"closed", true}});
}

Reply Periods(Context& c) {
  In q = In::Query(c.req);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto closed = c.read().ClosedThrough();
  const Period open = c.read().CurrentOpenPeriod(Period::Of(c.read().Today()));
  json out = {{"closed_through", closed ? json(closed->ToString()) : json(nullptr)},
              {"first_open", open.ToString()}};
  return Reply::Json(out);
}

Reply ClosePeriod(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string through_text = in.Str("through");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto through = Period::Parse(through_text);
  if (!through.ok()) return Reply::Bad(InvalidArgument(through.status().message(), "through"));
  StatusOr<PeriodCloseResult> r = Internal("not run");
  Status st = c.writer.Run([&](Journal& j) {
    r = j.ClosePeriod(*through, c.who.user);
    return r.ok() ? Status::Ok() : r.status();
  });
  if (!st.ok()) {
    // Closing what is already closed is a conflict with what is recorded.
    if (st.reason() == Reason::kPeriodAlreadyClosed)
      return Reply::Fail(MakeProblem(409, st.message(), "through"));
    return Reply::Refused(st);
  }
  return Reply::Json({{"closed_through", r->through.ToString()},
                      {"from", r->from ? json(r->from->ToString()) : json(nullptr)}});
}

Reply VerifyRoute(Context& c) {
  In q = In::Query(c.req);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  VerifyReport v = Verify(c.read().db());
  json out = {{"ok", v.ok},
              {"entries", v.entries},
              {"postings", v.postings},
              {"balances", v.balances},
              {"problem", v.problem}};
  out["bad_entry"] = v.bad_entry ? json(*v.bad_entry) : json(nullptr);
  return Reply::Json(out);
}

}  // namespace

void AddLedgerRoutes(std::vector<Route>& r) {
  const std::vector<Role> everyone = {Role::kFinanceOfficer, Role::kLeadBudgetHolder, Role::kCommissioner,
                                      Role::kAuditor, Role::kAdmin};
  r.push_back({"GET", "/api/v1/accounts", everyone, "The chart of accounts", ListAccounts});
  r.push_back(
      {"POST", "/api/v1/accounts", {Role::kFinanceOfficer, Role::kAdmin}, "Open an account", OpenAccount});
  r.push_back({"POST",
               "/api/v1/accounts/{name}/close",
               {Role::kFinanceOfficer, Role::kAdmin},
               "Close an account whose balances are all zero",
               CloseAccount});
  r.push_back(
      {"GET", "/api/v1/balances", kReaders, "Maintained balances, or balances as at a date", Balances});
  r.push_back({"GET", "/api/v1/trial-balance", kReaders, "The trial balance per book", TrialBalanceRoute});
  r.push_back({"GET", "/api/v1/partners", everyone, "The partners of the pool", ListPartners});
  r.push_back({"POST", "/api/v1/partners", kAdminOnly, "Register a partner", AddPartner});
  r.push_back({"POST", "/api/v1/partners/{code}/close", kAdminOnly, "Close a partner whose balances are zero",
               ClosePartner});
  r.push_back({"GET", "/api/v1/periods", kReaders, "Which periods are closed and which is open", Periods});
  r.push_back({"POST", "/api/v1/periods/close", kLead, "Close every period up to and including a month",
               ClosePeriod});
  r.push_back({"GET",
               "/api/v1/verify",
               {Role::kAuditor},
               "Check the hash chain, every entry and every balance",
               VerifyRoute});
}

}  // namespace poolbook::api
