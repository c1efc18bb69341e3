// Caller: who is calling Graph, from a validated access token.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace m365sim::graphapi {

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's move constructor does not throw.
struct Caller {
  bool app_only = false;  // idtyp "app": client credentials
  std::string tenant_id;  // tid
  std::string app_id;     // appid: the client
  std::string app_display_name;
  std::string object_id;            // oid: the user (delegated) or the client's service principal (app-only)
  std::vector<std::string> roles;   // application permissions (app-only)
  std::vector<std::string> scopes;  // delegated scopes (scp)
  std::vector<std::string> wids;    // directory role template ids of the user (delegated)
  nlohmann::json claims;

  // Case-insensitive membership tests.
  bool HasRole(std::string_view value) const;
  bool HasScope(std::string_view value) const;
  bool HasDirectoryRole(std::string_view template_id) const;
  // True when the token carries any of `roles` (app-only) or any of `scopes` (delegated).
  bool HasAny(const std::vector<std::string_view>& roles, const std::vector<std::string_view>& scopes) const;
};

}  // namespace m365sim::graphapi
