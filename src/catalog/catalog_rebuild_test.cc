// Tests of rebuilding: replaying every snapshot's full contents in order gives the catalog that
// the incremental backups built, snapshot by snapshot, with the same number of stored versions.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <tuple>

#include "catalog/catalog.h"
#include "catalog/catalog_test_util.h"

namespace ark::catalog {
namespace {

using testing::CatalogDir;
using testing::Day;
using testing::Mail;
using testing::TestSet;

constexpr int kSnapshots = 5;
const char* const kWords[] = {"alpha",  "budget", "contract", "delta",
                              "review", "travel", "invoice",  "meeting"};

// What a repository snapshot holds: every item by Graph id.
using State = std::map<std::string, Item>;

Item RandomItem(std::mt19937& random, int n) {
  std::uniform_int_distribution<int> word(0, 7);
  std::uniform_int_distribution<int> owner(0, 2);
  std::uniform_int_distribution<int> folder(0, 3);
  std::string who = "user" + std::to_string(owner(random));
  std::string subject =
      std::string(kWords[word(random)]) + " " + kWords[word(random)] + " " + std::to_string(n);
  return Mail(who, "m" + std::to_string(n), "/" + who + "/Mail/Folder" + std::to_string(folder(random)),
              subject, std::string("Sender <") + kWords[word(random)] + "@contoso.com>", 1 + n % 27);
}

// Five snapshots of a small tenant: each changes, moves, deletes and adds items.
std::vector<State> History() {
  std::mt19937 random(42);
  std::vector<State> history;
  State state;
  int next = 0;
  for (; next < 150; ++next) state["m" + std::to_string(next)] = RandomItem(random, next);
  history.push_back(state);
  for (int s = 1; s < kSnapshots; ++s) {
    std::vector<std::string> ids;
    for (const auto& [id, item] : state) ids.push_back(id);
    std::uniform_int_distribution<std::size_t> pick(0, ids.size() - 1);
    for (int i = 0; i < 6; ++i) state[ids[pick(random)]].name += " (edited)";
    for (int i = 0; i < 3; ++i) state[ids[pick(random)]].folder_path += "/Moved";
    for (int i = 0; i < 4; ++i) state.erase(ids[pick(random)]);
    for (int i = 0; i < 5; ++i, ++next) state["m" + std::to_string(next)] = RandomItem(random, next);
    history.push_back(state);
  }
  return history;
}

std::string SnapshotId(int s) { return "snapshot-" + std::to_string(s); }

// Writes the history as incremental backups do: only what changed.
void WriteIncrementally(Catalog& catalog, const std::vector<State>& history) {
  const State empty;
  for (int s = 0; s < kSnapshots; ++s) {
    const State& before = s == 0 ? empty : history[s - 1];
    const State& now = history[s];
    auto writer = std::move(*catalog.BeginSnapshot(TestSet(), {Day(s + 1)}));
    for (const auto& [id, item] : now) {
      auto old = before.find(id);
      if (old == before.end() || old->second.name != item.name ||
          old->second.folder_path != item.folder_path) {
        ASSERT_TRUE(writer->Put(item).ok());
      }
    }
    for (const auto& [id, item] : before) {
      if (!now.count(id)) {
        ASSERT_TRUE(writer->Delete(item.key).ok());
      }
    }
    ASSERT_TRUE(writer->Commit(SnapshotId(s)).ok());
  }
}

// Rebuilds the set as `ark365 catalog rebuild` will: reset, then replay each
// snapshot's full contents in order.
void Rebuild(Catalog& catalog, const std::vector<State>& history) {
  ASSERT_TRUE(catalog.ResetSet(TestSet().id).ok());
  for (int s = 0; s < kSnapshots; ++s) {
    auto writer = std::move(*catalog.BeginSnapshot(TestSet(), {Day(s + 1)}));
    for (const auto& [id, item] : history[s]) ASSERT_TRUE(writer->Put(item).ok());
    ASSERT_TRUE(writer->CompleteListing({}).ok());
    ASSERT_TRUE(writer->Commit(SnapshotId(s)).ok());
  }
}

using Row = std::tuple<std::string, std::string, std::string>;  // graph id, folder, name

// Everything a search finds in one snapshot, as comparable rows.
std::set<Row> Contents(Catalog& catalog, int s, const std::string& text = "") {
  SearchRequest request;
  request.set_id = TestSet().id;
  request.snapshot = SnapshotId(s);
  request.text = text;
  request.limit = 1000;
  Result<Page> page = catalog.Search(request);
  EXPECT_TRUE(page.ok()) << page.status().ToString();
  std::set<Row> rows;
  if (!page.ok()) return rows;
  for (const ItemRecord& r : page->items) rows.emplace(r.item.key.graph_id, r.item.folder_path, r.item.name);
  return rows;
}

std::set<Row> Truth(const State& state) {
  std::set<Row> rows;
  for (const auto& [id, item] : state) rows.emplace(id, item.folder_path, item.name);
  return rows;
}

TEST(CatalogRebuildTest, ReplayingSnapshotsReproducesTheIncrementalCatalog) {
  std::vector<State> history = History();
  CatalogDir incremental_dir;
  CatalogDir rebuilt_dir;
  auto incremental = incremental_dir.Open();
  auto rebuilt = rebuilt_dir.Open();
  WriteIncrementally(*incremental, history);
  Rebuild(*rebuilt, history);

  for (int s = 0; s < kSnapshots; ++s) {
    EXPECT_EQ(Contents(*incremental, s), Truth(history[s])) << "snapshot " << s;
    EXPECT_EQ(Contents(*rebuilt, s), Truth(history[s])) << "snapshot " << s;
    EXPECT_EQ(Contents(*rebuilt, s, "budget OR review"), Contents(*incremental, s, "budget OR review"));
  }
  auto a = incremental->ListSnapshots(TestSet().id);
  auto b = rebuilt->ListSnapshots(TestSet().id);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), b->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].items, (*b)[i].items);
    EXPECT_EQ((*a)[i].added, (*b)[i].added);
    EXPECT_EQ((*a)[i].changed, (*b)[i].changed);
    EXPECT_EQ((*a)[i].removed, (*b)[i].removed);
    EXPECT_EQ((*a)[i].time, (*b)[i].time);
  }
  EXPECT_EQ(incremental_dir.Count("SELECT count(*) FROM versions"),
            rebuilt_dir.Count("SELECT count(*) FROM versions"));
  EXPECT_EQ(rebuilt_dir.Count("SELECT count(*) FROM listing_seen"), 0);
}

TEST(CatalogRebuildTest, RebuildingInPlaceReplacesWhateverWasThere) {
  std::vector<State> history = History();
  CatalogDir dir;
  auto catalog = dir.Open();
  WriteIncrementally(*catalog, history);
  std::int64_t versions = dir.Count("SELECT count(*) FROM versions");
  Rebuild(*catalog, history);
  EXPECT_EQ(dir.Count("SELECT count(*) FROM versions"), versions);
  for (int s = 0; s < kSnapshots; ++s) EXPECT_EQ(Contents(*catalog, s), Truth(history[s]));
  // The full-text index holds exactly the stored versions: nothing stale remains.
  EXPECT_EQ(
      dir.Count("SELECT count(*) FROM versions_fts WHERE versions_fts MATCH 'alpha OR budget OR contract "
                "OR delta OR review OR travel OR invoice OR meeting'"),
      versions);
  EXPECT_EQ(dir.Exec("INSERT INTO versions_fts(versions_fts) VALUES ('integrity-check')"), SQLITE_OK);
}

}  // namespace
}  // namespace ark::catalog
