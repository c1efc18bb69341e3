// What every user worker of one backup run shares: the repository, Graph, the catalog writer, the
// publisher, options and counters.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backup/tree_publisher.h"
#include "catalog/catalog.h"
#include "core/progress.h"
#include "graph/graph_client.h"
#include "org/model.h"
#include "repo/ids.h"
#include "repo/repository.h"

namespace ark::backup {

struct RunContext {
  repo::Repository& repo;
  graph::GraphClient& graph;
  catalog::SnapshotWriter& catalog;
  TreePublisher& publisher;
  Progress& progress;
  org::WorkloadSet workloads;
  std::vector<org::ItemRule> item_rules;
  // The tree the run started from (checkpoint or parent snapshot); nullopt for a full run.
  std::optional<repo::BlobId> base_root;
  // How often a user worker hands its subtree to the publisher.
  std::chrono::seconds publish_interval{30};

  std::atomic<uint64_t> items{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> failed{0};
};

}  // namespace ark::backup
