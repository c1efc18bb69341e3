// Pattern matching and parsing for backup-set selections (see selection.h).
#include "org/selection.h"

#include <cctype>

namespace ark::org {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative matching with one backtrack point: linear in practice, no recursion.
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || Lower(pattern[p]) == Lower(text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Status CheckSelectionPattern(ObjectKind kind, std::string_view pattern) {
  bool ok = !pattern.empty() && pattern.size() <= 1024;
  for (char c : pattern) ok = ok && static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  if (ok) return Status::Ok();
  return InvalidArgument("the " + std::string(ObjectKindName(kind)) + " pattern '" + std::string(pattern) +
                         "' is not valid; give '*' for all, or a name with * and ? wildcards");
}

bool IsSelected(const std::vector<SelectionRule>& rules, ObjectKind kind, std::string_view name) {
  bool included = false;
  for (const SelectionRule& r : rules) {
    if (r.kind != kind || !GlobMatch(r.pattern, name)) continue;
    if (r.exclude) return false;
    included = true;
  }
  return included;
}

Result<ItemRule> ParseItemRule(std::string_view text, bool exclude) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon + 1 >= text.size()) {
    return InvalidArgument("the rule '" + std::string(text) +
                           "' is not WORKLOAD:PATTERN, e.g. 'mail:Junk Email' or 'onedrive:*.tmp'");
  }
  ARK_ASSIGN_OR_RETURN(Workload w, ParseWorkload(text.substr(0, colon)));
  std::string pattern(text.substr(colon + 1));
  for (char c : pattern) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return InvalidArgument("the rule '" + std::string(text) + "' contains a control character");
    }
  }
  return ItemRule{exclude, w, pattern};
}

std::string FormatItemRule(const ItemRule& rule) {
  return std::string(WorkloadName(rule.workload)) + ":" + rule.pattern;
}

}  // namespace ark::org
