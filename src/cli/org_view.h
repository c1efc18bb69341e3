// How an organization is shown: text lines for `org show` and the JSON document of `org show/list/add
// --json`.
//
// Credentials appear as "set (expires …)", never as values: the view is built
// from the model, which holds only ids of sealed secrets.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "org/model.h"
#include "org/store.h"

namespace ark::cli {

// nlohmann::json's noexcept move checks invariants that never throw.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct OrganizationView {
  nlohmann::ordered_json json;
  std::vector<std::string> lines;     // `org show`
  std::string summary;                // one line for `org list`
  std::vector<std::string> warnings;  // expiring credentials, missing permissions
};

Result<OrganizationView> ViewOrganization(org::ConfigStore& store, const org::Organization& organization);

}  // namespace ark::cli
