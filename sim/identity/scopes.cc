// Scope parsing and the scope strings of token responses and claims.
#include "identity/scopes.h"

#include <algorithm>
#include <sstream>

#include "common/text.h"
#include "tenant/graph_permissions.h"

namespace m365sim::identity {
namespace {

constexpr std::string_view kGraphResource = "https://graph.microsoft.com";
constexpr std::string_view kGraphAppIdResource = "00000003-0000-0000-c000-000000000000";

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  std::string s;
  while (in >> s) out.push_back(s);
  return out;
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& s) { return EqualsIgnoreCase(s, value); });
}

// Splits "https://host/Name" into resource and permission; bare names have no resource.
std::pair<std::string, std::string> SplitResource(const std::string& scope) {
  size_t slash = scope.rfind('/');
  if (slash == std::string::npos) return {"", scope};
  return {scope.substr(0, slash), scope.substr(slash + 1)};
}

bool IsGraph(std::string_view resource) {
  return resource.empty() || EqualsIgnoreCase(resource, kGraphResource) ||
         EqualsIgnoreCase(resource, std::string(kGraphResource) + "/") ||
         EqualsIgnoreCase(resource, kGraphAppIdResource);
}

// Appends `word` to a space-separated list.
void AppendWord(std::string& list, std::string_view word) {
  if (!list.empty()) list += ' ';
  list += word;
}

}  // namespace

std::optional<AadError> ParseDelegatedScopes(std::string_view scope, std::string_view tenant_name,
                                             ScopeRequest* out) {
  *out = ScopeRequest{};
  std::vector<std::string> parts = Split(scope);
  if (parts.empty()) return aad::ScopeMissing();
  for (const std::string& s : parts) {
    std::string lower = ToLowerAscii(s);
    if (lower == "openid") {
      out->openid = true;
      continue;
    }
    if (lower == "profile") {
      out->profile = true;
      continue;
    }
    if (lower == "email") {
      out->email = true;
      continue;
    }
    if (lower == "offline_access") {
      out->offline_access = true;
      continue;
    }
    auto [resource, name] = SplitResource(s);
    if (!IsGraph(resource)) return aad::ResourceNotFound(resource, tenant_name);
    if (name == ".default") {
      out->graph_default = true;
      continue;
    }
    const auto* permission = tenant::FindGraphDelegatedPermission(name);
    if (permission == nullptr) return aad::ScopeInvalid(s);
    if (!Contains(out->graph, permission->value)) out->graph.emplace_back(permission->value);
  }
  if (out->graph_default && !out->graph.empty()) return aad::ScopeInvalid(std::string(scope));
  return std::nullopt;
}

std::optional<AadError> CheckAppOnlyScope(std::string_view scope, std::string_view tenant_name) {
  std::vector<std::string> parts = Split(scope);
  if (parts.empty()) return aad::ScopeMissing();
  if (parts.size() > 1) return aad::ScopeNeedsDefault(scope);
  auto [resource, name] = SplitResource(parts[0]);
  if (name != ".default") return aad::ScopeNeedsDefault(scope);
  if (resource.empty() || !IsGraph(resource)) return aad::ResourceNotFound(resource, tenant_name);
  return std::nullopt;
}

std::vector<std::string> GrantedScopes(const ScopeRequest& request, const std::vector<std::string>& consented,
                                       std::vector<std::string>* missing) {
  missing->clear();
  std::vector<std::string> out;
  if (request.graph_default) {
    out = consented;
  } else {
    for (const auto& s : request.graph) {
      if (Contains(consented, s))
        out.push_back(s);
      else
        missing->push_back(s);
    }
    // Like Entra, a token carries every consented Graph scope, not only the requested ones.
    for (const auto& s : consented) {
      if (!Contains(out, s)) out.push_back(s);
    }
  }
  std::erase_if(out, [](const std::string& s) { return tenant::IsOpenIdScope(s); });
  return out;
}

std::string ResponseScope(const std::vector<std::string>& graph_scopes, const ScopeRequest& request) {
  std::string out;
  auto add = [&](std::string_view s) { AppendWord(out, s); };
  for (const auto& s : graph_scopes) {
    add(kGraphResource);
    out.append("/").append(s);
  }
  if (request.openid) add("openid");
  if (request.profile) add("profile");
  if (request.email) add("email");
  return out;
}

std::string ScpClaim(const std::vector<std::string>& graph_scopes, const ScopeRequest& request) {
  std::string out;
  auto add = [&](std::string_view s) { AppendWord(out, s); };
  if (request.email) add("email");
  if (request.openid) add("openid");
  if (request.profile) add("profile");
  for (const auto& s : graph_scopes) add(s);
  return out;
}

}  // namespace m365sim::identity
