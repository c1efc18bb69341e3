// How long a backup set keeps its snapshots: keep-last/hourly/daily/weekly/monthly/yearly counts.
//
// Text form (one canonical spelling): "last=3,daily=30,weekly=8,monthly=12".
// A snapshot is kept if any rule keeps it: the newest `last` snapshots, and
// the newest snapshot of each of the newest `daily` days, and so on (the
// semantics restic made familiar). At least one count must be positive, so a
// policy can never delete everything.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace ark::org {

struct RetentionPolicy {
  int last = 0;
  int hourly = 0;
  int daily = 0;
  int weekly = 0;
  int monthly = 0;
  int yearly = 0;
  friend bool operator==(const RetentionPolicy&, const RetentionPolicy&) = default;
};

inline constexpr std::string_view kDefaultRetention = "last=3,daily=30,weekly=8,monthly=12";

Result<RetentionPolicy> ParseRetention(std::string_view text);
std::string FormatRetention(const RetentionPolicy& policy);

}  // namespace ark::org
