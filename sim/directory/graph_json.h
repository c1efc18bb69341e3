// Graph v1.0 JSON representations of directory objects (shapes from the official CSDL).
//
// Each function returns the default property set Graph returns without
// $select; SelectProperties() then applies a $select list. Used by the
// directory endpoints here and by part 2's /users and /groups.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "tenant/model.h"

namespace m365sim::directory {

nlohmann::ordered_json UserJson(const tenant::User& user);
nlohmann::ordered_json GroupJson(const tenant::Group& group);
nlohmann::ordered_json DirectoryRoleJson(const tenant::DirectoryRole& role);
nlohmann::ordered_json OrganizationJson(const tenant::Organization& organization);
nlohmann::ordered_json ServicePrincipalJson(const tenant::ServicePrincipal& sp);
nlohmann::ordered_json AppRoleAssignmentJson(const tenant::AppRoleAssignment& assignment);

// Keeps only the comma-separated `select` properties (plus "@odata.*"
// annotations and "id"); returns `object` unchanged when `select` is empty.
nlohmann::ordered_json SelectProperties(const nlohmann::ordered_json& object, std::string_view select);

}  // namespace m365sim::directory
