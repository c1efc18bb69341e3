// Backup sets: checking a set against its organization and the seeds' rules, and its authorization state.
#pragma once

#include <optional>
#include <string>

#include "core/status.h"
#include "org/model.h"
#include "org/store.h"

namespace ark::org {

// Checks everything a backup set must satisfy before it is saved: its name,
// account, selection patterns, workloads (each needs a service the
// organization protects), schedule, retention, and the Personal Sites rule
// for its authentication mode.
Status ValidateBackupSet(const Organization& org, const BackupSet& set);

// The workloads a set gets when none are chosen: every workload of the
// organization's services.
WorkloadSet DefaultWorkloads(const ServiceSet& services);

// Where a set stands with its authentication.
struct AuthState {
  bool deprecated = false;  // Basic
  bool authorized = false;  // Basic with a stored password, or an authorization of the set's mode
  std::string summary;      // "ready", "deprecated: ...", "needs authorization: ..."
  std::optional<Authorization> authorization;
};
Result<AuthState> DescribeAuthState(ConfigStore& store, const BackupSet& set);

}  // namespace ark::org
