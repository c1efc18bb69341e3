// The tenant as JSON: the emulator's ground truth of the directory (admin API, determinism tests).
//
// Includes emulator-only facts (passwords, secret values, MFA state, purposes)
// that Graph never shows. Keys are in a fixed order so the same tenant gives
// the same bytes. Graph's own representations are in directory/graph_json.h.
#pragma once

#include <nlohmann/json.hpp>

#include "tenant/model.h"

namespace m365sim::tenant {

// "2024-03-04T09:00:00Z": the form every date of the model is written in.
std::string FormatTime(Time t);

nlohmann::ordered_json UserToJson(const User& user);
nlohmann::ordered_json ApplicationToJson(const Application& app);
nlohmann::ordered_json TenantToJson(const Tenant& tenant);

const char* MfaStateName(MfaState state);

}  // namespace m365sim::tenant
