// People: registering by pseudonym (or by NHS number, turned into a keyed pseudonym and never
// stored), and one person's page: their packages, PHBs, transitions and spend. Every response
// naming a person is logged.
#include "ledger/fund/people.h"

#include "api/fund_json.h"
#include "api/routes/route.h"
#include "ledger/store/care_ids_store.h"
#include "ledger/store/posting_sums_store.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

Reply Register(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string pseudonym = in.OptStr("pseudonym");
  const std::string nhs = in.OptStr("nhs_number");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  if (pseudonym.empty() == nhs.empty()) {
    return Reply::Bad(InvalidArgument("give either pseudonym or nhs_number (not both)", "pseudonym"));
  }
  if (!nhs.empty() && c.config.pseudonym_secret.empty()) {
    return Reply::Fail(MakeProblem(422,
                                   "this server has no pseudonym secret configured, so it cannot register by "
                                   "NHS number; register a local pseudonym, or ask the administrator to set "
                                   "POOLBOOK_PSEUDONYM_SECRET",
                                   "nhs_number"));
  }
  bool known = false;  // registered before: a retry (the writer runs one write at a time)
  auto done = WriteFund(c, [&](fund::Fund& f) {
    const auto candidate = nhs.empty() ? StatusOr<std::string>(pseudonym)
                                       : fund::PseudonymForNhsNumber(nhs, c.config.pseudonym_secret);
    known = candidate.ok() && f.CheckRegistered(*candidate).ok();
    return f.RegisterPerson(pseudonym, nhs, c.config.pseudonym_secret, c.who.user);
  });
  if (!done.ok()) return Reply::Refused(done.status());
  const std::string& out = *done;
  c.Viewed(out);
  return Reply::Written({{"pseudonym", out}}, "/api/v1/people/" + out, known);
}

StatusOr<std::vector<std::string>> Ids(store::Database& db, store::CareRecord kind,
                                       const std::string& person) {
  try {
    return store::CareIdsForPerson(db, kind, person);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading a person's care records");
  }
}

// Spend and commitments by book, line and partner, from the person's postings.
StatusOr<json> Totals(store::Database& db, const std::string& person) {
  json out = json::array();
  try {
    for (const store::PersonTotalRow& r : store::PersonTotals(db, person)) {
      auto m = PenceSum(r.pence);
      if (!m.ok()) return m.status();
      out.push_back({{"book", r.book}, {"line", r.line}, {"partner", r.partner}, {"amount", m->ToString()}});
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "summing a person's postings");
  }
  return out;
}

Reply Person(Context& c) {
  const std::string person = c.Param(1);
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  if (Status st = (*f)->CheckRegistered(person); !st.ok()) {
    return st.code() == Code::kNotFound ? Reply::Missing(st.message()) : Reply::Refused(st);
  }
  store::Database& db = c.read().db();
  store::ReadTransaction tx(db);
  json out = {{"pseudonym", person}};
  auto packages = Ids(db, store::CareRecord::kPackage, person);
  auto phbs = Ids(db, store::CareRecord::kPhb, person);
  auto transitions = Ids(db, store::CareRecord::kTransition, person);
  for (const auto* ids : {&packages, &phbs, &transitions})
    if (!ids->ok()) return Reply::Refused(ids->status());
  out["packages"] = json::array();
  for (const std::string& id : *packages) {
    auto p = (*f)->GetPackage(id);
    if (!p.ok()) return Reply::Refused(p.status());
    out["packages"].push_back(PackageJson(*p));
  }
  out["phbs"] = json::array();
  for (const std::string& id : *phbs) {
    auto p = (*f)->GetPhb(id);
    if (!p.ok()) return Reply::Refused(p.status());
    out["phbs"].push_back(PhbJson(*p));
  }
  out["transitions"] = json::array();
  for (const std::string& id : *transitions) {
    auto t = (*f)->GetTransition(id);
    if (!t.ok()) return Reply::Refused(t.status());
    out["transitions"].push_back(TransitionJson(*t, true));
  }
  auto totals = Totals(db, person);
  if (!totals.ok()) return Reply::Refused(totals.status());
  out["totals"] = std::move(*totals);
  c.Viewed(person);
  return Reply::Json(out);
}

}  // namespace

void AddPeopleRoutes(std::vector<Route>& r) {
  r.push_back({"POST", "/api/v1/people", kFinance, "Register a person by pseudonym or NHS number", Register});
  r.push_back({"GET", "/api/v1/people/{pseudonym}", kReaders,
               "One person: packages, PHBs, transitions and totals (logged)", Person});
}

}  // namespace poolbook::api
