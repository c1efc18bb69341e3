// Admin API: accounts (create, alter, disable, MFA, roles), pending MFA codes, device-code approval.
#include <algorithm>

#include "admin/handlers.h"
#include "core/random.h"
#include "core/time.h"
#include "identity/state.h"
#include "tenant/ids.h"
#include "tenant/roles.h"
#include "tenant/serialize.h"

namespace m365sim::admin {
namespace {

std::optional<tenant::MfaState> ParseMfa(const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>() ? tenant::MfaState::kEnabled : tenant::MfaState::kNone;
  if (!v.is_string()) return std::nullopt;
  std::string s = v.get<std::string>();
  if (s == "none") return tenant::MfaState::kNone;
  if (s == "enabled") return tenant::MfaState::kEnabled;
  if (s == "registration-required") return tenant::MfaState::kRegistrationRequired;
  return std::nullopt;
}

// Applies the fields of `body` to `user`; returns an error message or "".
std::string Apply(const nlohmann::json& body, tenant::User& user) {
  if (body.contains("password")) {
    if (!body["password"].is_string() || body["password"].get<std::string>().empty())
      return "password must be a non-empty string";
    user.password = body["password"];
  }
  if (body.contains("display_name") && body["display_name"].is_string())
    user.display_name = body["display_name"];
  if (body.contains("enabled")) {
    if (!body["enabled"].is_boolean()) return "enabled must be true or false";
    user.account_enabled = body["enabled"];
  }
  if (body.contains("mfa")) {
    auto mfa = ParseMfa(body["mfa"]);
    if (!mfa) return "mfa must be true, false, \"none\", \"enabled\" or \"registration-required\"";
    user.mfa = *mfa;
  }
  if (body.contains("federated")) user.federated = body.value("federated", false);
  if (body.contains("cloud_password_validation")) {
    user.cloud_password_validation = body.value("cloud_password_validation", false);
  }
  if (body.contains("roles")) {
    if (!body["roles"].is_array()) return "roles must be an array of role names or template ids";
    std::vector<std::string> ids;
    for (const auto& r : body["roles"]) {
      const auto* t = r.is_string() ? tenant::FindDirectoryRoleTemplate(r.get<std::string>()) : nullptr;
      if (t == nullptr) return "unknown directory role " + r.dump();
      ids.emplace_back(t->id);
    }
    user.role_template_ids = ids;
  }
  return "";
}

// Activates the directory roles that users now hold.
void SyncDirectoryRoles(tenant::Tenant& t) {
  for (const auto& u : t.users) {
    for (const auto& id : u.role_template_ids) {
      bool active = std::any_of(t.directory_roles.begin(), t.directory_roles.end(),
                                [&](const tenant::DirectoryRole& r) { return r.role_template_id == id; });
      const auto* tmpl = tenant::FindDirectoryRoleTemplate(id);
      if (!active && tmpl != nullptr) {
        t.directory_roles.push_back({ark::NewUuid(), std::string(tmpl->id), std::string(tmpl->display_name),
                                     std::string(tmpl->description)});
      }
    }
  }
}

http::Response AccountJson(const tenant::User& u, int status = 200) {
  return http::Response::Text(status, tenant::UserToJson(u).dump(), "application/json; charset=utf-8");
}

http::Response NoAccount(const http::Request& request) {
  return AdminError(404, "notFound",
                    "no account '" + std::string(request.Param("account")) + "' (use a UPN or an id)");
}

}  // namespace

http::Response ListAccounts(Context& ctx, http::Request& /*request*/) {
  std::string body = ctx.store->Read([](const tenant::Tenant& t) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& u : t.users) out.push_back(tenant::UserToJson(u));
    return nlohmann::ordered_json{{"accounts", out}}.dump();
  });
  return http::Response::Text(200, std::move(body), "application/json; charset=utf-8");
}

http::Response GetAccount(Context& ctx, http::Request& request) {
  auto user = ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<tenant::User> {
    const auto* u = t.FindUser(request.Param("account"));
    return u ? std::optional(*u) : std::nullopt;
  });
  return user ? AccountJson(*user) : NoAccount(request);
}

http::Response CreateAccount(Context& ctx, http::Request& request) {
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.value("upn", nlohmann::json()).is_string()) {
    return AdminError(400, "invalidRequest", "send {\"upn\": \"name\" or \"name@domain\", ...}");
  }
  std::string error;
  auto user = ctx.store->Write([&](tenant::Tenant& t) -> std::optional<tenant::User> {
    std::string upn = body["upn"];
    if (upn.find('@') == std::string::npos) upn += "@" + t.organization.InitialDomain();
    if (t.FindUser(upn) != nullptr) {
      error = "an account " + upn + " exists already";
      return std::nullopt;
    }
    if (t.FindDomain(upn.substr(upn.find('@') + 1)) == nullptr) {
      error = "the domain of " + upn + " is not a domain of the tenant";
      return std::nullopt;
    }
    tenant::User u;
    u.id = ark::NewUuid();
    u.user_principal_name = upn;
    u.mail = upn;
    u.mail_nickname = upn.substr(0, upn.find('@'));
    u.display_name = u.mail_nickname;
    u.created = ctx.clock->Now();
    u.password = "Sim-" + tenant::RandomBase64UrlId(9) + "#1a";
    u.mfa_phone = "+1 425 555 0199";
    u.purpose = "admin-api";
    const auto* domain = t.FindDomain(upn.substr(upn.find('@') + 1));
    u.federated = domain->authentication_type == "Federated";
    error = Apply(body, u);
    if (!error.empty()) return std::nullopt;
    t.users.push_back(u);
    SyncDirectoryRoles(t);
    return u;
  });
  if (!user) return AdminError(400, "invalidRequest", error);
  return AccountJson(*user, 201);
}

http::Response UpdateAccount(Context& ctx, http::Request& request) {
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object()) return AdminError(400, "invalidRequest", "the body must be a JSON object");
  std::string error;
  bool found = true;
  auto user = ctx.store->Write([&](tenant::Tenant& t) -> std::optional<tenant::User> {
    tenant::User* u = t.FindUser(request.Param("account"));
    if (u == nullptr) {
      found = false;
      return std::nullopt;
    }
    tenant::User copy = *u;
    error = Apply(body, copy);
    if (!error.empty()) return std::nullopt;
    *u = copy;
    SyncDirectoryRoles(t);
    return copy;
  });
  if (!found) return NoAccount(request);
  if (!user) return AdminError(400, "invalidRequest", error);
  return AccountJson(*user);
}

http::Response DeleteAccount(Context& ctx, http::Request& request) {
  std::string id;
  ctx.store->Write([&](tenant::Tenant& t) {
    const tenant::User* u = t.FindUser(request.Param("account"));
    if (u == nullptr) return 0;
    id = u->id;
    std::erase_if(t.users, [&](const tenant::User& x) { return x.id == id; });
    for (auto& g : t.groups) std::erase(g.member_ids, id);
    return 0;
  });
  if (id.empty()) return NoAccount(request);
  ctx.identity->RevokeRefreshTokens(id, "");
  return http::Response::Empty(204);
}

http::Response RevokeSessions(Context& ctx, http::Request& request) {
  std::string id = ctx.store->Read([&](const tenant::Tenant& t) {
    const auto* u = t.FindUser(request.Param("account"));
    return u ? u->id : std::string();
  });
  if (id.empty()) return NoAccount(request);
  int revoked = ctx.identity->RevokeRefreshTokens(id, "");
  return http::Response::Json(200, {{"revoked_refresh_tokens", revoked}});
}

http::Response GetPendingMfa(Context& ctx, http::Request& request) {
  std::string id = ctx.store->Read([&](const tenant::Tenant& t) {
    const auto* u = t.FindUser(request.Param("account"));
    return u ? u->id : std::string();
  });
  if (id.empty()) return NoAccount(request);
  auto pending = ctx.identity->FindPendingMfa(id);
  if (!pending) return AdminError(404, "notFound", "no MFA prompt is pending for this account");
  return http::Response::Json(200,
                              {{"code", pending->code}, {"created", ark::FormatRfc3339(pending->created)}});
}

http::Response ListDeviceCodes(Context& ctx, http::Request& /*request*/) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& dc : ctx.identity->DeviceCodes()) {
    const char* state = dc.state == identity::DeviceCodeState::kPending    ? "pending"
                        : dc.state == identity::DeviceCodeState::kApproved ? "approved"
                        : dc.state == identity::DeviceCodeState::kDeclined ? "declined"
                                                                           : "redeemed";
    out.push_back({{"user_code", dc.user_code},
                   {"client_id", dc.client_id},
                   {"state", state},
                   {"expires", ark::FormatRfc3339(dc.expires)}});
  }
  return http::Response::Json(200, {{"device_codes", out}});
}

namespace {

http::Response SetDeviceCode(Context& ctx, http::Request& request, identity::DeviceCodeState state) {
  auto body = nlohmann::json::parse(request.body.empty() ? "{}" : request.body, nullptr, false);
  auto dc = ctx.identity->FindDeviceCodeByUserCode(std::string(request.Param("user_code")));
  if (!dc) return AdminError(404, "notFound", "no device code with this user code");
  std::string user_id;
  if (state == identity::DeviceCodeState::kApproved) {
    std::string upn = body.value("upn", "");
    user_id = ctx.store->Read([&](const tenant::Tenant& t) {
      const auto* u = t.FindUser(upn);
      return u ? u->id : std::string();
    });
    if (user_id.empty()) return AdminError(400, "invalidRequest", "send {\"upn\": \"<account>\"} to approve");
  }
  std::vector<std::string> amr = {"pwd"};
  if (body.value("mfa", false)) amr.emplace_back("mfa");
  if (!ctx.identity->SetDeviceCodeState(dc->device_code, state, user_id, amr)) {
    return AdminError(409, "conflict", "the device code is no longer pending");
  }
  return http::Response::Empty(204);
}

}  // namespace

http::Response ApproveDeviceCode(Context& ctx, http::Request& request) {
  return SetDeviceCode(ctx, request, identity::DeviceCodeState::kApproved);
}

http::Response DeclineDeviceCode(Context& ctx, http::Request& request) {
  return SetDeviceCode(ctx, request, identity::DeviceCodeState::kDeclined);
}

}  // namespace m365sim::admin
