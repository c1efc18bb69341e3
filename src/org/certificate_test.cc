#include "org/certificate.h"

#include <gtest/gtest.h>

#include "org/test_certificates.h"

namespace ark::org {
namespace {

using namespace std::chrono_literals;
using testing::KeyType;
using testing::MakeCertificate;
using testing::ScratchDir;

constexpr std::chrono::seconds kYear = 365 * 24h;

class CertificateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new testing::TestCertificate(MakeCertificate(KeyType::kRsa2048, -1h, kYear, "ark365 backup"));
    other_ = new testing::TestCertificate(MakeCertificate(KeyType::kRsa2048, -1h, kYear, "someone else"));
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete other_;
  }
  static testing::TestCertificate* rsa_;
  static testing::TestCertificate* other_;
  ScratchDir dir_;
};
testing::TestCertificate* CertificateTest::rsa_ = nullptr;
testing::TestCertificate* CertificateTest::other_ = nullptr;

TEST_F(CertificateTest, PemWithCertificateAndKeyGivesThumbprintsSubjectAndDates) {
  std::string path = dir_.Write("app.pem", rsa_->certificate_pem + rsa_->private_key_pem);
  Result<CertificateBundle> b = ReadCertificateFile(path, std::nullopt);
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->sha1, rsa_->sha1_hex);
  EXPECT_EQ(b->sha256.size(), 64u);
  EXPECT_EQ(b->subject, "CN=ark365 backup");
  EXPECT_EQ(b->key_bits, 2048);
  EXPECT_GT(b->not_after, b->not_before);
  EXPECT_NE(b->private_key_pem.reveal().find("BEGIN PRIVATE KEY"), std::string_view::npos);
  EXPECT_EQ(b->certificate_pem.find("PRIVATE KEY"), std::string::npos);
}

TEST_F(CertificateTest, KeyMayComeFirstOrFromASeparateFile) {
  std::string reversed = dir_.Write("rev.pem", rsa_->private_key_pem + rsa_->certificate_pem);
  EXPECT_TRUE(ReadCertificateFile(reversed, std::nullopt).ok());
  std::string cert = dir_.Write("cert.pem", rsa_->certificate_pem);
  std::string key = dir_.Write("key.pem", rsa_->private_key_pem);
  Result<CertificateBundle> b = ReadCertificateFile(cert, std::nullopt, key);
  ASSERT_TRUE(b.ok()) << b.status().message();
  Result<CertificateBundle> no_key = ReadCertificateFile(cert, std::nullopt);
  EXPECT_NE(no_key.status().message().find("no private key"), std::string::npos);
}

TEST_F(CertificateTest, EncryptedPemKeyNeedsItsPassword) {
  std::string path = dir_.Write(
      "enc.pem", rsa_->certificate_pem + testing::EncryptKeyPem(rsa_->private_key_pem, "pfx-pass"));
  Result<CertificateBundle> none = ReadCertificateFile(path, std::nullopt);
  EXPECT_EQ(none.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(none.status().message().find("--password-file"), std::string::npos);
  EXPECT_EQ(ReadCertificateFile(path, Secret("wrong")).status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(ReadCertificateFile(path, Secret("pfx-pass")).ok());
}

TEST_F(CertificateTest, PfxOpensWithItsPasswordOnly) {
  std::string path = dir_.Write("app.pfx", testing::MakePfx(*rsa_, "pfx-pass"));
  Result<CertificateBundle> b = ReadCertificateFile(path, Secret("pfx-pass"));
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->sha1, rsa_->sha1_hex);
  Result<CertificateBundle> wrong = ReadCertificateFile(path, Secret("nope"));
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(wrong.status().message().find("password of"), std::string::npos);
  Result<CertificateBundle> none = ReadCertificateFile(path, std::nullopt);
  EXPECT_NE(none.status().message().find("protected by a password"), std::string::npos);
}

TEST_F(CertificateTest, PfxWithoutPasswordOpensWithoutOne) {
  std::string path = dir_.Write("open.pfx", testing::MakePfx(*rsa_, ""));
  EXPECT_TRUE(ReadCertificateFile(path, std::nullopt).ok());
}

TEST_F(CertificateTest, KeyOfAnotherCertificateIsRefused) {
  std::string path = dir_.Write("mix.pem", rsa_->certificate_pem + other_->private_key_pem);
  Result<CertificateBundle> b = ReadCertificateFile(path, std::nullopt);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("does not belong to the certificate"), std::string::npos)
      << b.status().message();
}

TEST_F(CertificateTest, NonRsaKeyIsRefusedBecauseEntraAcceptsOnlyRsa) {
  testing::TestCertificate ec = MakeCertificate(KeyType::kEcP256, -1h, kYear);
  std::string path = dir_.Write("ec.pem", ec.certificate_pem + ec.private_key_pem);
  Result<CertificateBundle> b = ReadCertificateFile(path, std::nullopt);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("only RSA"), std::string::npos) << b.status().message();
}

TEST_F(CertificateTest, GarbageIsNeitherPemNorPfx) {
  std::string path = dir_.Write("junk.bin", std::string("\x01\x02junk", 6));
  Result<CertificateBundle> b = ReadCertificateFile(path, std::nullopt);
  EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadCertificateFile(dir_.path() + "/absent.pem", std::nullopt).status().code(),
            StatusCode::kNotFound);
}

TEST(ThumbprintTest, NormalisesCaseAndSeparators) {
  EXPECT_EQ(NormalizeThumbprint("ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01"),
            "ABCDEF0123456789ABCDEF0123456789ABCDEF01");
  EXPECT_EQ(NormalizeThumbprint(std::string(64, 'a'))->size(), 64u);
  EXPECT_FALSE(NormalizeThumbprint("abc"));
  EXPECT_FALSE(NormalizeThumbprint(std::string(40, 'g')));
}

}  // namespace
}  // namespace ark::org
