// Backup set validation and authorization state (see backup_sets.h).
#include "org/backup_sets.h"

#include "org/permissions.h"
#include "org/retention.h"
#include "org/rules.h"
#include "org/schedule.h"
#include "org/selection.h"

namespace ark::org {

WorkloadSet DefaultWorkloads(const ServiceSet& services) {
  WorkloadSet out;
  for (Workload w : kAllWorkloads) {
    if (services.contains(ServiceOf(w))) out.insert(w);
  }
  return out;
}

Status ValidateBackupSet(const Organization& org, const BackupSet& set) {
  ARK_RETURN_IF_ERROR(rules::CheckName("backup set", set.name));
  ARK_RETURN_IF_ERROR(rules::CheckAccountName(set.account));
  bool includes_something = false;
  for (const SelectionRule& r : set.selection) {
    ARK_RETURN_IF_ERROR(CheckSelectionPattern(r.kind, r.pattern));
    includes_something = includes_something || !r.exclude;
  }
  if (!includes_something) {
    return InvalidArgument(
        "the backup set '" + set.name +
        "' selects nothing; choose users, groups, sites, personal sites or teams ('*' for all)");
  }
  if (set.workloads.empty()) {
    return InvalidArgument("the backup set '" + set.name +
                           "' has every workload switched off; choose at least one");
  }
  for (Workload w : set.workloads) {
    Service needed = ServiceOf(w);
    if (!org.services.contains(needed)) {
      return InvalidArgument("the workload " + std::string(WorkloadName(w)) + " needs the service " +
                             std::string(ServiceName(needed)) + ", which the organization " + org.name +
                             " is not set up for; add it with `ark365 org edit " + org.name + " --services " +
                             JoinServices(org.services) + "," + std::string(ServiceName(needed)) + "`");
    }
  }
  ARK_RETURN_IF_ERROR(ParseSchedule(set.schedule).status());
  ARK_RETURN_IF_ERROR(ParseRetention(set.retention).status());
  if (set.repository.empty()) return InvalidArgument("the backup set '" + set.name + "' needs a repository");
  return rules::CheckPersonalSitesAllowed(set.name, set.auth_mode, set.Selects(ObjectKind::kPersonalSite));
}

Result<AuthState> DescribeAuthState(ConfigStore& store, const BackupSet& set) {
  AuthState state;
  ARK_ASSIGN_OR_RETURN(std::optional<Account> account, store.FindAccount(set.org_id, set.account));
  if (set.auth_mode == AuthMode::kBasic) {
    state.deprecated = true;
    state.authorized = account && account->password_secret_id.has_value();
    state.summary = "deprecated: " + rules::BasicDeprecationNotice(set.name);
    return state;
  }
  if (account) {
    ARK_ASSIGN_OR_RETURN(state.authorization, store.FindAuthorization(account->id, set.auth_mode));
  }
  state.authorized = state.authorization.has_value();
  state.summary = state.authorized ? "ready"
                                   : "needs authorization: run `ark365 set migrate-auth " + set.name +
                                         " --to " + std::string(AuthModeName(set.auth_mode)) + "` to sign in";
  return state;
}

}  // namespace ark::org
