// JWT payload reading for role hints (see token_claims.h).
#include "org/token_claims.h"

#include <nlohmann/json.hpp>

#include "core/encoding.h"

namespace ark::org {
namespace {

std::optional<std::vector<std::string>> StringList(const nlohmann::json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end() || !it->is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

std::optional<TokenClaims> ReadTokenClaims(const Secret& token) {
  std::string_view t = token.reveal();
  size_t first = t.find('.');
  size_t second = first == std::string_view::npos ? first : t.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  std::optional<std::string> payload = Base64UrlDecode(t.substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  nlohmann::json claims = nlohmann::json::parse(*payload, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return std::nullopt;
  TokenClaims out;
  out.wids = StringList(claims, "wids");
  out.roles = StringList(claims, "roles");
  for (const char* name : {"upn", "preferred_username", "unique_name"}) {
    if (out.upn.empty() && claims.contains(name) && claims[name].is_string()) out.upn = claims[name];
  }
  if (claims.contains("tid") && claims["tid"].is_string()) out.tenant_id = claims["tid"];
  return out;
}

}  // namespace ark::org
