// Names of the catalog's public enums, for output and logs.
#include "catalog/catalog.h"

namespace ark::catalog {

std::string_view SnapshotStateName(SnapshotState state) {
  switch (state) {
    case SnapshotState::kOpen:
      return "open";
    case SnapshotState::kCommitted:
      return "committed";
    case SnapshotState::kForgotten:
      return "forgotten";
  }
  return "open";
}

}  // namespace ark::catalog
