// A small OData $filter evaluator for the directory's common queries.
//
// Supports what backup tools send to /users and /groups: comparisons
// `prop eq 'text'` / `eq true|false` / `ne`, `startswith(prop,'text')`,
// lambdas `groupTypes/any(c:c eq 'Unified')` and
// `resourceProvisioningOptions/Any(x:x eq 'Team')`, joined by `and`/`or`
// (left to right, no parentheses). Anything else is refused, naming the
// clause, as Graph refuses what it does not support.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace m365sim::people {

class Filter {
 public:
  static ark::Result<Filter> Parse(std::string_view text);
  bool Matches(const nlohmann::ordered_json& entity) const;

 private:
  struct Clause {
    enum Kind { kEq, kNe, kStartsWith, kAny } kind;
    std::string property;
    nlohmann::json value;
    bool or_with_previous = false;
  };
  std::vector<Clause> clauses_;
};

}  // namespace m365sim::people
