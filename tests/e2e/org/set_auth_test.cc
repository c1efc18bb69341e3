// Seed 002, "Migrating Authentication of Office 365 Backup Set", and the rules of Basic, Hybrid and Modern —
// against m365sim.
#include <gtest/gtest.h>

#include "org/sim_env.h"

namespace ark::testing {
namespace {

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class SetAuthTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(AddBackupOrganization(ark_, sim_, "contoso").exit_code, 0); }

  // `set create NAME` for the account `account_case` in Basic mode (its app password stored).
  void CreateBasicSet(const std::string& name, const std::string& account_case,
                      std::vector<std::string> extra = {}) {
    const nlohmann::json& a = sim_.Account(account_case);
    std::vector<std::string> args = {"set",
                                     "create",
                                     name,
                                     "--org",
                                     "contoso",
                                     "--auth",
                                     "basic",
                                     "--account",
                                     a["upn"],
                                     "--password-file",
                                     ark_.SecretFile(name + ".pw", a["password"])};
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessResult r = ark_.Run(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  struct Migration {
    int exit_code = -1;
    std::string output;
    Browser::Outcome page;
  };
  // `set migrate-auth SETS --to MODE`: Continue, Authorize (the printed URL),
  // sign in as `account_case` in the browser, copy the code, paste it, Save.
  Migration Migrate(const std::vector<std::string>& sets, const std::string& mode,
                    const std::string& account_case, bool paste_address = false, bool consent_org = false) {
    std::vector<std::string> args = {"set", "migrate-auth"};
    args.insert(args.end(), sets.begin(), sets.end());
    args.insert(args.end(), {"--to", mode});
    std::shared_ptr<InteractiveProcess> p = ark_.Start(args);
    Migration m;
    std::optional<std::string> prompt = p->WaitFor("press Enter:", std::chrono::seconds(60));
    if (!prompt) {
      m.exit_code = p->Wait(std::chrono::seconds(30));
      m.output = p->Output();
      return m;
    }
    size_t at = prompt->find("https://");
    std::string url = prompt->substr(at, prompt->find('\n', at) - at);
    const nlohmann::json& a = sim_.Account(account_case);
    Result<Browser::Outcome> page = Browser(sim_).SignIn(url, a["upn"], a["password"], consent_org);
    if (!page.ok()) {
      ADD_FAILURE() << page.status().ToString();
      p->CloseInput();
    } else {
      m.page = *page;
      p->WriteLine(paste_address ? page->page_url : page->code);
    }
    m.exit_code = p->Wait(std::chrono::seconds(60));
    m.output = p->Output();
    return m;
  }

  nlohmann::json SetJson(const std::string& name) {
    ProcessResult r = ark_.Run({"--json", "set", "show", name});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }

  SimEnv sim_;
  Ark ark_{&sim_};
};

TEST_F(SetAuthTest, BasicSetIsFlaggedDeprecatedInEveryListing) {
  CreateBasicSet("legacy", "user");
  ProcessResult list = ark_.Run({"set", "list"});
  EXPECT_TRUE(Has(list.out, "BASIC (deprecated)")) << list.out;
  EXPECT_TRUE(Has(list.out, "ark365 set migrate-auth legacy --to hybrid")) << list.out;
  ProcessResult json = ark_.Run({"--json", "set", "list"});
  nlohmann::json sets = nlohmann::json::parse(json.out);
  EXPECT_EQ(sets[0]["authentication"]["deprecated"], true);
  EXPECT_TRUE(Has(sets[0]["authentication"]["status"], "deprecated")) << sets[0];
  EXPECT_TRUE(Has(ark_.Run({"set", "show", "legacy"}).out, "Basic authentication is deprecated"));
}

TEST_F(SetAuthTest, BasicToHybridWithMfaAsAPersonWould) {
  CreateBasicSet("legacy", "user-mfa");
  Migration m = Migrate({"legacy"}, "hybrid", "user-mfa");
  ASSERT_EQ(m.exit_code, 0) << m.output;
  EXPECT_TRUE(m.page.answered_mfa) << "the account has MFA: the sign-in must have asked for the code";
  EXPECT_TRUE(Has(m.output, "saved: legacy now uses hybrid")) << m.output;
  nlohmann::json set = SetJson("legacy");
  EXPECT_EQ(set["authentication"]["mode"], "hybrid");
  EXPECT_EQ(set["authentication"]["authorized"], true);
  EXPECT_EQ(set["authentication"]["signed_in_as"], sim_.Account("user-mfa")["upn"]);
  ProcessResult org = ark_.Run({"org", "show", "contoso"});
  EXPECT_TRUE(Has(org.out, "hybrid, by")) << org.out;
  EXPECT_TRUE(Has(org.out, "refresh token set")) << org.out;
}

TEST_F(SetAuthTest, HybridRefreshTokenIsRenewedAndStoredAtEachUse) {
  CreateBasicSet("legacy", "user");
  ASSERT_EQ(Migrate({"legacy"}, "hybrid", "user").exit_code, 0);
  auto renewed = [&] {
    nlohmann::json org = nlohmann::json::parse(ark_.Run({"--json", "org", "show", "contoso"}).out);
    return org["authorizations"][0]["renewed_at"];
  };
  EXPECT_TRUE(renewed().is_null());
  ProcessResult first = ark_.Run({"set", "test", "legacy"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(Has(first.out, "Graph answers for " + sim_.Account("user")["upn"].get<std::string>()))
      << first.out;
  nlohmann::json after_first = renewed();
  ASSERT_FALSE(after_first.is_null());
  // The rotated refresh token was stored: a second use works from it.
  ProcessResult second = ark_.Run({"set", "test", "legacy"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(renewed(), after_first);
}

TEST_F(SetAuthTest, BasicSetStillSignsInButSaysItIsDeprecated) {
  CreateBasicSet("legacy", "user");
  ProcessResult r = ark_.Run({"set", "test", "legacy"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "Basic authentication is deprecated")) << r.err;
}

TEST_F(SetAuthTest, PastedRedirectAddressWorksLikeTheCode) {
  CreateBasicSet("legacy", "user");
  Migration m = Migrate({"legacy"}, "hybrid", "user", /*paste_address=*/true);
  EXPECT_EQ(m.exit_code, 0) << m.output;
}

TEST_F(SetAuthTest, SecondSetOfTheSameAccountReusesTheAuthorization) {
  CreateBasicSet("mail", "user");
  CreateBasicSet("files", "user", {"--workloads", "onedrive"});
  ASSERT_EQ(Migrate({"mail"}, "hybrid", "user").exit_code, 0);
  // No browser, no stdin: the authorization of the account is reused.
  ProcessResult second = ark_.Run({"set", "migrate-auth", "files", "--to", "hybrid"});
  ASSERT_EQ(second.exit_code, 0) << second.err << second.out;
  EXPECT_TRUE(Has(second.out, "reusing the hybrid authorization")) << second.out;
  EXPECT_FALSE(Has(second.err, "https://")) << second.err;
  EXPECT_EQ(SetJson("files")["authentication"]["authorized"], true);
}

TEST_F(SetAuthTest, SeveralSetsMigrateWithOneSignIn) {
  CreateBasicSet("a", "user");
  CreateBasicSet("b", "user", {"--workloads", "calendar"});
  Migration m = Migrate({"a", "b"}, "hybrid", "user");
  ASSERT_EQ(m.exit_code, 0) << m.output;
  EXPECT_EQ(SetJson("a")["authentication"]["mode"], "hybrid");
  EXPECT_EQ(SetJson("b")["authentication"]["mode"], "hybrid");
}

TEST_F(SetAuthTest, HybridSignInAsAnotherAccountIsRefused) {
  CreateBasicSet("legacy", "user");
  Migration m = Migrate({"legacy"}, "hybrid", "user-mfa");
  EXPECT_EQ(m.exit_code, 1) << m.output;
  EXPECT_TRUE(Has(m.output, "belong(s) to " + sim_.Account("user")["upn"].get<std::string>())) << m.output;
  EXPECT_EQ(SetJson("legacy")["authentication"]["mode"], "basic");
}

TEST_F(SetAuthTest, ModernByANonGlobalAdministratorIsRefused) {
  CreateBasicSet("legacy", "user");
  Migration m = Migrate({"legacy"}, "modern", "privileged-role-admin", false, /*consent_org=*/true);
  EXPECT_EQ(m.exit_code, 1) << m.output;
  EXPECT_TRUE(Has(m.output, "must be authorized by a Global Administrator")) << m.output;
  EXPECT_EQ(SetJson("legacy")["authentication"]["mode"], "basic");
}

TEST_F(SetAuthTest, ModernByAGlobalAdministratorConsentsForTheOrganization) {
  // An organization whose application has no permission yet, signing in through the public client.
  const nlohmann::json& app = sim_.App("ark365-unconsented");
  ASSERT_EQ(AddOrganization(ark_, sim_, "bare", "ark365-unconsented",
                            {"--sign-in-app-id", sim_.App("ark365-public-client")["client_id"]})
                .exit_code,
            3);
  const nlohmann::json& user = sim_.Account("user");
  ASSERT_EQ(ark_.Run({"set", "create", "legacy", "--org", "bare", "--auth", "basic", "--account", user["upn"],
                      "--password-file", ark_.SecretFile("u.pw", user["password"])})
                .exit_code,
            0);
  Migration m = Migrate({"legacy"}, "modern", "global-admin", false, /*consent_org=*/true);
  ASSERT_EQ(m.exit_code, 0) << m.output;
  nlohmann::json set = SetJson("legacy");
  EXPECT_EQ(set["authentication"]["mode"], "modern");
  EXPECT_EQ(set["authentication"]["signed_in_as"], sim_.Account("global-admin")["upn"]);
  std::vector<std::string> granted = sim_.GrantedAppPermissions(app["client_id"]);
  EXPECT_NE(std::find(granted.begin(), granted.end(), "Mail.Read"), granted.end());
  EXPECT_EQ(ark_.Run({"org", "test", "bare"}).exit_code, 0);
  ProcessResult app_only = ark_.Run({"--json", "set", "test", "legacy"});
  ASSERT_EQ(app_only.exit_code, 0) << app_only.err;
  EXPECT_EQ(nlohmann::json::parse(app_only.out)["app_only"], true);
}

TEST_F(SetAuthTest, PersonalSitesCannotMigrateToModern) {
  CreateBasicSet("sites", "user", {"--personal-sites", "*"});
  ProcessResult r = ark_.Run({"set", "migrate-auth", "sites", "--to", "modern"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "selects Personal Sites")) << r.err;
  EXPECT_TRUE(Has(r.err, "--to hybrid")) << r.err;
  EXPECT_FALSE(Has(r.err, "https://")) << "refused before any sign-in";
}

TEST_F(SetAuthTest, PersonalSitesCannotBeAddedToAModernSet) {
  ProcessResult created = ark_.Run({"set", "create", "modern-set", "--org", "contoso", "--auth", "modern",
                                    "--account", sim_.Account("user")["upn"]});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ProcessResult r = ark_.Run({"set", "edit", "modern-set", "--personal-sites", "*"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "'modern-set' selects Personal Sites")) << r.err;
  ProcessResult c = ark_.Run({"set", "create", "m2", "--org", "contoso", "--auth", "modern", "--account",
                              sim_.Account("user")["upn"], "--personal-sites", "*"});
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_TRUE(Has(c.err, "use Hybrid authentication")) << c.err;
}

TEST_F(SetAuthTest, DeviceCodeSignIn) {
  CreateBasicSet("legacy", "user");
  std::shared_ptr<InteractiveProcess> p =
      ark_.Start({"set", "migrate-auth", "legacy", "--to", "hybrid", "--device-code"});
  std::optional<std::string> shown = p->WaitFor("to authenticate", std::chrono::seconds(60));
  ASSERT_TRUE(shown) << p->Output();
  size_t at = shown->find("enter the code ");
  ASSERT_NE(at, std::string::npos) << *shown;
  std::string code = shown->substr(at + 15, shown->find(' ', at + 15) - at - 15);
  size_t page = shown->find("https://");
  std::string url = shown->substr(page, shown->find(' ', page) - page);
  const nlohmann::json& user = sim_.Account("user");
  Result<Browser::Outcome> done = Browser(sim_).DeviceLogin(url, code, user["upn"], user["password"]);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  ASSERT_EQ(p->Wait(std::chrono::seconds(60)), 0) << p->Output();
  EXPECT_EQ(SetJson("legacy")["authentication"]["mode"], "hybrid");
}

}  // namespace
}  // namespace ark::testing
