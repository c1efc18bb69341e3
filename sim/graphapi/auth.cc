// GraphAuth: token checks in Graph's order, and the permission helper.
#include "graphapi/auth.h"

#include <algorithm>
#include <sstream>

#include "graphapi/errors.h"
#include "http/headers.h"

namespace m365sim::graphapi {
namespace {

constexpr int64_t kNotBeforeSkewSeconds = 300;

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& s) { return http::EqualsIgnoreCase(s, value); });
}

std::vector<std::string> Strings(const nlohmann::json& claims, const char* name) {
  std::vector<std::string> out;
  auto it = claims.find(name);
  if (it == claims.end()) return out;
  if (it->is_array()) {
    for (const auto& v : *it) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  } else if (it->is_string()) {
    std::istringstream in(it->get<std::string>());
    std::string s;
    while (in >> s) out.push_back(s);
  }
  return out;
}

bool IsGraphAudience(std::string_view aud) {
  return aud == "https://graph.microsoft.com" || aud == "https://graph.microsoft.com/" ||
         aud == "00000003-0000-0000-c000-000000000000";
}

}  // namespace

bool Caller::HasRole(std::string_view value) const { return Contains(roles, value); }
bool Caller::HasScope(std::string_view value) const { return Contains(scopes, value); }
bool Caller::HasDirectoryRole(std::string_view id) const { return Contains(wids, id); }

bool Caller::HasAny(const std::vector<std::string_view>& want_roles,
                    const std::vector<std::string_view>& want_scopes) const {
  if (app_only) return std::any_of(want_roles.begin(), want_roles.end(), [&](auto r) { return HasRole(r); });
  return std::any_of(want_scopes.begin(), want_scopes.end(), [&](auto s) { return HasScope(s); });
}

http::Response InvalidToken(http::Request& request, std::string_view message) {
  http::Response r = GraphError(request, 401, "InvalidAuthenticationToken", message);
  r.headers.Set(
      "WWW-Authenticate",
      R"(Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", )"
      R"(client_id="00000003-0000-0000-c000-000000000000")");
  return r;
}

std::variant<GraphAuth::Verified, http::Response> GraphAuth::Verify(http::Request& request,
                                                                    std::string_view token) const {
  auto claims = signer_.Verify(token);
  if (!claims.ok()) {
    if (token.find('.') == std::string_view::npos) {
      return InvalidToken(request, "IDX14100: JWT is not well formed, there are no dots (.).");
    }
    return InvalidToken(request, "Access token validation failure.");
  }
  const nlohmann::json& c = *claims;
  if (!c.value("exp", nlohmann::json()).is_number() || !c.value("nbf", nlohmann::json()).is_number()) {
    return InvalidToken(request, "Access token has expired or is not yet valid.");
  }
  if (!IsGraphAudience(c.value("aud", ""))) {
    return InvalidToken(request, "Access token validation failure. Invalid audience.");
  }
  if (c.value("tid", "") != tenant_id_) {
    return InvalidToken(request, "Access token validation failure. Invalid issuer.");
  }
  auto caller = std::make_shared<Caller>();
  caller->app_only = c.value("idtyp", "") == "app";
  caller->tenant_id = c.value("tid", "");
  caller->app_id = c.value("appid", "");
  caller->app_display_name = c.value("app_displayname", "");
  caller->object_id = c.value("oid", "");
  caller->roles = Strings(c, "roles");
  caller->scopes = Strings(c, "scp");
  caller->wids = Strings(c, "wids");
  caller->claims = c;
  return Verified{std::move(caller), c["nbf"].get<int64_t>(), c["exp"].get<int64_t>()};
}

std::variant<std::shared_ptr<const Caller>, http::Response> GraphAuth::Check(http::Request& request) const {
  constexpr size_t kCacheLimit = 8192;
  std::string_view header = request.headers.Get("Authorization");
  if (header.empty()) return InvalidToken(request, "Access token is empty.");
  if (header.size() < 7 || !http::EqualsIgnoreCase(header.substr(0, 7), "Bearer ")) {
    return InvalidToken(request, "Access token validation failure. Invalid audience.");
  }
  std::string token(header.substr(7));
  std::optional<Verified> verified;
  {
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(token);
    if (it != cache_.end()) verified = it->second;
  }
  if (!verified) {
    auto result = Verify(request, token);
    if (auto* error = std::get_if<http::Response>(&result)) return std::move(*error);
    verified = std::get<Verified>(std::move(result));
    std::lock_guard lock(cache_mutex_);
    if (cache_.size() >= kCacheLimit) cache_.clear();
    cache_.emplace(std::move(token), *verified);
  }
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  if (verified->expires <= now || verified->not_before > now + kNotBeforeSkewSeconds) {
    return InvalidToken(request, "Access token has expired or is not yet valid.");
  }
  return verified->caller;
}

std::variant<Caller, http::Response> GraphAuth::Authenticate(http::Request& request) const {
  auto result = Check(request);
  if (auto* error = std::get_if<http::Response>(&result)) return std::move(*error);
  return *std::get<std::shared_ptr<const Caller>>(result);
}

http::Handler GraphAuth::Protect(ProtectedHandler handler) const {
  return [this, handler = std::move(handler)](http::Request& request) {
    auto result = Check(request);
    if (auto* error = std::get_if<http::Response>(&result)) return std::move(*error);
    return handler(request, *std::get<std::shared_ptr<const Caller>>(result));
  };
}

std::optional<http::Response> RequirePermission(http::Request& request, const Caller& caller,
                                                const std::vector<std::string_view>& roles,
                                                const std::vector<std::string_view>& scopes,
                                                std::string_view code, std::string_view message) {
  if (caller.HasAny(roles, scopes)) return std::nullopt;
  return GraphError(request, 403, code, message);
}

}  // namespace m365sim::graphapi
