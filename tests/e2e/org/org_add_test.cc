// Seed 001, "Specify Azure AD Application Credentials", step by step against m365sim: one scenario per step
// and rule.
#include <gtest/gtest.h>

#include "org/sim_env.h"

namespace ark::testing {
namespace {

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class OrgAddTest : public ::testing::Test {
 protected:
  // `org add NAME` with the emulator's tenant and cloud, the app `app_case` and its secret.
  std::vector<std::string> AddWithSecret(const std::string& name, const std::string& app_case) {
    const nlohmann::json& app = sim_.App(app_case);
    std::vector<std::string> args = {
        "--json",
        "org",
        "add",
        name,
        "--tenant",
        sim_.tenant_id(),
        "--app-id",
        app["client_id"],
        "--app-secret-file",
        ark_.SecretFile(name + ".secret", app["client_secret"].get<std::string>() + "\n")};
    for (const std::string& f : ark_.CloudFlags()) args.push_back(f);
    return args;
  }
  std::vector<std::string> WithAccount(std::vector<std::string> args, const std::string& account_case) {
    const nlohmann::json& a = sim_.Account(account_case);
    args.insert(args.end(), {"--username", a["upn"], "--app-password-file",
                             ark_.SecretFile(account_case + ".pw", a["password"].get<std::string>())});
    return args;
  }
  bool OrgExists(const std::string& name) { return ark_.Run({"org", "show", name}).exit_code == 0; }

  SimEnv sim_;
  Ark ark_{&sim_};
};

TEST_F(OrgAddTest, SecretOrganizationPassesEverySeedStep) {
  ProcessResult r = ark_.Run(WithAccount(AddWithSecret("contoso", "ark365-backup"), "global-admin"));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  const nlohmann::json& steps = doc["steps"];
  ASSERT_EQ(steps.size(), 6u) << doc.dump(2);
  EXPECT_EQ(steps[0]["outcome"], "ok");                             // 1: GUID and one credential
  EXPECT_EQ(steps[1]["tenant_id"], sim_.tenant_id());               // 2: token + /organization
  EXPECT_TRUE(steps[2]["missing"].empty()) << steps[2].dump(2);     // 3: permissions
  EXPECT_EQ(steps[3]["upn"], sim_.Account("global-admin")["upn"]);  // 4: the Exchange account
  EXPECT_EQ(steps[4]["outcome"], "skipped");                        // 5: not asked to grant
  EXPECT_EQ(steps[5]["outcome"], "ok");                             // 6: same credentials (default)
  EXPECT_EQ(doc["organization"]["credentials"][0]["secret"], "set");
  EXPECT_EQ(doc["organization"]["default_domain"], sim_.tenant_domain());
  ProcessResult show = ark_.Run({"org", "show", "contoso"});
  EXPECT_TRUE(Has(show.out, "application secret: set")) << show.out;
}

TEST_F(OrgAddTest, CertificateOrganizationWithTheInstalledPfx) {
  const nlohmann::json& app = sim_.App("ark365-backup");
  std::string pw = ark_.SecretFile("pfx.pw", app["pfx_password"]);
  ProcessResult imported = ark_.Run({"--json", "cert", "import", app["pfx"], "--password-file", pw});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  std::string sha1 = nlohmann::json::parse(imported.out)["sha1"];
  std::vector<std::string> args = {
      "--json",         "org",           "add", "fabrikam", "--tenant", sim_.tenant_domain(), "--app-id",
      app["client_id"], "--certificate", sha1};
  for (const std::string& f : ark_.CloudFlags()) args.push_back(f);
  ProcessResult r = ark_.Run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["organization"]["credentials"][0]["kind"], "certificate");
  EXPECT_EQ(doc["organization"]["credentials"][0]["certificate"]["sha1"], sha1);
  ProcessResult list = ark_.Run({"cert", "list"});
  EXPECT_TRUE(Has(list.out, "used by fabrikam")) << list.out;
}

TEST_F(OrgAddTest, CertificateFileIsInstalledByOrgAddItself) {
  const nlohmann::json& app = sim_.App("ark365-certificate-only");
  // The certificate and its key in one PEM file, as `openssl pkcs12 -nodes` would write them.
  std::string both =
      ark_.SecretFile("both.pem", FileText(app["certificate_pem"]) + FileText(app["private_key_pem"]));
  std::vector<std::string> args = {
      "org",        "add",      "certonly",      "--tenant", sim_.tenant_id(), "--app-id", app["client_id"],
      "--services", "exchange", "--certificate", both};
  for (const std::string& f : ark_.CloudFlags()) args.push_back(f);
  ProcessResult r = ark_.Run(args);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 3) << r.err << r.out;
  EXPECT_TRUE(Has(ark_.Run({"cert", "list"}).out, "used by certonly"));
}

TEST_F(OrgAddTest, WrongSecretIsRefusedAndNothingIsSaved) {
  std::vector<std::string> args = AddWithSecret("contoso", "ark365-backup");
  args[9] = ark_.SecretFile("wrong.secret", "not-the-secret");
  ProcessResult r = ark_.Run(args);
  EXPECT_EQ(r.exit_code, 1);
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["error"]["code"], "unauthenticated");
  EXPECT_TRUE(Has(doc["error"]["message"], "Certificates & secrets")) << doc.dump();
  EXPECT_FALSE(OrgExists("contoso"));
}

TEST_F(OrgAddTest, ExpiredSecretSaysHowToRenewIt) {
  ProcessResult r = ark_.Run(AddWithSecret("old", "ark365-expired-secret"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "expired")) << r.err;
  EXPECT_TRUE(Has(r.err, "set-credentials")) << r.err;
}

TEST_F(OrgAddTest, UnknownApplicationIsRefused) {
  std::vector<std::string> args = AddWithSecret("ghost", "ark365-backup");
  args[7] = "0a1b2c3d-0000-4000-8000-000000000000";
  ProcessResult r = ark_.Run(args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "0a1b2c3d-0000-4000-8000-000000000000")) << r.err;
  EXPECT_TRUE(Has(r.err, "not found")) << r.err;
}

TEST_F(OrgAddTest, ApplicationIdMustBeAGuid) {
  std::vector<std::string> args = AddWithSecret("x", "ark365-backup");
  args[7] = "my-backup-app";
  ProcessResult r = ark_.Run(args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "is not a GUID")) << r.err;
}

TEST_F(OrgAddTest, SecretOrCertificateNeverBoth) {
  std::vector<std::string> args = AddWithSecret("x", "ark365-backup");
  args.insert(args.end(), {"--certificate", std::string(40, 'A')});
  ProcessResult both = ark_.Run(args);
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_TRUE(Has(both.err, "not both")) << both.err;
  std::vector<std::string> none = {
      "org", "add", "x", "--tenant", sim_.tenant_id(), "--app-id", sim_.App("ark365-backup")["client_id"]};
  ProcessResult neither = ark_.Run(none);
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_TRUE(Has(neither.err, "needs a credential")) << neither.err;
}

TEST_F(OrgAddTest, AccountMustBeUserAtDomain) {
  std::vector<std::string> args = AddWithSecret("x", "ark365-backup");
  args.insert(args.end(), {"--username", "administrator", "--app-password-file", ark_.SecretFile("pw", "x")});
  ProcessResult r = ark_.Run(args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "user@domain.com or user@domain.onmicrosoft.com")) << r.err;
}

TEST_F(OrgAddTest, MfaAccountCannotUseThePasswordSignIn) {
  ProcessResult r = ark_.Run(WithAccount(AddWithSecret("contoso", "ark365-backup"), "user-mfa"));
  EXPECT_EQ(r.exit_code, 1);
  std::string message = nlohmann::json::parse(r.out)["error"]["message"];
  EXPECT_TRUE(Has(message, "requires multi-factor authentication")) << message;
  EXPECT_TRUE(Has(message, "non-MFA ADFS")) << message;
  EXPECT_TRUE(Has(message, "set migrate-auth")) << message;
  EXPECT_FALSE(OrgExists("contoso"));
}

TEST_F(OrgAddTest, NonMfaAdfsAccountCanSignIn) {
  ProcessResult r = ark_.Run(WithAccount(AddWithSecret("contoso", "ark365-backup"), "federated-adfs-no-mfa"));
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
}

// Seed: the grant needs Organization Management + Role Management; today Global
// Administrator or Privileged Role Administrator.
TEST_F(OrgAddTest, GrantingWithoutTheRolesIsRefused) {
  std::vector<std::string> args =
      WithAccount(AddWithSecret("contoso", "ark365-unconsented"), "exchange-admin");
  args.insert(args.end(),
              {"--grant-roles", "--sign-in-app-id", sim_.App("ark365-public-client")["client_id"]});
  ProcessResult r = ark_.Run(args);
  EXPECT_EQ(r.exit_code, 1);
  std::string message = nlohmann::json::parse(r.out)["error"]["message"];
  EXPECT_TRUE(Has(message, "cannot grant roles and permissions")) << message;
  EXPECT_TRUE(Has(message, "Global Administrator or Privileged Role Administrator")) << message;
  EXPECT_TRUE(Has(message, "Exchange Administrator")) << message;
  EXPECT_TRUE(sim_.GrantedAppPermissions(sim_.App("ark365-unconsented")["client_id"]).empty());
}

TEST_F(OrgAddTest, GrantingAsGlobalAdministratorAssignsTheMissingPermissions) {
  const nlohmann::json& admin = sim_.Account("global-admin");
  std::vector<std::string> args = WithAccount(AddWithSecret("contoso", "ark365-unconsented"), "global-admin");
  args.insert(args.end(),
              {"--grant-roles", "--sign-in-app-id", sim_.App("ark365-public-client")["client_id"]});
  std::shared_ptr<InteractiveProcess> p = ark_.Start(args);
  // The sign-in application has no consent to assign app roles yet: a browser consent, once.
  std::optional<std::string> before = p->WaitFor("Copy the authorization code", std::chrono::seconds(60));
  ASSERT_TRUE(before) << p->Output();
  size_t at = before->find("https://");
  std::string url = before->substr(at, before->find('\n', at) - at);
  Result<Browser::Outcome> page = Browser(sim_).SignIn(url, admin["upn"], admin["password"]);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  p->WriteLine(page->code);
  ASSERT_EQ(p->Wait(std::chrono::seconds(60)), 0) << p->Output();
  EXPECT_TRUE(Has(p->Output(), "granted Mail.Read")) << p->Output();
  std::vector<std::string> granted = sim_.GrantedAppPermissions(sim_.App("ark365-unconsented")["client_id"]);
  // The emulator's Graph offers no Organization.Read.All: the narrowest broader permission stands in.
  EXPECT_TRUE(Has(p->Output(), "granted Directory.Read.All (for Organization.Read.All)")) << p->Output();
  for (const char* permission : {"Mail.Read", "Files.Read.All", "ChannelMessage.Read.All"}) {
    EXPECT_NE(std::find(granted.begin(), granted.end(), permission), granted.end()) << permission;
  }
}

TEST_F(OrgAddTest, SameCredentialsChoiceOnlyWithSharePointOneDriveOrTeams) {
  std::vector<std::string> args = AddWithSecret("mailonly", "ark365-backup");
  args.insert(args.end(), {"--services", "exchange", "--same-credentials"});
  ProcessResult refused = ark_.Run(args);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(Has(refused.err, "none of them is selected")) << refused.err;
  args.pop_back();
  ProcessResult r = ark_.Run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["steps"][5]["outcome"], "skipped");
  EXPECT_TRUE(Has(doc["steps"][5]["summary"], "only when SharePoint, OneDrive or Teams")) << doc["steps"][5];
}

TEST_F(OrgAddTest, SeparateCredentialsForSharePointOneDriveAndTeams) {
  const nlohmann::json& second = sim_.App("ark365-certificate-only");
  std::string both = ark_.SecretFile(
      "second.pem", FileText(second["certificate_pem"]) + FileText(second["private_key_pem"]));
  std::vector<std::string> args = AddWithSecret("split", "ark365-backup");
  args.insert(args.end(), {"--separate-credentials", "--separate-app-id", second["client_id"],
                           "--separate-certificate", both});
  ProcessResult r = ark_.Run(args);
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 3) << r.err << r.out;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  const nlohmann::json& credentials = doc["organization"]["credentials"];
  ASSERT_EQ(credentials.size(), 2u) << doc.dump(2);
  EXPECT_EQ(credentials[0]["services"], "exchange");
  EXPECT_EQ(credentials[1]["name"], "separate");
  EXPECT_EQ(credentials[1]["services"], "sharepoint,onedrive,teams");
  EXPECT_EQ(credentials[1]["kind"], "certificate");
  EXPECT_FALSE(doc["separate_steps"].empty());
}

TEST_F(OrgAddTest, WizardAsksEveryStepOnATerminalAndHidesTheSecret) {
  const nlohmann::json& app = sim_.App("ark365-backup");
  std::vector<std::string> args = {"org", "add"};
  for (const std::string& f : ark_.CloudFlags()) args.push_back(f);
  InteractiveProcess::Options o;
  o.pty = true;
  o.env["ARK365_HOME"] = ark_.home();
  args.insert(args.begin(), ARK365_BIN);
  InteractiveProcess p(args, o);
  auto answer = [&](const std::string& question, const std::string& text) {
    ASSERT_TRUE(p.WaitFor(question, std::chrono::seconds(30))) << p.Output();
    p.WriteLine(text);
  };
  answer("Name for this organization", "wizard");
  answer("Tenant", sim_.tenant_id());
  answer("Services to protect", "");
  answer("Application ID", app["client_id"]);
  answer("secret or a certificate", "secret");
  answer("Application secret (hidden)", app["client_secret"]);
  answer("Secret expires on", "2099-12-31");
  answer("Exchange account", "");
  answer("Use the same credentials", "y");
  EXPECT_EQ(p.Wait(std::chrono::seconds(60)), 0) << p.Output();
  EXPECT_TRUE(Has(p.Output(), "added organization wizard")) << p.Output();
  EXPECT_FALSE(Has(p.Output(), app["client_secret"])) << "the secret was echoed";
  EXPECT_TRUE(Has(ark_.Run({"org", "show", "wizard"}).out, "set (expires 2099-12-31)"));
}

}  // namespace
}  // namespace ark::testing
