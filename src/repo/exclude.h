// Exclude patterns of file-system backups: shell globs on names or on whole paths.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ark::repo {

// A pattern without '/' matches any single name ("*.tmp", "node_modules");
// a pattern with '/' matches a whole absolute path ("/srv/data/cache/*"),
// where '*' also matches '/'.
class ExcludeSet {
 public:
  void Add(std::string pattern) { patterns_.push_back(std::move(pattern)); }
  bool Excluded(std::string_view path, std::string_view name) const;
  bool empty() const { return patterns_.empty(); }

 private:
  std::vector<std::string> patterns_;
};

}  // namespace ark::repo
