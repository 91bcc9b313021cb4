// People: registering by pseudonym (or by NHS number, turned into a keyed pseudonym and never
// stored), and one person's page: their packages, PHBs, transitions and spend. Every response
// naming a person is logged.
#include "ledger/fund/people.h"

#include "api/fund_json.h"
#include "api/routes/route.h"

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

StatusOr<std::vector<std::string>> Ids(store::Database& db, const std::string& table,
                                       const std::string& person) {
  std::vector<std::string> ids;
  try {
    soci::rowset<std::string> rows =
        (db.sql().prepare << "SELECT id FROM " + table + " WHERE person = :p ORDER BY id", soci::use(person));
    for (const std::string& id : rows) ids.push_back(id);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading " + table);
  }
  return ids;
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
  auto packages = Ids(db, "fund_packages", person);
  auto phbs = Ids(db, "fund_phbs", person);
  auto transitions = Ids(db, "fund_transitions", person);
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
  // Spend and commitments by book, line and partner, from the person's postings.
  out["totals"] = json::array();
  try {
    soci::rowset<soci::row> rows =
        (db.sql().prepare << "SELECT e.book, COALESCE(p.line, ''), p.partner, CAST(SUM(p.amount) AS TEXT)"
                             " FROM postings p JOIN entries e ON e.id = p.entry_id WHERE p.person = :p"
                             " GROUP BY e.book, p.line, p.partner ORDER BY e.book, p.line, p.partner",
         soci::use(person));
    for (const soci::row& r : rows) {
      auto m = PenceSum(r.get<std::string>(3));
      if (!m.ok()) return Reply::Refused(m.status());
      out["totals"].push_back({{"book", r.get<std::string>(0)},
                               {"line", r.get<std::string>(1)},
                               {"partner", r.get<std::string>(2)},
                               {"amount", m->ToString()}});
    }
  } catch (const std::exception& e) {
    return Reply::Refused(store::FromDatabaseError(e, "summing a person's postings"));
  }
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
