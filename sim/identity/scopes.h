// Scope strings of the v2.0 endpoints: parsing, resource resolution, and the response's "scope".
//
// Delegated requests name Graph permissions as "User.Read" (Graph is the
// default resource) or "https://graph.microsoft.com/User.Read", plus the
// OpenID scopes; "https://graph.microsoft.com/.default" stands for every
// consented permission. Any other resource is unknown in the emulated tenant
// (AADSTS500011). Unknown Graph permissions give AADSTS70011.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "identity/aad_errors.h"
#include "identity/state.h"

namespace m365sim::identity {

// Parses a delegated scope string into `out`; the error otherwise.
std::optional<AadError> ParseDelegatedScopes(std::string_view scope, std::string_view tenant_name,
                                             ScopeRequest* out);

// For client credentials: the scope must be "<resource>/.default" for Graph.
std::optional<AadError> CheckAppOnlyScope(std::string_view scope, std::string_view tenant_name);

// Graph permissions the token will carry: the requested ones, or with
// .default every consented one; consented = tenant-wide + user grants.
// Sets *missing to the requested ones that are not consented.
std::vector<std::string> GrantedScopes(const ScopeRequest& request, const std::vector<std::string>& consented,
                                       std::vector<std::string>* missing);

// The "scope" of a token response: "https://graph.microsoft.com/User.Read ... openid profile".
std::string ResponseScope(const std::vector<std::string>& graph_scopes, const ScopeRequest& request);

// Space-separated Graph scopes for the "scp" claim (offline_access and OpenID scopes other than
// openid/profile/email never appear in scp).
std::string ScpClaim(const std::vector<std::string>& graph_scopes, const ScopeRequest& request);

}  // namespace m365sim::identity
