// Deterministic mutations of a tenant's content, for incremental backup tests (POST /_sim/v1/mutate).
//
// With the same seed and fraction on the same content, the same items are
// added, edited, moved, renamed and deleted, in every workload: messages
// (read/flag edits, moves between folders, deletes, new mail), mail folder
// renames, contacts and events (edits, deletes, adds), files (new versions,
// renames, moves, deletes, new files), list items, channel messages (new
// posts and replies, edits, deletes). Every change goes through edit.h, so
// it appears in the right delta feeds. Timestamps are `now`.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "content/model.h"

namespace m365sim::content {

struct MutationCounts {
  std::map<std::string, uint64_t> added, edited, moved, renamed, deleted;  // by workload
};

// REQUIRES: 0 < fraction <= 1; the store's write lock held.
MutationCounts Mutate(Content& c, uint64_t seed, double fraction, Time now);

}  // namespace m365sim::content
