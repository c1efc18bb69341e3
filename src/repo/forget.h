// Retention: which snapshots a keep policy keeps (last/hourly/daily/weekly/monthly/yearly, tags), per group.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "repo/snapshot.h"

namespace ark::repo {

struct KeepPolicy {
  int last = 0;
  int hourly = 0;
  int daily = 0;
  int weekly = 0;
  int monthly = 0;
  int yearly = 0;
  std::vector<std::string> keep_tags;  // snapshots with any of these tags are always kept
  bool empty() const {
    return last == 0 && hourly == 0 && daily == 0 && weekly == 0 && monthly == 0 && yearly == 0 &&
           keep_tags.empty();
  }
};

// Which snapshots the policy applies to; empty fields match everything.
struct SnapshotFilter {
  std::vector<std::string> hosts;
  std::vector<std::string> sources;
  std::vector<std::string> tags;  // a snapshot matches if it has any of them
  bool Matches(const Snapshot& s) const;
};

struct ForgetDecision {
  const Snapshot* snapshot;
  bool keep;
  std::vector<std::string> reasons;  // "last", "daily", "tag daily", ...
};

struct ForgetGroup {
  std::string hostname;
  std::string source;
  std::vector<ForgetDecision> decisions;  // newest first
};

// Groups the matching snapshots by host and source and applies the policy to
// each group; times are bucketed in UTC. `snapshots` must outlive the result.
// kInvalidArgument for an empty policy: forgetting with no rule would remove everything.
Result<std::vector<ForgetGroup>> ApplyKeepPolicy(const std::vector<Snapshot>& snapshots,
                                                 const SnapshotFilter& filter, const KeepPolicy& policy);

}  // namespace ark::repo
