// PimRestorer: events and contacts back into a mailbox through Graph, from their backed-up JSON.
//
// Events and contacts have no MIME: they are created again from their Graph
// JSON without the properties the service assigns (ids, change keys,
// timestamps, links). Series masters carry their recurrence; occurrences and
// exceptions are the service's expansion of a series and are not created
// one by one. Calendars and contact folders are found by name and created
// when missing. Conflicts: an event is the same when subject and start
// match, a contact when display name and first e-mail address match.
//
// Thread-safety: one PimRestorer per mailbox and thread.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/status.h"
#include "graph/graph_client.h"
#include "restore/conflict.h"

namespace ark::restore {

enum class PimKind { kEvent, kContact };

class PimRestorer {
 public:
  PimRestorer(graph::GraphClient& client, std::string user, ConflictPolicy policy);

  // The id of the calendar or contact folder called `name`, created when missing.
  Result<std::string> EnsureContainer(PimKind kind, const std::string& name);
  // Creates the event or contact `original` (its backed-up JSON) in `container_id`.
  Result<ItemOutcome> Restore(PimKind kind, const std::string& container_id, const nlohmann::json& original);

  // The JSON Graph accepts for creating `original` (read-only properties removed).
  static nlohmann::json WritableCopy(PimKind kind, const nlohmann::json& original);
  // What makes two events or contacts "the same" for the conflict policy.
  static std::string IdentityKey(PimKind kind, const nlohmann::json& item);

 private:
  Result<std::multimap<std::string, std::string>*> Index(PimKind kind, const std::string& container_id);
  std::string ContainerUrl(PimKind kind) const;
  std::string ItemsUrl(PimKind kind, const std::string& container_id) const;

  graph::GraphClient& client_;
  std::string user_;
  ConflictPolicy policy_;
  std::map<std::string, std::multimap<std::string, std::string>> indexes_;
};

}  // namespace ark::restore
