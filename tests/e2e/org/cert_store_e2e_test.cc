// The certificate store from the command line ("Install" in seed 001): import, list, remove and Entra's
// rules.
#include <gtest/gtest.h>

#include "org/sim_env.h"
#include "org/test_certificates.h"

namespace ark::testing {
namespace {

using namespace std::chrono_literals;
using org::testing::KeyType;
using org::testing::MakeCertificate;

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class CertStoreE2eTest : public ::testing::Test {
 protected:
  std::string Pem(const std::string& name, const org::testing::TestCertificate& c) {
    return ark_.SecretFile(name, c.certificate_pem + c.private_key_pem);
  }
  Ark ark_{nullptr};
};

TEST_F(CertStoreE2eTest, ImportInstallsAPfxAndListShowsBothThumbprints) {
  org::testing::TestCertificate c = MakeCertificate(KeyType::kRsa2048, -1h, 365 * 24h, "backup app");
  std::string pfx = ark_.SecretFile("app.pfx", org::testing::MakePfx(c, "pfx-password"));
  ProcessResult without = ark_.Run({"cert", "import", pfx});
  EXPECT_EQ(without.exit_code, 1);
  EXPECT_TRUE(Has(without.err, "--password-file")) << without.err;
  ProcessResult r =
      ark_.Run({"cert", "import", pfx, "--password-file", ark_.SecretFile("pw", "pfx-password")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ProcessResult list = ark_.Run({"--json", "cert", "list"});
  nlohmann::json certs = nlohmann::json::parse(list.out);
  ASSERT_EQ(certs.size(), 1u);
  EXPECT_EQ(certs[0]["sha1"], c.sha1_hex);
  EXPECT_EQ(certs[0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(certs[0]["subject"], "CN=backup app");
  EXPECT_EQ(certs[0]["key"], "RSA 2048");
  EXPECT_FALSE(certs[0].contains("warning"));
}

TEST_F(CertStoreE2eTest, ExpiredCertificateIsRefused) {
  ProcessResult r =
      ark_.Run({"cert", "import", Pem("old.pem", MakeCertificate(KeyType::kRsa2048, -48h, -1h))});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "expired on")) << r.err;
  EXPECT_TRUE(Has(ark_.Run({"cert", "list"}).out, "no certificates installed"));
}

TEST_F(CertStoreE2eTest, KeyOfAnotherCertificateIsRefused) {
  org::testing::TestCertificate a = MakeCertificate(KeyType::kRsa2048, -1h, 365 * 24h);
  org::testing::TestCertificate b = MakeCertificate(KeyType::kRsa2048, -1h, 365 * 24h);
  std::string cert = ark_.SecretFile("a.crt", a.certificate_pem);
  std::string key = ark_.SecretFile("b.key", b.private_key_pem);
  ProcessResult r = ark_.Run({"cert", "import", cert, "--key-file", key});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "does not belong to the certificate")) << r.err;
}

TEST_F(CertStoreE2eTest, NonRsaKeyIsRefusedBecauseEntraAcceptsOnlyRsa) {
  ProcessResult r =
      ark_.Run({"cert", "import", Pem("ec.pem", MakeCertificate(KeyType::kEcP256, -1h, 365 * 24h))});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "Entra ID accepts only RSA keys")) << r.err;
}

TEST_F(CertStoreE2eTest, CertificateExpiringWithinThirtyDaysIsWarned) {
  ProcessResult r =
      ark_.Run({"cert", "import", Pem("soon.pem", MakeCertificate(KeyType::kRsa2048, -1h, 12 * 24h))});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "warning: the certificate")) << r.err;
  ProcessResult list = ark_.Run({"cert", "list"});
  EXPECT_TRUE(Has(list.out, "WARNING")) << list.out;
  EXPECT_TRUE(Has(list.out, "org set-credentials")) << list.out;
}

TEST_F(CertStoreE2eTest, RemoveRefusesWhileAnOrganizationUsesIt) {
  SimEnv sim;
  Ark ark(&sim);
  const nlohmann::json& app = sim.App("ark365-backup");
  ProcessResult imported = ark.Run(
      {"--json", "cert", "import", app["pfx"], "--password-file", ark.SecretFile("pw", app["pfx_password"])});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  std::string sha1 = nlohmann::json::parse(imported.out)["sha1"];
  std::vector<std::string> args = {
      "org",           "add", "contoso", "--tenant", sim.tenant_id(), "--app-id", app["client_id"],
      "--certificate", sha1};
  for (const std::string& f : ark.CloudFlags()) args.push_back(f);
  ASSERT_EQ(ark.Run(args).exit_code, 0);
  ProcessResult refused = ark.Run({"cert", "remove", sha1});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Has(refused.err, "used by the organization(s) contoso")) << refused.err;
  ASSERT_EQ(ark.Run({"org", "remove", "contoso"}).exit_code, 0);
  EXPECT_EQ(ark.Run({"cert", "remove", sha1}).exit_code, 0);
}

}  // namespace
}  // namespace ark::testing
