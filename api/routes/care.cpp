// Care bought for people: packages, payment runs, crisis approvals and transitions (dual-running).
#include "api/fund_json.h"
#include "api/routes/route.h"
#include "ledger/store/care_ids_store.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

Reply Commission(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  fund::PackageSpec s;
  s.id = in.Str("id");
  s.person = in.Str("person");
  s.provider = in.Str("provider");
  s.line = in.Str("line");
  s.rate = in.Amount("rate");
  const std::string unit = in.Str("unit");
  s.units_per_week = in.Quantity("units_per_week");
  s.start = in.DateField("start");
  s.end = in.OptDate("end").value_or(fund::kNoEnd);  // none: open-ended, with a review date
  s.review = in.OptDate("review");
  s.split = in.Split("split");
  const Date date = in.OptDate("date").value_or(s.start);
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto u = fund::ParseUnit(unit);
  if (!u.ok()) return Reply::Bad(InvalidArgument(u.status().message(), "unit"));
  s.unit = *u;
  auto done = WriteFund(c, [&](fund::Fund& f) { return f.Commission(s, date, c.who.user); });
  if (!done.ok()) return Reply::Refused(done.status());
  const fund::Package& p = *done;
  c.Viewed(p.spec.person);
  return Reply::Written(PackageJson(p), "/api/v1/packages/" + p.spec.id, p.replayed);
}

Reply GetPackage(Context& c) {
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  auto p = (*f)->GetPackage(c.Param(1));
  if (!p.ok()) return NotFoundOr(p.status());
  c.Viewed(p->spec.person);
  return Reply::Json(PackageJson(*p));
}

Reply ListPackages(Context& c) {
  In q = In::Query(c.req);
  const std::string person = q.OptStr("person"), line = q.OptStr("line"), after = q.OptStr("cursor");
  const long long limit = PageLimit(q, c.config);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  std::vector<std::string> ids;
  try {
    ids = store::PackageIdsPage(c.read().db(), person, line, after, limit + 1);
  } catch (const std::exception& e) {
    return Reply::Refused(store::FromDatabaseError(e, "listing packages"));
  }
  const bool more = static_cast<long long>(ids.size()) > limit;
  if (more) ids.pop_back();
  json items = json::array();
  for (const std::string& id : ids) {
    auto p = (*f)->GetPackage(id);
    if (!p.ok()) return Reply::Refused(p.status());
    c.Viewed(p->spec.person);
    items.push_back(PackageJson(*p));
  }
  return Reply::Json({{"packages", items}, {"next_cursor", more ? json(ids.back()) : json(nullptr)}});
}

Reply EndPackage(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const Date end = in.DateField("end");
  const std::string reason = in.Str("reason");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  const std::string id = c.Param(1);
  auto done = WriteFund(c, [&](fund::Fund& f) { return f.EndPackage(id, end, reason, c.who.user); });
  if (!done.ok()) return NotFoundOr(done.status());
  const fund::Package& p = *done;
  c.Viewed(p.spec.person);
  return Reply::Json(PackageJson(p));
}

Reply AmendPackage(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const Date from = in.DateField("from");
  const Money rate = in.Amount("rate");
  const Rational units = in.Quantity("units_per_week");
  const std::string reason = in.Str("reason");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  const std::string id = c.Param(1);
  auto done =
      WriteFund(c, [&](fund::Fund& f) { return f.AmendPackage(id, from, rate, units, reason, c.who.user); });
  if (!done.ok()) return NotFoundOr(done.status());
  c.Viewed(done->spec.person);
  return Reply::Json(PackageJson(*done));
}

// {"invoices": [{"package"|"phb": id, "amount", "date", "reference", "final"?, "over_reason"?}]}: all
// paid, or none.
Reply PaymentRun(Context& c, bool phbs) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const json* list = in.Raw(phbs ? "payments" : "invoices");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  const char* name = phbs ? "payments" : "invoices";
  if (!list || !list->is_array() || list->empty())
    return Reply::Bad(InvalidArgument(std::string(name) + " must be a list with at least one item", name));
  if (list->size() > fund::kInvoicesPerRunMax) {
    return Reply::Bad(InvalidArgument("a payment run may hold at most " +
                                          std::to_string(fund::kInvoicesPerRunMax) + " items; this one has " +
                                          std::to_string(list->size()),
                                      name));
  }
  std::vector<fund::Invoice> run;
  for (std::size_t i = 0; i < list->size(); ++i) {
    In item((*list)[i], std::string(name) + "[" + std::to_string(i) + "].");
    fund::Invoice inv;
    inv.package_id = item.Str(phbs ? "phb" : "package");
    inv.amount = item.Amount("amount");
    inv.date = item.DateField("date");
    inv.reference = item.Str("reference");
    inv.final = item.OptBool("final", false);
    inv.over_reason = item.OptStr("over_reason");
    if (Status st = item.Finish(); !st.ok()) return Reply::Bad(st);
    run.push_back(std::move(inv));
  }
  std::vector<fund::RunRefusal> refused;
  auto done = WriteFund(c, [&](fund::Fund& f) {
    return phbs ? f.PayPhbs(run, c.who.user, &refused) : f.PayInvoices(run, c.who.user, &refused);
  });
  if (!done.ok() && !refused.empty()) {
    // Nothing was paid. Name every refused item, as a batch of entries does.
    json errors = json::array();
    for (const fund::RunRefusal& x : refused) {
      const std::string where = std::string(name) + "[" + std::to_string(x.index) + "]";
      json e = {{"index", x.index}, {"detail", x.status.message()}};
      e["field"] = x.status.field().empty() ? where : where + "." + x.status.field();
      errors.push_back(e);
    }
    const fund::RunRefusal& first = refused.front();
    Problem p = FromStatus(first.status);
    p.detail = first.status
                   .WithContext("nothing in the run was paid; " + std::string(name) + "[" +
                                std::to_string(first.index) + "]")
                   .message();
    p.field = errors[0]["field"];
    p.extra["errors"] = errors;
    return Reply::Fail(p);
  }
  if (!done.ok()) return Reply::Refused(done.status());
  const std::vector<Receipt>& receipts = *done;
  json out = json::array();
  bool all_replayed = true;
  for (const Receipt& r : receipts) {
    out.push_back(ReceiptJson(r));
    all_replayed = all_replayed && r.replayed;
  }
  return Reply::Json({{"paid", out}}, all_replayed ? 200 : 201);
}

Reply Crises(Context& c) {
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  In q = In::Query(c.req);
  // Days waiting are counted to today (by the journal's clock) unless another day is asked for.
  const Date as_at = q.OptDate("as_at").value_or(c.read().Today());
  const bool overdue = q.OptBool("overdue", false);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto list = (*f)->UnapprovedCrises(as_at, overdue);
  if (!list.ok()) return Reply::Refused(list.status());
  json out = json::array();
  for (const auto& x : *list) {
    c.Viewed(x.person);
    out.push_back(CrisisJson(x, true));
  }
  return Reply::Json({{"as_at", as_at.ToString()}, {"crises", out}});
}

Reply ApproveCrisis(Context& c) {
  const std::string id = c.Param(1);
  auto done = WriteFund(
      c, [&](fund::Fund& f) { return f.ApproveCrisis(id, c.who.user, f.agreement().lead_budget_holder); });
  if (!done.ok()) return NotFoundOr(done.status());
  const fund::Package& p = *done;
  c.Viewed(p.spec.person);
  return Reply::Json(PackageJson(p));
}

Reply StartTransition(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  fund::TransitionSpec s;
  s.id = in.Str("id");
  s.person = in.Str("person");
  s.inpatient_package = in.Str("inpatient_package");
  s.community_package = in.Str("community_package");
  s.planned_end = in.DateField("planned_end");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto done = WriteFund(c, [&](fund::Fund& f) { return f.StartTransition(s, c.who.user); });
  if (!done.ok()) return Reply::Refused(done.status());
  const fund::Transition& t = *done;
  c.Viewed(t.spec.person);
  return Reply::Written(TransitionJson(t, true), "/api/v1/transitions/" + t.spec.id, t.replayed);
}

Reply GetTransition(Context& c) {
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  auto t = (*f)->GetTransition(c.Param(1));
  if (!t.ok()) return NotFoundOr(t.status());
  c.Viewed(t->spec.person);
  return Reply::Json(TransitionJson(*t, true));
}

Reply ListTransitions(Context& c) {
  In q = In::Query(c.req);
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  auto list = (*f)->Transitions();
  if (!list.ok()) return Reply::Refused(list.status());
  json out = json::array();
  for (const auto& t : *list) {
    c.Viewed(t.spec.person);
    out.push_back(TransitionJson(t, true));
  }
  return Reply::Json({{"transitions", out}});
}

}  // namespace

void AddCareRoutes(std::vector<Route>& r) {
  r.push_back({"POST", "/api/v1/packages", kFinance, "Commission a package (commits its cost)", Commission});
  r.push_back({"GET", "/api/v1/packages", kReaders,
               "List packages, by person or line, with cursor paging (logged)", ListPackages});
  r.push_back({"GET", "/api/v1/packages/{id}", kReaders, "One package (logged)", GetPackage});
  r.push_back({"POST", "/api/v1/packages/{id}/end", kFinance, "End or shorten a package", EndPackage});
  r.push_back({"POST", "/api/v1/packages/{id}/amend", kFinance,
               "Change a package's rate or units from a day (commits or releases the difference)",
               AmendPackage});
  r.push_back({"POST", "/api/v1/payment-runs/packages", kFinance, "Pay invoices on packages, all or none",
               [](Context& c) { return PaymentRun(c, false); }});
  r.push_back({"POST", "/api/v1/payment-runs/phbs", kFinance, "Pay PHBs, all or none",
               [](Context& c) { return PaymentRun(c, true); }});
  r.push_back({"GET", "/api/v1/crises", kReaders, "Crisis packages awaiting approval (logged)", Crises});
  r.push_back({"POST", "/api/v1/crises/{id}/approve", kLead, "Approve a crisis package", ApproveCrisis});
  r.push_back({"POST", "/api/v1/transitions", kFinance, "Link an inpatient placement and a community package",
               StartTransition});
  r.push_back({"GET", "/api/v1/transitions", kReaders, "Transitions with overlap days and cost (logged)",
               ListTransitions});
  r.push_back({"GET", "/api/v1/transitions/{id}", kReaders, "One transition (logged)", GetTransition});
}

}  // namespace poolbook::api
