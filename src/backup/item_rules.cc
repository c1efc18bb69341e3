// Applying a set's item rules.
#include "backup/item_rules.h"

#include "org/selection.h"

namespace ark::backup {

bool IsItemIncluded(const std::vector<org::ItemRule>& rules, org::Workload workload, std::string_view path,
                    std::string_view name) {
  bool has_include = false;
  bool included = false;
  for (const org::ItemRule& rule : rules) {
    if (rule.workload != workload) continue;
    bool match = org::GlobMatch(rule.pattern, path) || org::GlobMatch(rule.pattern, name);
    if (rule.exclude && match) return false;
    if (!rule.exclude) {
      has_include = true;
      included = included || match;
    }
  }
  return !has_include || included;
}

}  // namespace ark::backup
