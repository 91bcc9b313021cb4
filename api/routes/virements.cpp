// Virements: moving budget between lines. At or below the threshold they apply at once; above it
// they wait for the lead budget holder, who may approve or reject (never their own request).
#include "api/fund_json.h"
#include "api/routes/route.h"

namespace poolbook::api {
namespace {

using nlohmann::json;

// `state=pending|approved|rejected|undone`: only the virements in that state. Empty: all of them.
StatusOr<std::optional<fund::VirementState>> StateFilter(const std::string& text) {
  if (text.empty()) return std::optional<fund::VirementState>();
  for (auto s : {fund::VirementState::kPending, fund::VirementState::kApproved,
                 fund::VirementState::kRejected, fund::VirementState::kUndone}) {
    if (text == fund::VirementStateName(s)) return std::optional<fund::VirementState>(s);
  }
  return InvalidArgument(
      "state must be pending, approved, rejected or undone, not \"" + text.substr(0, 40) + "\"", "state");
}

Reply List(Context& c) {
  In q = In::Query(c.req);
  auto state = StateFilter(q.OptStr("state"));
  if (Status st = q.Finish(); !st.ok()) return Reply::Bad(st);
  if (!state.ok()) return Reply::Bad(state.status());
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  auto v = (*f)->VirementRegister();
  if (!v.ok()) return Reply::Refused(v.status());
  json out = json::array();
  for (const auto& x : *v) {
    if (!*state || x.state == **state) out.push_back(VirementJson(x));
  }
  return Reply::Json({{"virements", out}});
}

Reply Request(Context& c) {
  json body;
  if (auto bad = ReadBody(c, body)) return *bad;
  In in(body);
  const std::string from = in.Str("from_line"), to = in.Str("to_line");
  const Money amount = in.Amount("amount");
  const Date date = in.DateField("date");
  const std::string reference = in.Str("reference"), reason = in.Str("reason");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto done = WriteFund(c, [&](fund::Fund& f) {
    return f.RequestVirement(from, to, amount, date, reference, reason, c.who.user);
  });
  if (!done.ok()) return Reply::Refused(done.status());
  const fund::Virement& v = *done;
  json out = VirementJson(v);
  out["replayed"] = v.replayed;
  if (v.replayed) return Reply::Json(out);  // a retry: as it stands now
  // 202: waiting for the lead budget holder; 201: applied at once.
  return Reply::Created(out, "/api/v1/virements/" + std::to_string(v.id),
                        v.state == fund::VirementState::kPending ? 202 : 201);
}

Reply Decide(Context& c, bool approve) {
  const auto parsed = ParseId(c.Param(1), "a virement id");
  if (!parsed.ok()) return Reply::Bad(parsed.status());
  const long long id = *parsed;
  json body = json::object();
  if (!c.req.body.empty()) {
    if (auto bad = ReadBody(c, body)) return *bad;
  }
  In in(body);
  const std::string note = in.OptStr("note");
  if (Status st = in.Finish(); !st.ok()) return Reply::Bad(st);
  auto done = WriteFund(c, [&](fund::Fund& f) {
    return f.DecideVirement(id, approve, c.who.user, f.agreement().lead_budget_holder, note);
  });
  if (!done.ok()) return NotFoundOr(done.status());
  const fund::Virement& v = *done;
  return Reply::Json(VirementJson(v));
}

Reply GetOne(Context& c) {
  const auto id = ParseId(c.Param(1), "a virement id");
  if (!id.ok()) return Reply::Bad(id.status());
  auto f = c.ReadFund();
  if (!f.ok()) return Reply::Refused(f.status());
  auto v = (*f)->GetVirement(*id);
  if (!v.ok()) return NotFoundOr(v.status());
  return Reply::Json(VirementJson(*v));
}

}  // namespace

void AddVirementRoutes(std::vector<Route>& r) {
  r.push_back({"GET", "/api/v1/virements", kReaders, "The virement register", List});
  r.push_back({"GET", "/api/v1/virements/{id}", kReaders, "One virement", GetOne});
  r.push_back({"POST", "/api/v1/virements", kFinance, "Ask to move budget between lines", Request});
  r.push_back({"POST", "/api/v1/virements/{id}/approve", kLead, "Approve a pending virement",
               [](Context& c) { return Decide(c, true); }});
  r.push_back({"POST", "/api/v1/virements/{id}/reject", kLead, "Reject a pending virement",
               [](Context& c) { return Decide(c, false); }});
}

}  // namespace poolbook::api
