// Tests of ChangeJournal: membership, ordering by change, removals and first-round filtering.
#include "delta/journal.h"

#include <gtest/gtest.h>

namespace m365sim::delta {
namespace {

std::vector<uint64_t> Keys(const std::vector<JournalEntry>& entries) {
  std::vector<uint64_t> keys;
  for (const auto& e : entries) keys.push_back(e.key);
  return keys;
}

TEST(ChangeJournal, ListsChangesAfterACursorInSequenceOrder) {
  ChangeJournal j;
  j.Put(5, 1);
  j.Put(2, 2);
  j.Put(9, 3);
  j.Put(5, 4);  // 5 changed again: it moves to the end
  EXPECT_EQ(Keys(j.Since(0, 10, true)), (std::vector<uint64_t>{2, 9, 5}));
  EXPECT_EQ(Keys(j.Since(2, 10, true)), (std::vector<uint64_t>{9, 5}));
  EXPECT_EQ(Keys(j.Since(0, 2, true)), (std::vector<uint64_t>{2, 9}));
  EXPECT_EQ(j.live_count(), 3u);
  EXPECT_EQ(j.last_seq(), 4u);
}

TEST(ChangeJournal, RemovalsAreReportedToLaterRoundsOnly) {
  ChangeJournal j;
  j.Put(1, 1);
  j.Put(2, 2);
  j.Remove(1, 3);
  j.Remove(7, 4);  // never present: ignored
  auto later = j.Since(2, 10, true);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_TRUE(later[0].removed);
  EXPECT_EQ(later[0].key, 1u);
  EXPECT_EQ(Keys(j.Since(0, 10, false)), (std::vector<uint64_t>{2}));
  EXPECT_FALSE(j.Contains(1));
  EXPECT_EQ(j.live_count(), 1u);
  j.Put(1, 5);  // moved back
  EXPECT_TRUE(j.Contains(1));
  EXPECT_EQ(j.LiveKeys(0, 10), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(j.LiveKeys(2, 10), (std::vector<uint64_t>{2}));
}

}  // namespace
}  // namespace m365sim::delta
