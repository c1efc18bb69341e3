// Secrets at rest and in output: none of the credentials handed to ark365 ever appears in what it prints,
// in its log, or in the state directory (the database, the WAL, the key file, anything).
#include <gtest/gtest.h>

#include "org/sim_env.h"

namespace ark::testing {
namespace {

TEST(SecretsE2eTest, NoSecretInAnyOutputLogOrTheStateDirectory) {
  SimEnv sim;
  Ark ark(&sim);
  const nlohmann::json& backup = sim.App("ark365-backup");
  const nlohmann::json& admin = sim.Account("global-admin");
  const nlohmann::json& user = sim.Account("user");
  const std::string repository_password = "correct-horse-battery-staple-7f3a";
  // An organization with a secret and an Exchange account, one with the PFX certificate.
  ASSERT_EQ(
      AddBackupOrganization(ark, sim, "contoso",
                            {"--username", admin["upn"], "--app-password-file",
                             ark.SecretFile("admin.pw", admin["password"]), "--secret-expires", "2030-01-01"})
          .exit_code,
      0);
  std::vector<std::string> cert_org = {"org",
                                       "add",
                                       "fabrikam",
                                       "--tenant",
                                       sim.tenant_id(),
                                       "--app-id",
                                       backup["client_id"],
                                       "--certificate",
                                       backup["pfx"],
                                       "--certificate-password-file",
                                       ark.SecretFile("pfx.pw", backup["pfx_password"])};
  for (const std::string& f : ark.CloudFlags()) cert_org.push_back(f);
  ASSERT_EQ(ark.Run(cert_org).exit_code, 0);
  // A Basic set with the user's app password and a repository password.
  ASSERT_EQ(ark.Run({"set", "create", "legacy", "--org", "contoso", "--auth", "basic", "--account",
                     user["upn"], "--password-file", ark.SecretFile("user.pw", user["password"]),
                     "--repository-password-file", ark.SecretFile("repo.pw", repository_password)})
                .exit_code,
            0);
  // A wrong secret makes an error path run too.
  ark.Run({"org", "set-credentials", "contoso", "--app-secret-file",
           ark.SecretFile("bad", "Wrong~Secret~Value42")});
  for (const std::vector<std::string>& read :
       std::vector<std::vector<std::string>>{{"org", "list"},
                                             {"--json", "org", "list"},
                                             {"org", "show", "contoso"},
                                             {"--json", "org", "show", "fabrikam"},
                                             {"org", "test", "contoso"},
                                             {"set", "list"},
                                             {"--json", "set", "show", "legacy"},
                                             {"cert", "list"},
                                             {"--json", "cert", "list"}}) {
    ProcessResult r = ark.Run(read);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }

  std::vector<std::string> secrets = sim.KnownSecrets();
  secrets.push_back(repository_password);
  secrets.push_back("Wrong~Secret~Value42");
  std::string outputs = ark.AllOutput();
  std::string state = ReadTree(ark.home());
  std::string log = FileText(ark.log_file());
  ASSERT_FALSE(state.empty());
  ASSERT_FALSE(log.empty());
  for (const std::string& secret : secrets) {
    ASSERT_GE(secret.size(), 8u) << "too short to be a meaningful probe: " << secret;
    EXPECT_EQ(outputs.find(secret), std::string::npos) << "in the output: " << secret;
    EXPECT_EQ(state.find(secret), std::string::npos) << "in the state directory: " << secret;
    EXPECT_EQ(log.find(secret), std::string::npos) << "in the log: " << secret;
  }
}

}  // namespace
}  // namespace ark::testing
