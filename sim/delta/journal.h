// ChangeJournal: the membership and change history of one collection, the base of delta queries.
//
// Every collection that has a delta feed (a mail folder's messages, a
// mailbox's folder tree, a drive, a list, a channel, the directory's users)
// keeps a journal: for each item key, the tenant-wide sequence number of its
// last change in this collection and whether it is still there. A delta
// round is then "every entry changed after position P", in sequence order,
// which gives Graph's semantics: the latest state of each changed item, an
// item that left the collection (deleted, or moved elsewhere) as a removal,
// and an item changed during paging seen again later.
// Removals are kept (tombstones) so that a delta link of any age still
// returns them; the journal never forgets, which costs one entry per item
// ever present, bounded by the metadata the tenant holds anyway.
// Thread-safety: none; the owner (the tenant store) serialises access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace m365sim::delta {

using Seq = uint64_t;

struct JournalEntry {
  uint64_t key = 0;
  Seq seq = 0;
  bool removed = false;
};

class ChangeJournal {
 public:
  // The item is (now) in the collection, changed at `seq`.
  void Put(uint64_t key, Seq seq);
  // The item left the collection at `seq`; a key never present is ignored.
  void Remove(uint64_t key, Seq seq);

  bool Contains(uint64_t key) const;
  size_t live_count() const { return live_; }

  // Up to `limit` entries with seq > `cursor`, ascending by seq. With
  // `include_removals` false (the first round of a sync, which only lists
  // what exists) removals are skipped.
  std::vector<JournalEntry> Since(Seq cursor, size_t limit, bool include_removals) const;

  // Live keys in ascending order, from `from_key` (inclusive), at most `limit`.
  std::vector<uint64_t> LiveKeys(uint64_t from_key, size_t limit) const;

  // The sequence of the newest entry, 0 if empty.
  Seq last_seq() const { return by_seq_.empty() ? 0 : by_seq_.rbegin()->first; }

 private:
  struct State {
    Seq seq = 0;
    bool removed = false;
  };
  std::map<uint64_t, State> by_key_;
  std::map<Seq, uint64_t> by_seq_;
  size_t live_ = 0;
};

}  // namespace m365sim::delta
