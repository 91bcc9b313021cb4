#include "api/routes/route.h"

namespace poolbook::api {

const std::vector<Route>& AllRoutes() {
  static const std::vector<Route> routes = [] {
    std::vector<Route> r;
    AddEntryRoutes(r);
    AddLedgerRoutes(r);
    AddFundRoutes(r);
    AddPeopleRoutes(r);
    AddCareRoutes(r);
    AddPhbRoutes(r);
    AddVirementRoutes(r);
    AddCorrectionRoutes(r);
    AddUserRoutes(r);
    AddReportRoutes(r);
    AddExportRoutes(r);
    return r;
  }();
  return routes;
}

Status WithWriteFund(Context& c, const std::function<Status(fund::Fund&)>& fn) {
  return c.writer.Run([&](Journal& j) -> Status {
    auto f = fund::Fund::Load(j);
    if (!f.ok()) return f.status();
    return fn(**f);
  });
}

std::optional<Reply> ReadBody(Context& c, nlohmann::json& out) {
  auto j = ParseJsonBody(c.req.body);
  if (!j.ok()) return Reply::Bad(j.status());
  if (!j->is_object()) return Reply::Bad(InvalidArgument("the body must be a JSON object"));
  out = std::move(*j);
  return std::nullopt;
}

Reply NotFoundOr(const Status& st) {
  const std::string& f = st.field();
  if (st.code() == Code::kNotFound && (f == "id" || f == "package" || f == "phb" || f == "recovery"))
    return Reply::Missing(st.message());
  return Reply::Refused(st);
}

StatusOr<Money> PenceSum(const std::string& text) {
  const bool digits = !text.empty() && text.size() <= 40 &&
                      text.find_first_not_of("0123456789", text[0] == '-' ? 1 : 0) == std::string::npos;
  if (!digits)
    return Internal("a sum of pence from the database does not read: \"" + text.substr(0, 40) + "\"");
  return Money::FromPence(Int128(text));
}

long long PageLimit(In& q, const config::ServerConfig& config) {
  return q.OptInt("limit", std::min<long long>(100, config.limits.page_size_max), 1,
                  config.limits.page_size_max);
}

}  // namespace poolbook::api
