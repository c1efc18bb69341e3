// The directory collections backup tools enumerate: users, groups, members, their delta feeds.
#include "people/routes.h"

#include "common/text.h"
#include "core/time.h"
#include "directory/graph_json.h"
#include "graphapi/errors.h"
#include "people/filter.h"
#include "tenant/clock.h"
#include "workloads/odata.h"

namespace m365sim::people {
namespace {

using workloads::Call;
using workloads::Json;

const std::vector<std::string_view> kUserRoles = {"User.Read.All", "User.ReadWrite.All", "Directory.Read.All",
                                                  "Directory.ReadWrite.All"};
const std::vector<std::string_view> kUserScopes = {"User.Read.All", "User.ReadBasic.All", "Directory.Read.All",
                                                   "Directory.AccessAsUser.All"};
const std::vector<std::string_view> kGroupRoles = {"Group.Read.All", "Group.ReadWrite.All", "GroupMember.Read.All",
                                                   "Directory.Read.All", "Directory.ReadWrite.All"};
const std::vector<std::string_view> kGroupScopes = {"Group.Read.All", "GroupMember.Read.All", "Directory.Read.All",
                                                    "Directory.AccessAsUser.All"};

std::string IsoTime(tenant::Time t) {
  return ark::FormatRfc3339(std::chrono::time_point_cast<std::chrono::seconds>(t));
}

// Every property we know of a user; the default response is Graph's smaller set.
Json FullUserJson(const tenant::User& u) {
  Json j = directory::UserJson(u);
  j["accountEnabled"] = u.account_enabled;
  j["createdDateTime"] = IsoTime(u.created);
  j["department"] = u.department.empty() ? Json(nullptr) : Json(u.department);
  j["mailNickname"] = u.mail_nickname;
  j["usageLocation"] = u.usage_location;
  j["userType"] = u.user_type;
  return j;
}

Json UserOut(const tenant::User& u, std::string_view select) {
  return select.empty() ? directory::UserJson(u) : workloads::Select(FullUserJson(u), select);
}

std::optional<http::Response> Guard(Call& call, bool groups, uint32_t cost) {
  if (auto denied = workloads::Require(call, groups ? kGroupRoles : kUserRoles, groups ? kGroupScopes : kUserScopes,
                                       "Authorization_RequestDenied",
                                       "Insufficient privileges to complete the operation.")) {
    return denied;
  }
  return workloads::Admit(call, workloads::ChargeFor(call, throttle::Workload::kIdentity, "", cost));
}

std::optional<Filter> ParseFilterOr400(Call& call, std::optional<http::Response>* error) {
  auto text = call.req.query.Get("$filter");
  if (!text) return std::nullopt;
  auto f = Filter::Parse(*text);
  if (!f.ok()) {
    *error = graphapi::GraphError(call.req, 400, "Request_UnsupportedQuery", f.status().message());
    return std::nullopt;
  }
  return *f;
}

std::optional<http::Response> CheckCount(Call& call) {
  if (call.req.query.GetOr("$count") == "true" &&
      !EqualsIgnoreCase(call.req.headers.Get("ConsistencyLevel"), "eventual")) {
    return graphapi::GraphError(call.req, 400, "Request_BadRequest",
                                "$count is not currently supported without the ConsistencyLevel header "
                                "set to eventual.");
  }
  return std::nullopt;
}

http::Response ListUsers(Call& call) {
  std::string select = call.req.query.GetOr("$select");
  if (auto r = Guard(call, false, select.empty() ? 2 : 1)) return *r;
  if (auto r = CheckCount(call)) return *r;
  std::optional<http::Response> error;
  auto filter = ParseFilterOr400(call, &error);
  if (error) return *error;
  std::vector<Json> items = call.svc.ctx.store->Read([&](const tenant::Tenant& t) {
    std::vector<Json> out;
    for (const auto& u : t.users) {
      if (filter && !filter->Matches(FullUserJson(u))) continue;
      out.push_back(UserOut(u, select));
    }
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#users", std::move(items), 100, 999);
}

http::Response GetUser(Call& call) {
  std::string select = call.req.query.GetOr("$select");
  if (auto r = Guard(call, false, 1)) return *r;
  auto user = call.svc.ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<Json> {
    const tenant::User* u = t.FindUser(call.req.Param("id"));
    if (!u) return std::nullopt;
    return UserOut(*u, select);
  });
  if (!user) {
    return graphapi::GraphError(call.req, 404, "Request_ResourceNotFound",
                                "Resource '" + std::string(call.req.Param("id")) +
                                    "' does not exist or one of its queried reference-property objects are not "
                                    "present.");
  }
  Json body;
  body["@odata.context"] = call.Base() + "/$metadata#users/$entity";
  for (auto it = user->begin(); it != user->end(); ++it) body[it.key()] = it.value();
  return graphapi::GraphJson(call.req, body);
}

http::Response ListGroups(Call& call) {
  std::string select = call.req.query.GetOr("$select");
  if (auto r = Guard(call, true, select.empty() ? 2 : 1)) return *r;
  if (auto r = CheckCount(call)) return *r;
  std::optional<http::Response> error;
  auto filter = ParseFilterOr400(call, &error);
  if (error) return *error;
  std::vector<Json> items = call.svc.ctx.store->Read([&](const tenant::Tenant& t) {
    std::vector<Json> out;
    for (const auto& g : t.groups) {
      Json j = directory::GroupJson(g);
      if (filter && !filter->Matches(j)) continue;
      out.push_back(std::move(j));
    }
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#groups", std::move(items), 100, 999);
}

http::Response GetGroup(Call& call) {
  if (auto r = Guard(call, true, 1)) return *r;
  auto group = call.svc.ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<Json> {
    const tenant::Group* g = t.FindGroup(call.req.Param("id"));
    if (!g) return std::nullopt;
    return directory::GroupJson(*g);
  });
  if (!group) {
    return graphapi::GraphError(call.req, 404, "Request_ResourceNotFound",
                                "Resource '" + std::string(call.req.Param("id")) + "' does not exist.");
  }
  Json body;
  body["@odata.context"] = call.Base() + "/$metadata#groups/$entity";
  for (auto it = group->begin(); it != group->end(); ++it) body[it.key()] = it.value();
  return graphapi::GraphJson(call.req, workloads::Select(body, call.req.query.GetOr("$select")));
}

http::Response ListMembers(Call& call, bool owners) {
  if (auto r = Guard(call, true, 3)) return *r;
  auto members = call.svc.ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<std::vector<Json>> {
    const tenant::Group* g = t.FindGroup(call.req.Param("id"));
    if (!g) return std::nullopt;
    std::vector<Json> out;
    for (const auto& id : owners ? g->owner_ids : g->member_ids) {
      if (const tenant::User* u = t.FindUser(id)) {
        Json j;
        j["@odata.type"] = "#microsoft.graph.user";
        workloads::AppendMembers(j, UserOut(*u, call.req.query.GetOr("$select")));
        out.push_back(std::move(j));
      }
    }
    return out;
  });
  if (!members) {
    return graphapi::GraphError(call.req, 404, "Request_ResourceNotFound",
                                "Resource '" + std::string(call.req.Param("id")) + "' does not exist.");
  }
  return workloads::ListResponse(call, call.Base() + "/$metadata#directoryObjects", std::move(*members), 100, 999);
}

http::Response Delta(Call& call, bool groups) {
  if (auto r = Guard(call, groups, 5)) return *r;
  std::string collection = groups ? "directory/groups" : "directory/users";
  std::string select = call.req.query.GetOr("$select");
  auto latest = call.svc.store.Read(
      [&](const content::Content& c) { return groups ? c.group_journal.last_seq() : c.user_journal.last_seq(); });
  auto begun = workloads::BeginDelta(call, workloads::DeltaStyle::kDirectory, collection, select, latest);
  if (auto* error = std::get_if<http::Response>(&begun)) return *error;
  auto& round = std::get<workloads::DeltaRound>(begun);
  std::vector<Json> objects = call.svc.ctx.store->Read([&](const tenant::Tenant& t) {
    std::vector<Json> out;
    if (groups) {
      for (const auto& g : t.groups) out.push_back(directory::GroupJson(g));
    } else {
      for (const auto& u : t.users) out.push_back(groups ? Json() : UserOut(u, round.state.options));
    }
    return out;
  });
  size_t page = workloads::PageSize(call.req, 100, 999);
  std::string path = call.Base() + (groups ? "/groups/delta" : "/users/delta");
  Json body = call.svc.store.Read([&](const content::Content& c) {
    const auto& journal = groups ? c.group_journal : c.user_journal;
    return workloads::DeltaPage(call, workloads::DeltaStyle::kDirectory, round, journal, page,
                                call.Base() + "/$metadata#" + (groups ? "groups" : "users"), path,
                                [&](const delta::JournalEntry& e) -> std::optional<Json> {
                                  if (e.key >= objects.size()) return std::nullopt;
                                  if (e.removed) {
                                    return Json{{"id", objects[e.key]["id"]}, {"@removed", {{"reason", "changed"}}}};
                                  }
                                  return workloads::Select(objects[e.key], round.state.options);
                                });
  });
  return graphapi::GraphJson(call.req, body);
}

}  // namespace

void RegisterRoutes(http::Router& graph, workloads::Service& svc) {
  workloads::AddRoute(graph, svc, "GET", "/v1.0/users", ListUsers);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/users/delta", [](Call& c) { return Delta(c, false); });
  workloads::AddRoute(graph, svc, "GET", "/v1.0/users/{id}", GetUser);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/groups", ListGroups);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/groups/delta", [](Call& c) { return Delta(c, true); });
  workloads::AddRoute(graph, svc, "GET", "/v1.0/groups/{id}", GetGroup);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/groups/{id}/members", [](Call& c) { return ListMembers(c, false); });
  workloads::AddRoute(graph, svc, "GET", "/v1.0/groups/{id}/owners", [](Call& c) { return ListMembers(c, true); });
}

}  // namespace m365sim::people
