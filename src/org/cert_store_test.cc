#include "org/cert_store.h"

#include <gtest/gtest.h>

#include "org/test_certificates.h"

namespace ark::org {
namespace {

using namespace std::chrono_literals;
using testing::KeyType;
using testing::MakeCertificate;
using testing::ScratchDir;

class CertStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*OpenSqliteStore(dir_.path() + "/ark365.db"));
    Result<Vault> v = Vault::Open(*store_, dir_.path() + "/master.key", std::nullopt);
    ASSERT_TRUE(v.ok());
    vault_.emplace(std::move(*v));
  }
  CertificateBundle Bundle(std::chrono::seconds from, std::chrono::seconds to) {
    testing::TestCertificate c = MakeCertificate(KeyType::kRsa2048, from, to);
    std::string path = dir_.Write("c.pem", c.certificate_pem + c.private_key_pem);
    return std::move(*ReadCertificateFile(path, std::nullopt));
  }
  SystemTime now_ = std::chrono::system_clock::now();
  ScratchDir dir_;
  std::unique_ptr<ConfigStore> store_;
  std::optional<Vault> vault_;
};

TEST_F(CertStoreTest, ImportStoresTheKeySealedAndFindsByEitherThumbprint) {
  CertificateBundle b = Bundle(-1h, 400 * 24h);
  Result<ImportResult> r = ImportCertificate(*store_, *vault_, b, now_);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->already_installed);
  EXPECT_FALSE(r->warning);
  EXPECT_EQ(FindCertificate(*store_, b.sha256)->sha1, b.sha1);
  std::string lower = b.sha1;
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  EXPECT_EQ(FindCertificate(*store_, lower)->sha1, b.sha1);
  Result<Secret> key = LoadPrivateKey(*vault_, r->certificate);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, b.private_key_pem);
  EXPECT_TRUE(ImportCertificate(*store_, *vault_, b, now_)->already_installed);
}

TEST_F(CertStoreTest, ExpiredCertificateIsRefusedAndOneExpiringSoonWarns) {
  Result<ImportResult> expired = ImportCertificate(*store_, *vault_, Bundle(-48h, -24h), now_);
  ASSERT_FALSE(expired.ok());
  EXPECT_NE(expired.status().message().find("expired on"), std::string::npos);
  EXPECT_TRUE(store_->ListCertificates()->empty());
  Result<ImportResult> soon = ImportCertificate(*store_, *vault_, Bundle(-1h, 10 * 24h), now_);
  ASSERT_TRUE(soon.ok());
  ASSERT_TRUE(soon->warning);
  EXPECT_NE(soon->warning->find("expires on"), std::string::npos) << *soon->warning;
  EXPECT_NE(soon->warning->find("days); create a new one"), std::string::npos) << *soon->warning;
}

TEST_F(CertStoreTest, RemoveRefusesWhileAnOrganizationUsesIt) {
  CertificateBundle b = Bundle(-1h, 400 * 24h);
  ASSERT_TRUE(ImportCertificate(*store_, *vault_, b, now_).ok());
  Organization org;
  org.name = "fabrikam";
  org.tenant = "fabrikam.onmicrosoft.com";
  org.services = {Service::kExchange};
  CredentialProfile profile;
  profile.name = "primary";
  profile.app.app_id = "11111111-2222-3333-4444-555555555555";
  profile.app.kind = CredentialKind::kCertificate;
  profile.app.certificate = b.sha1;
  profile.services = org.services;
  org.profiles.push_back(profile);
  ASSERT_TRUE(store_->CreateOrganization(org).ok());
  Status busy = RemoveCertificate(*store_, b.sha1);
  EXPECT_EQ(busy.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(busy.message().find("fabrikam"), std::string::npos);
  ASSERT_TRUE(store_->DeleteOrganization("fabrikam").ok());
  EXPECT_TRUE(RemoveCertificate(*store_, b.sha1).ok());
  EXPECT_EQ(FindCertificate(*store_, b.sha1).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(RemoveCertificate(*store_, "not-a-thumbprint").code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ark::org
