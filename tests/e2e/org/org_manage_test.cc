// Organizations after they were added: list, show, test, set-credentials, edit, remove — against m365sim.
#include <gtest/gtest.h>

#include "org/sim_env.h"

namespace ark::testing {
namespace {

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class OrgManageTest : public ::testing::Test {
 protected:
  SimEnv sim_;
  Ark ark_{&sim_};
};

TEST_F(OrgManageTest, ShowAndListSayTheSecretIsSetWithItsExpiryNeverItsValue) {
  ASSERT_EQ(AddBackupOrganization(ark_, sim_, "contoso", {"--secret-expires", "2030-06-30"}).exit_code, 0);
  ProcessResult show = ark_.Run({"org", "show", "contoso"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(Has(show.out, "application secret: set (expires 2030-06-30)")) << show.out;
  EXPECT_TRUE(Has(show.out, sim_.authority_host())) << show.out;
  ProcessResult list = ark_.Run({"--json", "org", "list"});
  nlohmann::json orgs = nlohmann::json::parse(list.out);
  ASSERT_EQ(orgs.size(), 1u);
  EXPECT_EQ(orgs[0]["credentials"][0]["secret"], "set");
  EXPECT_EQ(orgs[0]["credentials"][0]["secret_expires"], "2030-06-30T00:00:00Z");
  EXPECT_FALSE(Has(list.out + show.out, sim_.App("ark365-backup")["client_secret"]));
}

TEST_F(OrgManageTest, TestRerunsTheChecksAndReportsMissingPermissions) {
  ProcessResult added = AddOrganization(ark_, sim_, "bare", "ark365-unconsented");
  EXPECT_EQ(added.exit_code, 3) << added.err << added.out;  // saved, with missing permissions
  EXPECT_TRUE(Has(added.out, "missing for backup")) << added.out;
  ProcessResult test = ark_.Run({"--json", "org", "test", "bare"});
  EXPECT_EQ(test.exit_code, 3) << test.err;
  nlohmann::json doc = nlohmann::json::parse(test.out);
  std::vector<std::string> missing = doc["organization"]["missing_permissions"];
  EXPECT_NE(std::find(missing.begin(), missing.end(), "Mail.Read"), missing.end()) << doc.dump(2);
  EXPECT_TRUE(Has(ark_.Run({"org", "list"}).out, "permission(s) missing"));
  ASSERT_EQ(AddBackupOrganization(ark_, sim_, "full").exit_code, 0);
  EXPECT_EQ(ark_.Run({"org", "test", "full"}).exit_code, 0);
}

TEST_F(OrgManageTest, SetCredentialsChecksTheNewSecretBeforeSavingIt) {
  ASSERT_EQ(AddBackupOrganization(ark_, sim_, "contoso").exit_code, 0);
  ProcessResult wrong = ark_.Run(
      {"org", "set-credentials", "contoso", "--app-secret-file", ark_.SecretFile("wrong", "not-it")});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(ark_.Run({"org", "test", "contoso"}).exit_code, 0) << "the old secret must still be there";
  nlohmann::json added =
      sim_.Admin("POST", "/apps/" + sim_.App("ark365-backup")["client_id"].get<std::string>() + "/secrets");
  std::string fresh = added.value("secretText", "");
  ASSERT_FALSE(fresh.empty()) << added.dump();
  ProcessResult right = ark_.Run({"org", "set-credentials", "contoso", "--app-secret-file",
                                  ark_.SecretFile("fresh", fresh), "--secret-expires", "2031-01-01"});
  EXPECT_EQ(right.exit_code, 0) << right.err;
  EXPECT_TRUE(Has(ark_.Run({"org", "show", "contoso"}).out, "set (expires 2031-01-01)"));
}

TEST_F(OrgManageTest, EditChangesServicesButNeverBreaksABackupSet) {
  ASSERT_EQ(AddBackupOrganization(ark_, sim_, "contoso").exit_code, 0);
  ASSERT_EQ(ark_.Run({"set", "create", "files", "--org", "contoso", "--account", sim_.Account("user")["upn"],
                      "--workloads", "onedrive"})
                .exit_code,
            0);
  ProcessResult refused = ark_.Run({"org", "edit", "contoso", "--services", "exchange"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(Has(refused.err, "files")) << refused.err;
  EXPECT_TRUE(Has(refused.err, "needs the service onedrive")) << refused.err;
  ProcessResult ok = ark_.Run({"--json", "org", "edit", "contoso", "--services", "exchange,onedrive"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(nlohmann::json::parse(ok.out)["services"], nlohmann::json({"exchange", "onedrive"}));
}

TEST_F(OrgManageTest, RemoveRefusesWhileBackupSetsUseItUnlessForced) {
  ASSERT_EQ(AddBackupOrganization(ark_, sim_, "contoso").exit_code, 0);
  ASSERT_EQ(ark_.Run({"set", "create", "mail", "--org", "contoso", "--account", sim_.Account("user")["upn"]})
                .exit_code,
            0);
  ProcessResult refused = ark_.Run({"org", "remove", "contoso"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Has(refused.err, "used by the backup sets mail")) << refused.err;
  ProcessResult forced = ark_.Run({"org", "remove", "contoso", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(Has(forced.out, "backup data in the repositories was not touched")) << forced.out;
  EXPECT_EQ(ark_.Run({"set", "show", "mail"}).exit_code, 1);
  EXPECT_EQ(ark_.Run({"org", "show", "contoso"}).exit_code, 1);
}

}  // namespace
}  // namespace ark::testing
