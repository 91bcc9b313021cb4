// Personal health budgets: agreeing, balances held, recoveries and their reconsideration.
#include "api/fund_json.h"
#include "api/routes/route.h"
#include "ledger/store/care_ids_store.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

Reply Agree(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  fund::PhbSpec s;
  s.id = in.Str("id");
  s.person = in.Str("person");
  s.line = in.Str("line");
  const std::string mode = in.Str("mode");
  s.indicative = in.Amount("indicative");
  s.agreed = in.Amount("agreed");
  s.start = in.DateField("start");
  s.end = in.DateField("end");
  s.review = in.DateField("review");
  s.split = in.Split("split");
  const Date date = in.OptDate("date").value_or(s.start);
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto m = fund::ParsePhbMode(mode);
  if (!m.ok()) return Reply::Bad(InvalidArgument(m.status().message(), "mode"));
  s.mode = *m;
  auto done = WriteFund(c, [&](fund::Fund& f) { return f.AgreePhb(s, date, c.who.user); });
  if (!done.ok()) return Reply::Refused(done.status());
  const fund::Phb& p = *done;
  c.Viewed(p.spec.person);
  return Reply::Written(PhbJson(p), "/api/v1/phbs/" + p.spec.id, p.replayed);
}

Reply GetOne(Context& c) {
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  auto p = (*f)->GetPhb(c.Param(1));
  if (!p.ok()) return NotFoundOr(p.status());
  c.Viewed(p->spec.person);
  json out = PhbJson(*p);
  auto rec = (*f)->Recoveries(p->spec.id);
  if (!rec.ok()) return Reply::Refused(rec.status());
  out["recoveries"] = json::array();
  for (const auto& r : *rec) out["recoveries"].push_back(RecoveryJson(r));
  return Reply::Json(out);
}

Reply List(Context& c) {
  In q = In::Query(c.req);
  const std::string after = q.OptStr("cursor");
  const long long limit = PageLimit(q, c.config);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  std::vector<std::string> ids;
  try {
    ids = store::PhbIdsPage(c.read().db(), after, limit + 1);
  } catch (const std::exception& e) {
    return Reply::Refused(store::FromDatabaseError(e, "listing PHBs"));
  }
  const bool more = static_cast<long long>(ids.size()) > limit;
  if (more) ids.pop_back();
  json items = json::array();
  for (const std::string& id : ids) {
    auto p = (*f)->GetPhb(id);
    if (!p.ok()) return Reply::Refused(p.status());
    c.Viewed(p->spec.person);
    items.push_back(PhbJson(*p));
  }
  return Reply::Json({{"phbs", items}, {"next_cursor", more ? json(ids.back()) : json(nullptr)}});
}

Reply Held(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const Money held = in.Amount("held");
  const Date as_at = in.DateField("as_at");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  const std::string id = c.Param(1);
  auto done = WriteFund(c, [&](fund::Fund& f) { return f.RecordHeldBalance(id, held, as_at, c.who.user); });
  if (!done.ok()) return NotFoundOr(done.status());
  const fund::Phb& p = *done;
  c.Viewed(p.spec.person);
  return Reply::Json(PhbJson(p));
}

Reply DecideRecovery(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const Money amount = in.Amount("amount");
  const std::string ground_text = in.Str("ground");
  const std::string reference = in.Str("reference");
  const std::string detail = in.Str("detail");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto ground = fund::ParseRecoveryGround(ground_text);
  if (!ground.ok()) return Reply::Bad(InvalidArgument(ground.status().message(), "ground"));
  const std::string id = c.Param(1);
  auto done = WriteFund(
      c, [&](fund::Fund& f) { return f.DecideRecovery(id, amount, *ground, reference, detail, c.who.user); });
  if (!done.ok()) return NotFoundOr(done.status());
  const fund::Recovery& r = *done;
  return Reply::Written(RecoveryJson(r), "/api/v1/recoveries?phb=" + id, r.replayed);
}

Reply ListRecoveries(Context& c) {
  In q = In::Query(c.req);
  const std::string phb = q.OptStr("phb");
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  auto rec = (*f)->Recoveries(phb);
  if (!rec.ok()) return Reply::Refused(rec.status());
  json out = json::array();
  for (const auto& r : *rec) out.push_back(RecoveryJson(r));
  return Reply::Json({{"recoveries", out}});
}

StatusOr<long long> RecoveryId(Context& c) { return ParseId(c.Param(1), "a recovery id"); }

Reply RequestReconsideration(Context& c) {
  auto id = RecoveryId(c);
  if (!id.ok()) return Reply::Bad(id.status());
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string reason = in.Str("reason");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto done = WriteFund(c, [&](fund::Fund& f) { return f.RequestReconsideration(*id, reason, c.who.user); });
  if (!done.ok()) return NotFoundOr(done.status());
  const fund::Recovery& r = *done;
  return Reply::Json(RecoveryJson(r));
}

Reply Reconsider(Context& c) {
  auto id = RecoveryId(c);
  if (!id.ok()) return Reply::Bad(id.status());
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string outcome_text = in.Str("outcome");
  const auto amount = in.OptAmount("amount");
  const std::string note = in.OptStr("note");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  fund::ReconsiderOutcome outcome;
  if (outcome_text == "uphold") {
    outcome = fund::ReconsiderOutcome::kUphold;
  } else if (outcome_text == "vary") {
    outcome = fund::ReconsiderOutcome::kVary;
    if (!amount) return Reply::Bad(InvalidArgument("varying a recovery needs the new amount", "amount"));
  } else if (outcome_text == "withdraw") {
    outcome = fund::ReconsiderOutcome::kWithdraw;
  } else {
    return Reply::Bad(InvalidArgument("outcome must be uphold, vary or withdraw", "outcome"));
  }
  auto done = WriteFund(c, [&](fund::Fund& f) {
    return f.Reconsider(*id, outcome, amount.value_or(Money()), c.who.user, f.agreement().lead_budget_holder,
                        note);
  });
  if (!done.ok()) return NotFoundOr(done.status());
  const fund::Recovery& r = *done;
  return Reply::Json(RecoveryJson(r));
}

Reply Collect(Context& c) {
  auto id = RecoveryId(c);
  if (!id.ok()) return Reply::Bad(id.status());
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const Date date = in.DateField("date");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto done = WriteFund(c, [&](fund::Fund& f) { return f.CollectRecovery(*id, date, c.who.user); });
  if (!done.ok()) return NotFoundOr(done.status());
  const Receipt& r = *done;
  return Reply::Json(ReceiptJson(r), r.replayed ? 200 : 201);
}

}  // namespace

void AddPhbRoutes(std::vector<Route>& r) {
  r.push_back({"POST", "/api/v1/phbs", kFinance, "Agree a personal health budget (commits it)", Agree});
  r.push_back({"GET", "/api/v1/phbs", kReaders, "List PHBs with cursor paging (logged)", List});
  r.push_back({"GET", "/api/v1/phbs/{id}", kReaders, "One PHB with its recoveries (logged)", GetOne});
  r.push_back(
      {"POST", "/api/v1/phbs/{id}/held-balance", kFinance, "Record the balance a holder reports", Held});
  r.push_back({"POST", "/api/v1/phbs/{id}/recoveries", kFinance,
               "Decide a recovery on one of the six grounds", DecideRecovery});
  r.push_back({"GET", "/api/v1/recoveries", kReaders, "Recoveries, for one PHB or all", ListRecoveries});
  r.push_back({"POST", "/api/v1/recoveries/{id}/reconsideration", kFinance,
               "Record the person's request for reconsideration", RequestReconsideration});
  r.push_back(
      {"POST", "/api/v1/recoveries/{id}/decision", kLead, "Uphold, vary or withdraw a recovery", Reconsider});
  r.push_back({"POST", "/api/v1/recoveries/{id}/collect", kFinance, "Collect a decided recovery", Collect});
}

}  // namespace poolbook::api
