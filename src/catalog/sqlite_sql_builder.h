// Builds SQL text with numbered parameters alongside their values, for queries whose filters vary.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/sqlite_db.h"

namespace ark::catalog::sqlite {

class SqlBuilder {
 public:
  // Records a value and returns its placeholder ("?3") to splice into the SQL.
  std::string Param(std::int64_t value) { return Add(Value{false, value, {}}); }
  std::string Param(std::string_view value) { return Add(Value{true, 0, std::string(value)}); }
  // Binds every recorded value to `stmt`.
  void BindAll(Statement& stmt) const {
    for (std::size_t i = 0; i < values_.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      if (values_[i].is_text) {
        stmt.Bind(index, values_[i].text);
      } else {
        stmt.Bind(index, values_[i].number);
      }
    }
  }

 private:
  // Not a std::variant: GCC 12 warns (wrongly) about its string member.
  struct Value {
    bool is_text;
    std::int64_t number;
    std::string text;
  };
  std::string Add(Value value) {
    values_.push_back(std::move(value));
    return "?" + std::to_string(values_.size());
  }
  std::vector<Value> values_;
};

// The SQL condition "v.folder_id is `path` or (when recursive) below it" for
// versions aliased `alias`, or "" when it selects every folder of the set.
std::string FolderCondition(SqlBuilder& sql, std::string_view alias, std::int64_t set,
                            const std::string& path, bool recursive);

}  // namespace ark::catalog::sqlite
