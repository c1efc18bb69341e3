#include "org/permissions.h"

#include <gtest/gtest.h>

#include "core/file.h"

namespace ark::org {
namespace {

TEST(PermissionsTest, DocumentationShowsExactlyTheTableInCode) {
  Result<std::string> doc = ReadFile(std::string(ARK_SOURCE_DIR) + "/docs/permissions.md");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const std::string begin = "<!-- permissions-table: generated from src/org/permissions.cc -->\n";
  const std::string end = "<!-- end of permissions-table -->";
  size_t b = doc->find(begin);
  size_t e = doc->find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  std::string table = doc->substr(b + begin.size(), e - b - begin.size());
  EXPECT_EQ(table, RenderPermissionsMarkdown()) << "update docs/permissions.md with:\n"
                                                << RenderPermissionsMarkdown();
}

TEST(PermissionsTest, ServicesNeedTheirWorkloadsAndTheDirectory) {
  std::set<std::string> exchange = RequiredApplicationPermissions({Service::kExchange}, Access::kBackup);
  EXPECT_TRUE(exchange.contains("Mail.Read"));
  EXPECT_TRUE(exchange.contains("Calendars.Read"));
  EXPECT_TRUE(exchange.contains("User.Read.All"));
  EXPECT_FALSE(exchange.contains("Files.Read.All"));
  std::set<std::string> restore = RequiredApplicationPermissions({Service::kOneDrive}, Access::kRestore);
  EXPECT_TRUE(restore.contains("Files.ReadWrite.All"));
  EXPECT_FALSE(restore.contains("Mail.ReadWrite"));
  std::set<std::string> teams = RequiredApplicationPermissions({Service::kTeams}, Access::kBackup);
  EXPECT_TRUE(teams.contains("ChannelMessage.Read.All"));
}

TEST(PermissionsTest, BroaderPermissionsSatisfyNarrowerOnes) {
  std::set<std::string> required = {"Mail.Read", "Sites.Read.All", "User.Read.All", "Calendars.Read"};
  std::vector<std::string> missing =
      MissingPermissions(required, {"Mail.ReadWrite", "Sites.FullControl.All", "Directory.Read.All"});
  EXPECT_EQ(missing, std::vector<std::string>{"Calendars.Read"});
  EXPECT_TRUE(MissingPermissions(required, required).empty());
  EXPECT_EQ(MissingPermissions({"Mail.ReadWrite"}, {"Mail.Read"}),
            std::vector<std::string>{"Mail.ReadWrite"});
}

TEST(PermissionsTest, ArchiveIsOptional) {
  std::set<std::string> optional = OptionalApplicationPermissions({Service::kExchange}, Access::kBackup);
  EXPECT_TRUE(optional.contains("MailboxItem.Export.All"));
  EXPECT_FALSE(RequiredApplicationPermissions({Service::kExchange}, Access::kBackup)
                   .contains("MailboxItem.Export.All"));
  EXPECT_TRUE(OptionalApplicationPermissions({Service::kTeams}, Access::kBackup).empty());
}

TEST(PermissionsTest, GrantPicksThePermissionOrTheNarrowestBroaderOneOffered) {
  std::set<std::string> offered = {"Directory.Read.All", "Mail.Read", "Sites.FullControl.All",
                                   "Sites.ReadWrite.All"};
  EXPECT_EQ(GrantablePermission("Mail.Read", offered), "Mail.Read");
  EXPECT_EQ(GrantablePermission("Organization.Read.All", offered), "Directory.Read.All");
  EXPECT_EQ(GrantablePermission("Sites.Read.All", offered), "Sites.ReadWrite.All");
  EXPECT_FALSE(GrantablePermission("Calendars.Read", offered));
}

TEST(PermissionsTest, HybridScopesCoverEveryWorkloadAndGrantScopesCanAssignRoles) {
  std::set<std::string> hybrid = HybridDelegatedScopes();
  EXPECT_TRUE(hybrid.contains("Mail.ReadWrite"));
  EXPECT_TRUE(hybrid.contains("Sites.ReadWrite.All"));
  EXPECT_TRUE(hybrid.contains("User.Read"));
  EXPECT_TRUE(GrantDelegatedScopes().contains("AppRoleAssignment.ReadWrite.All"));
  for (Workload w : kAllWorkloads) {
    bool in_table = false;
    for (const PermissionRow& row : PermissionTable()) in_table = in_table || row.area == WorkloadName(w);
    EXPECT_TRUE(in_table) << WorkloadName(w);
  }
}

}  // namespace
}  // namespace ark::org
