// Tests of paged trees: canonical pagination, lazy lookups, and edits that equal a full rebuild.
#include <gtest/gtest.h>

#include <map>

#include "repo/directory.h"
#include "repo/repo_test_util.h"
#include "repo/tree_editor.h"
#include "repo/tree_page.h"

namespace ark::repo {
namespace {

Node Item(const std::string& name, int version) {
  Node n;
  n.name = name;
  n.type = NodeType::kItem;
  n.size = static_cast<uint64_t>(version);
  n.record = Record{"test.item", "v" + std::to_string(version), {}, 0};
  return n;
}

std::string Name(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "item-%07d", i);
  return buf;
}

BlobId Build(Repository& repo, const std::map<std::string, int>& items) {
  DirectoryBuilder builder(repo.saver());
  for (const auto& [name, v] : items) EXPECT_TRUE(builder.AddNode(Item(name, v)).ok());
  auto id = builder.Finish();
  EXPECT_TRUE(id.ok()) << id.status().message();
  return *id;
}

TEST(TreeTest, LargeDirectoriesArePagedAndReadLazily) {
  testing::TempRepository repo;
  repo.StartWriting();
  std::map<std::string, int> items;
  for (int i = 0; i < 20000; ++i) items[Name(i)] = i;
  BlobId dir = Build(*repo, items);
  auto top = LoadTreePage(*repo, dir);
  ASSERT_TRUE(top.ok());
  EXPECT_GE(top->level, 1);
  uint64_t pages = 0;
  ASSERT_TRUE(ForEachPage(*repo, dir, [&](const BlobId&, const TreePage&) {
                ++pages;
                return Status::Ok();
              }).ok());
  EXPECT_GT(pages, 20u);
  int seen = 0;
  std::string last;
  ASSERT_TRUE(ForEachNode(*repo, dir, [&](const Node& n) {
                EXPECT_GT(n.name, last);
                last = n.name;
                ++seen;
                return Status::Ok();
              }).ok());
  EXPECT_EQ(seen, 20000);
  auto found = LookupNode(*repo, dir, Name(12345));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->size, 12345u);
  EXPECT_FALSE(LookupNode(*repo, dir, "item-x")->has_value());
  EXPECT_FALSE(LookupNode(*repo, dir, "a")->has_value());
  // Equal content, equal id.
  EXPECT_EQ(Build(*repo, items), dir);
}

TEST(TreeTest, EditsProduceTheSameTreeAsARebuildAndWriteFewPages) {
  testing::TempRepository repo;
  repo.StartWriting();
  std::mt19937 rng(7);
  std::map<std::string, int> items;
  for (int i = 0; i < 30000; i += 2) items[Name(i)] = i;
  BlobId base = Build(*repo, items);
  for (int round = 0; round < 6; ++round) {
    std::map<std::string, std::optional<Node>> edits;
    int changes = round == 0 ? 1 : 40;
    for (int k = 0; k < changes; ++k) {
      int i = static_cast<int>(rng() % 30000);
      std::string name = Name(i);
      if (items.contains(name) && rng() % 2 == 0) {
        items.erase(name);
        edits[name] = std::nullopt;
      } else {
        items[name] = i + round * 100000;
        edits[name] = Item(name, i + round * 100000);
      }
    }
    if (round == 5) {  // appending past the end, and removing the first names
      for (int i = 40000; i < 40300; ++i) {
        edits[Name(i)] = Item(Name(i), i);
        items[Name(i)] = i;
      }
      for (int i = 0; i < 600; i += 2) {
        edits[Name(i)] = std::nullopt;
        items.erase(Name(i));
      }
    }
    uint64_t before = repo->saver().stats().blobs_new;
    auto edited = EditDirectory(*repo, base, edits);
    ASSERT_TRUE(edited.ok()) << edited.status().message();
    uint64_t written = repo->saver().stats().blobs_new - before;
    if (round == 0) {
      EXPECT_LE(written, 4u) << "one change rewrites only the pages on its path";
    }
    EXPECT_EQ(*edited, Build(*repo, items)) << "round " << round;
    base = *edited;
  }
}

TEST(TreeTest, TreeEditorCreatesRemovesAndKeepsUntouchedSubtrees) {
  testing::TempRepository repo;
  repo.StartWriting();
  TreeEditor editor(*repo, std::nullopt);
  ASSERT_TRUE(editor.Put("org/alice/inbox/m1", Item("m1", 1)).ok());
  ASSERT_TRUE(editor.Put("org/alice/inbox/m2", Item("m2", 2)).ok());
  ASSERT_TRUE(editor.Put("org/bob/inbox/m3", Item("m3", 3)).ok());
  auto first = editor.Commit();
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto bob = LookupPath(*repo, *first, "org/bob");
  ASSERT_TRUE(bob.ok() && bob->has_value());

  TreeEditor next(*repo, *first);
  ASSERT_TRUE(next.Remove("org/alice/inbox/m1").ok());
  ASSERT_TRUE(next.Put("org/alice/sent/m4", Item("m4", 4)).ok());
  ASSERT_TRUE(next.Put("org/alice/inbox/m2/x", Item("x", 0)).ok());
  EXPECT_EQ(next.Commit().status().code(), StatusCode::kInvalidArgument) << "m2 is an item, not a directory";
  TreeEditor again(*repo, *first);
  ASSERT_TRUE(again.Remove("org/alice/inbox/m1").ok());
  ASSERT_TRUE(again.Put("org/alice/sent/m4", Item("m4", 4)).ok());
  auto second = again.Commit();
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_FALSE(LookupPath(*repo, *second, "org/alice/inbox/m1")->has_value());
  EXPECT_TRUE(LookupPath(*repo, *second, "org/alice/inbox/m2")->has_value());
  EXPECT_TRUE(LookupPath(*repo, *second, "org/alice/sent/m4")->has_value());
  auto bob2 = LookupPath(*repo, *second, "org/bob");
  EXPECT_EQ((*bob2)->subtree, (*bob)->subtree) << "an untouched subtree is referenced, not rewritten";
  EXPECT_FALSE(editor.Put("../x", Item("x", 0)).ok());
}

}  // namespace
}  // namespace ark::repo
