#include "identity/client_certificate.h"

#include <gtest/gtest.h>

#include "core/hash.h"
#include "identity/test_certificates.h"

namespace ark::identity {
namespace {

using testing::MakeTestCertificate;
using testing::TestCertificate;

class ClientCertificateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new TestCertificate(MakeTestCertificate(true));
    other_ = new TestCertificate(MakeTestCertificate(true));
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete other_;
  }
  static TestCertificate* rsa_;
  static TestCertificate* other_;
};
TestCertificate* ClientCertificateTest::rsa_ = nullptr;
TestCertificate* ClientCertificateTest::other_ = nullptr;

TEST_F(ClientCertificateTest, LoadsPemAndComputesThumbprints) {
  Result<ClientCertificate> c =
      ClientCertificate::FromPem(rsa_->certificate_pem, Secret(rsa_->private_key_pem));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->Sha1Thumbprint(), Sha1(c->der()));
  EXPECT_EQ(c->Sha256Thumbprint().size(), 32u);
  EXPECT_NE(c->subject().find("ark365-test"), std::string::npos);
  EXPECT_LT(c->not_before(), std::chrono::system_clock::now());
  EXPECT_GT(c->not_after(), std::chrono::system_clock::now() + std::chrono::hours(24 * 300));
}

TEST_F(ClientCertificateTest, LoadsKeyAndCertificateFromOneText) {
  std::string both = rsa_->private_key_pem + rsa_->certificate_pem;
  EXPECT_TRUE(ClientCertificate::FromPem(both, Secret(both)).ok());
}

TEST_F(ClientCertificateTest, EncryptedPemKeyNeedsItsPassword) {
  EXPECT_TRUE(
      ClientCertificate::FromPem(rsa_->certificate_pem, Secret(rsa_->encrypted_key_pem), Secret("key-pass"))
          .ok());
  Result<ClientCertificate> wrong =
      ClientCertificate::FromPem(rsa_->certificate_pem, Secret(rsa_->encrypted_key_pem), Secret("nope"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("check its password"), std::string::npos)
      << wrong.status().message();
}

TEST_F(ClientCertificateTest, LoadsPfxWithPasswordAndRefusesAWrongOne) {
  Result<ClientCertificate> c = ClientCertificate::FromPfx(rsa_->pfx, Secret("pfx-pass"));
  ASSERT_TRUE(c.ok()) << c.status().message();
  Result<ClientCertificate> pem =
      ClientCertificate::FromPem(rsa_->certificate_pem, Secret(rsa_->private_key_pem));
  EXPECT_EQ(c->Sha256Thumbprint(), pem->Sha256Thumbprint());
  Result<ClientCertificate> wrong = ClientCertificate::FromPfx(rsa_->pfx, Secret("guess"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(wrong.status().message().find("PFX password is wrong"), std::string::npos);
  EXPECT_EQ(wrong.status().message().find("guess"), std::string::npos);
}

TEST_F(ClientCertificateTest, RefusesMismatchedKeyGarbageAndNonRsaKeys) {
  Result<ClientCertificate> mismatch =
      ClientCertificate::FromPem(rsa_->certificate_pem, Secret(other_->private_key_pem));
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.status().message().find("does not belong to the certificate"), std::string::npos);
  EXPECT_FALSE(ClientCertificate::FromPem("hello", Secret(rsa_->private_key_pem)).ok());
  EXPECT_FALSE(ClientCertificate::FromPfx("not a pfx", Secret("x")).ok());
  TestCertificate ec = MakeTestCertificate(false);
  Result<ClientCertificate> c = ClientCertificate::FromPem(ec.certificate_pem, Secret(ec.private_key_pem));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("accepts only RSA keys"), std::string::npos);
}

}  // namespace
}  // namespace ark::identity
