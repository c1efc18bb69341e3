// `ark365 browse`, `search` and `catalog snapshots|show` on a catalog written through the catalog API,
// as the backup layer will write it: text and JSON output, filters, paging, and errors.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "support/subprocess.h"

namespace ark::testing {
namespace {

using catalog::Item;
using catalog::ItemKind;

Item Message(const std::string& id, const std::string& subject, const std::string& from, int day) {
  Item item;
  item.key = {"uid-alice", ItemKind::kMailMessage, id};
  item.folder_path = "/alice@contoso.com/Mail/Inbox";
  item.name = subject;
  item.from = from;
  item.received = std::chrono::sys_days{std::chrono::year{2026} / 11 / day} + std::chrono::hours(9);
  item.size = 2048;
  item.ref = "ref-" + id;
  return item;
}

class CatalogCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto catalog = catalog::OpenSqliteCatalog(home() + "/catalog.db");
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    auto writer = std::move(*(*catalog)->BeginSnapshot({"set-42", "Sales team", "org-1", "Contoso"}, {}));
    ASSERT_TRUE(
        writer->PutOwner({"uid-alice", catalog::OwnerKind::kUser, "Alice Smith", "alice@contoso.com"}).ok());
    Item user;
    user.key = {"uid-alice", ItemKind::kUser, "root"};
    user.folder_path = "/";
    user.name = "alice@contoso.com";
    ASSERT_TRUE(writer->Put(user).ok());
    Item inbox;
    inbox.key = {"uid-alice", ItemKind::kMailFolder, "inbox"};
    inbox.folder_path = "/alice@contoso.com/Mail";
    inbox.name = "Inbox";
    ASSERT_TRUE(writer->Put(inbox).ok());
    ASSERT_TRUE(writer->Put(Message("m1", "Contract renewal", "Carol <carol@fabrikam.com>", 2)).ok());
    ASSERT_TRUE(writer->Put(Message("m2", "Lunch plans", "Bob <bob@contoso.com>", 3)).ok());
    ASSERT_TRUE(writer->Put(Message("m3", "Contract signed", "Carol <carol@fabrikam.com>", 4)).ok());
    ASSERT_TRUE(writer->Commit("0123abcd").ok());
  }

  std::string home() {
    std::filesystem::create_directories(dir_.path() + "/home");
    return dir_.path() + "/home";
  }
  ProcessResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), ARK365_BIN);
    ProcessOptions o;
    o.env["ARK365_HOME"] = home();
    return RunProcess(args, o);
  }
  TempDir dir_;
};

TEST_F(CatalogCliTest, BrowseShowsTheTreeAsTextAndJson) {
  ProcessResult root = Run({"browse", "Sales team"});
  ASSERT_EQ(root.exit_code, 0) << root.err;
  EXPECT_NE(root.out.find("snapshot 0123abcd"), std::string::npos) << root.out;
  EXPECT_NE(root.out.find("alice@contoso.com/"), std::string::npos) << root.out;

  ProcessResult inbox = Run(
      {"--json", "browse", "set-42", "/alice@contoso.com/Mail/Inbox", "--order", "newest", "--limit", "2"});
  ASSERT_EQ(inbox.exit_code, 0) << inbox.err;
  nlohmann::json doc = nlohmann::json::parse(inbox.out);
  ASSERT_EQ(doc["items"].size(), 2u);
  EXPECT_EQ(doc["items"][0]["name"], "Contract signed");
  EXPECT_EQ(doc["items"][0]["owner"]["address"], "alice@contoso.com");
  EXPECT_EQ(doc["snapshot"]["id"], "0123abcd");
  ASSERT_TRUE(doc["next_cursor"].is_string());

  ProcessResult next = Run({"--json", "browse", "set-42", "/alice@contoso.com/Mail/Inbox", "--order",
                            "newest", "--limit", "2", "--cursor", doc["next_cursor"]});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  nlohmann::json page2 = nlohmann::json::parse(next.out);
  ASSERT_EQ(page2["items"].size(), 1u);
  EXPECT_EQ(page2["items"][0]["name"], "Contract renewal");
  EXPECT_TRUE(page2["next_cursor"].is_null());
}

TEST_F(CatalogCliTest, SearchAppliesTextAndFilters) {
  ProcessResult r = Run({"--json", "search", "sales team", "contract", "--from", "carol@fabrikam.com",
                         "--after", "2026-11-03", "--type", "mail"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["items"].size(), 1u);
  EXPECT_EQ(doc["items"][0]["name"], "Contract signed");
  EXPECT_EQ(doc["items"][0]["ref"], "ref-m3");

  ProcessResult text = Run({"search", "Sales team", "lunch", "--user", "alice@contoso.com"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("/alice@contoso.com/Mail/Inbox / Lunch plans"), std::string::npos) << text.out;

  ProcessResult show_id = Run({"--json", "search", "Sales team", "lunch"});
  nlohmann::json found = nlohmann::json::parse(show_id.out);
  ProcessResult show = Run({"catalog", "show", std::to_string(found["items"][0]["id"].get<std::int64_t>())});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("graph_id: m2"), std::string::npos) << show.out;

  ProcessResult snapshots = Run({"--json", "catalog", "snapshots", "Sales team"});
  ASSERT_EQ(snapshots.exit_code, 0) << snapshots.err;
  EXPECT_EQ(nlohmann::json::parse(snapshots.out)["snapshots"][0]["items"], 5);
}

TEST_F(CatalogCliTest, MistakesGetOneLineErrorsAndExitCodes) {
  ProcessResult bad_type = Run({"search", "Sales team", "x", "--type", "emails"});
  EXPECT_EQ(bad_type.exit_code, 2);
  EXPECT_NE(bad_type.err.find("unknown item type 'emails'"), std::string::npos) << bad_type.err;
  ProcessResult bad_date = Run({"search", "Sales team", "x", "--after", "yesterday"});
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_NE(bad_date.err.find("--after 'yesterday'"), std::string::npos) << bad_date.err;
  ProcessResult no_set = Run({"browse", "Marketing"});
  EXPECT_EQ(no_set.exit_code, 1);
  EXPECT_NE(no_set.err.find("Sales team"), std::string::npos) << no_set.err;
  ProcessResult no_path = Run({"--json", "browse", "Sales team", "/nobody"});
  EXPECT_EQ(no_path.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(no_path.out)["error"]["code"], "not_found");
  ProcessResult only_not = Run({"search", "Sales team", "-draft"});
  EXPECT_EQ(only_not.exit_code, 2);

  TempDir empty;
  ProcessOptions o;
  o.env["ARK365_HOME"] = empty.path();
  ProcessResult no_catalog = RunProcess({ARK365_BIN, "browse", "Sales team"}, o);
  EXPECT_EQ(no_catalog.exit_code, 1);
  EXPECT_NE(no_catalog.err.find("no catalog"), std::string::npos) << no_catalog.err;
}

}  // namespace
}  // namespace ark::testing
