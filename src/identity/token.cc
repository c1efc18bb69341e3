// ID token claims and the default clock.
#include "identity/token.h"

#include <nlohmann/json.hpp>

#include "core/encoding.h"

namespace ark::identity {

std::optional<IdTokenClaims> ReadIdTokenClaims(const Secret& id_token) {
  std::string_view jwt = id_token.reveal();
  size_t first = jwt.find('.');
  size_t second = first == std::string_view::npos ? first : jwt.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  std::optional<std::string> payload = Base64UrlDecode(jwt.substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  nlohmann::json claims = nlohmann::json::parse(*payload, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return std::nullopt;
  auto text = [&](const char* key) {
    auto it = claims.find(key);
    return it != claims.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  IdTokenClaims out{text("preferred_username"), text("name"), text("oid"), text("tid")};
  if (out.preferred_username.empty()) out.preferred_username = text("upn");
  return out;
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const std::string& s : scopes) out += (out.empty() ? "" : " ") + s;
  return out;
}

Clock SystemClock() {
  return [] { return std::chrono::system_clock::now(); };
}

}  // namespace ark::identity
