// ChangeJournal: two ordered indexes (by key, by sequence) kept in step.
#include "delta/journal.h"

namespace m365sim::delta {

void ChangeJournal::Put(uint64_t key, Seq seq) {
  auto [it, inserted] = by_key_.try_emplace(key);
  if (!inserted) {
    by_seq_.erase(it->second.seq);
    if (it->second.removed) ++live_;
  } else {
    ++live_;
  }
  it->second.seq = seq;
  it->second.removed = false;
  by_seq_[seq] = key;
}

void ChangeJournal::Remove(uint64_t key, Seq seq) {
  auto it = by_key_.find(key);
  if (it == by_key_.end() || it->second.removed) return;
  by_seq_.erase(it->second.seq);
  it->second.seq = seq;
  it->second.removed = true;
  --live_;
  by_seq_[seq] = key;
}

bool ChangeJournal::Contains(uint64_t key) const {
  auto it = by_key_.find(key);
  return it != by_key_.end() && !it->second.removed;
}

std::vector<JournalEntry> ChangeJournal::Since(Seq cursor, size_t limit, bool include_removals) const {
  std::vector<JournalEntry> out;
  for (auto it = by_seq_.upper_bound(cursor); it != by_seq_.end() && out.size() < limit; ++it) {
    const State& state = by_key_.at(it->second);
    if (state.removed && !include_removals) continue;
    out.push_back({it->second, it->first, state.removed});
  }
  return out;
}

std::vector<uint64_t> ChangeJournal::LiveKeys(uint64_t from_key, size_t limit) const {
  std::vector<uint64_t> out;
  for (auto it = by_key_.lower_bound(from_key); it != by_key_.end() && out.size() < limit; ++it) {
    if (!it->second.removed) out.push_back(it->first);
  }
  return out;
}

}  // namespace m365sim::delta
