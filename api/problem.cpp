#include "api/problem.h"

namespace poolbook::api {
namespace {

const char* Slug(int status) {
  switch (status) {
    case 400:
      return "invalid-input";
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 405:
      return "method-not-allowed";
    case 409:
      return "conflict";
    case 414:
      return "uri-too-long";
    case 413:
      return "body-too-large";
    case 422:
      return "business-rule";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "invalid-input";
  }
}

const char* Title(const std::string& slug) {
  if (slug == "malformed-json") return "The request body is not valid JSON";
  if (slug == "invalid-input") return "The request has a missing, mistyped or badly formed field";
  if (slug == "unauthenticated") return "A valid bearer token is needed";
  if (slug == "forbidden") return "Your role may not do this";
  if (slug == "not-found") return "Not found";
  if (slug == "method-not-allowed") return "This path does not take that method";
  if (slug == "conflict") return "This conflicts with what is already recorded";
  if (slug == "period-closed") return "The period is closed";
  if (slug == "body-too-large") return "The request body is too large";
  if (slug == "business-rule") return "The ledger's rules refuse this";
  if (slug == "uri-too-long") return "The request's path and query are too long";
  if (slug == "unavailable") return "The service is busy or stopping; nothing was done";
  if (slug == "done-not-shown") return "Done, but the result cannot be shown yet";
  return "Something went wrong on our side";
}

}  // namespace

nlohmann::json Problem::ToJson(const std::string& instance) const {
  nlohmann::json j = {{"type", "/problems/" + slug},
                      {"title", Title(slug)},
                      {"status", status},
                      {"detail", detail},
                      {"instance", instance}};
  if (!field.empty()) j["field"] = field;
  for (auto it = extra.begin(); it != extra.end(); ++it) j[it.key()] = it.value();
  return j;
}

Problem MakeProblem(int status, std::string detail, std::string field) {
  Problem p;
  p.status = status;
  p.slug = Slug(status);
  p.detail = std::move(detail);
  p.field = std::move(field);
  return p;
}

Problem BadInput(const Status& st) {
  Problem p = MakeProblem(400, st.message(), st.field());
  if (st.reason() == Reason::kMalformedJson) p.slug = "malformed-json";
  return p;
}

HttpMapping HttpStatusFor(Code code, Reason reason) {
  if (code != Code::kOk && reason == Reason::kBusy) return {503, "unavailable"};
  switch (code) {
    case Code::kOk:
    case Code::kInternal:
      return {500, "internal"};
    case Code::kInvalidArgument:
      if (reason == Reason::kMalformedJson) return {400, "malformed-json"};
      [[fallthrough]];
    case Code::kFailedPrecondition:
      if (reason == Reason::kPeriodClosed) return {409, "period-closed"};
      return {422, "business-rule"};
    case Code::kNotFound:
      return {422, "business-rule"};
    case Code::kAlreadyExists:
    case Code::kAborted:
      return {409, "conflict"};
    case Code::kUnavailable:
      return {503, "unavailable"};
  }
  return {500, "internal"};
}

Problem FromStatus(const Status& st) {
  const HttpMapping m = HttpStatusFor(st.code(), st.reason());
  if (m.status == 500) {
    return MakeProblem(500,
                       "the request could not be completed because of a fault on our side: " + st.message());
  }
  Problem p = MakeProblem(m.status, st.message(), st.field());
  p.slug = m.slug;
  return p;
}

}  // namespace poolbook::api
