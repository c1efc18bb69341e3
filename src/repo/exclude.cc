// ExcludeSet on fnmatch(3).
#include "repo/exclude.h"

#include <fnmatch.h>

namespace ark::repo {

bool ExcludeSet::Excluded(std::string_view path, std::string_view name) const {
  std::string p(path);
  std::string n(name);
  for (const std::string& pattern : patterns_) {
    if (pattern.find('/') == std::string::npos) {
      if (::fnmatch(pattern.c_str(), n.c_str(), FNM_PERIOD) == 0) return true;
    } else if (::fnmatch(pattern.c_str(), p.c_str(), 0) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace ark::repo
