// The keep policy: newest first, one snapshot per time bucket per rule, like the retention rules
// administrators know.
#include "repo/forget.h"

#include <algorithm>
#include <ctime>
#include <map>

namespace ark::repo {
namespace {

struct Rule {
  const char* name;
  int count;
  std::string (*bucket)(const std::tm&);
};

// ISO week: the year and week of the Thursday of t's week.
std::string IsoWeek(const std::tm& t) {
  int wday = (t.tm_wday + 6) % 7;  // Monday = 0
  std::tm thursday = t;
  thursday.tm_mday += 3 - wday;
  thursday.tm_hour = 12;
  timegm(&thursday);  // normalises the date
  return std::to_string(thursday.tm_year + 1900) + "-W" + std::to_string(thursday.tm_yday / 7 + 1);
}

std::string Year(const std::tm& t) { return std::to_string(t.tm_year + 1900); }
std::string Month(const std::tm& t) { return Year(t) + "-" + std::to_string(t.tm_mon + 1); }
std::string Day(const std::tm& t) { return Month(t) + "-" + std::to_string(t.tm_mday); }
std::string Hour(const std::tm& t) { return Day(t) + " " + std::to_string(t.tm_hour); }
std::string Week(const std::tm& t) { return IsoWeek(t); }

bool AnyOf(const std::vector<std::string>& wanted, const std::string& value) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

}  // namespace

bool SnapshotFilter::Matches(const Snapshot& s) const {
  if (!AnyOf(hosts, s.hostname) || !AnyOf(sources, s.source)) return false;
  if (tags.empty()) return true;
  return std::any_of(tags.begin(), tags.end(), [&](const std::string& t) { return s.HasTag(t); });
}

Result<std::vector<ForgetGroup>> ApplyKeepPolicy(const std::vector<Snapshot>& snapshots,
                                                 const SnapshotFilter& filter, const KeepPolicy& policy) {
  if (policy.empty()) {
    return InvalidArgument("no keep rule given (--keep-last, --keep-daily, ...); nothing was removed");
  }
  std::map<std::pair<std::string, std::string>, std::vector<const Snapshot*>> groups;
  for (const Snapshot& s : snapshots) {
    if (filter.Matches(s)) groups[{s.hostname, s.source}].push_back(&s);
  }
  std::vector<ForgetGroup> out;
  for (auto& [key, list] : groups) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Snapshot* a, const Snapshot* b) { return a->time > b->time; });
    Rule rules[] = {{"hourly", policy.hourly, Hour},
                    {"daily", policy.daily, Day},
                    {"weekly", policy.weekly, Week},
                    {"monthly", policy.monthly, Month},
                    {"yearly", policy.yearly, Year}};
    std::string last_bucket[5];
    int last_left = policy.last;
    ForgetGroup group{key.first, key.second, {}};
    for (const Snapshot* s : list) {
      ForgetDecision d{s, false, {}};
      if (last_left > 0) {
        --last_left;
        d.reasons.emplace_back("last");
      }
      std::time_t tt = std::chrono::system_clock::to_time_t(s->time);
      std::tm tm{};
      gmtime_r(&tt, &tm);
      for (size_t r = 0; r < 5; ++r) {
        if (rules[r].count <= 0) continue;
        std::string b = rules[r].bucket(tm);
        if (b == last_bucket[r]) continue;
        last_bucket[r] = b;
        --rules[r].count;
        d.reasons.emplace_back(rules[r].name);
      }
      for (const std::string& t : policy.keep_tags) {
        if (s->HasTag(t)) d.reasons.push_back("tag " + t);
      }
      d.keep = !d.reasons.empty();
      group.decisions.push_back(std::move(d));
    }
    out.push_back(std::move(group));
  }
  return out;
}

}  // namespace ark::repo
