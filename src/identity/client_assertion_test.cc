#include "identity/client_assertion.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <nlohmann/json.hpp>

#include "core/encoding.h"
#include "core/random.h"
#include "identity/test_certificates.h"

namespace ark::identity {
namespace {

struct Jwt {
  nlohmann::json header;
  nlohmann::json claims;
  std::string signing_input;
  std::string signature;
};

Jwt Split(std::string_view token) {
  size_t a = token.find('.');
  size_t b = token.find('.', a + 1);
  Jwt j;
  j.header = nlohmann::json::parse(*Base64UrlDecode(token.substr(0, a)));
  j.claims = nlohmann::json::parse(*Base64UrlDecode(token.substr(a + 1, b - a - 1)));
  j.signing_input = std::string(token.substr(0, b));
  j.signature = *Base64UrlDecode(token.substr(b + 1));
  return j;
}

// Verifies with the public key alone, as Entra ID does with the registered certificate.
bool Verify(const std::string& public_pem, bool pss, const Jwt& j) {
  BIO* bio = BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), nullptr, key);
  if (pss) {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32);
  }
  int ok = EVP_DigestVerify(
      md, reinterpret_cast<const unsigned char*>(j.signature.data()), j.signature.size(),
      reinterpret_cast<const unsigned char*>(j.signing_input.data()), j.signing_input.size());
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(key);
  return ok == 1;
}

class ClientAssertionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pem_ = testing::MakeTestCertificate();
    cert_ = std::make_unique<ClientCertificate>(
        ClientCertificate::FromPem(pem_.certificate_pem, Secret(pem_.private_key_pem)).value());
  }
  testing::TestCertificate pem_;
  std::unique_ptr<ClientCertificate> cert_;
  const std::string client_id_ = "535fb089-9ff3-47b6-9bfb-4f1264799865";
  const std::string aud_ = "https://login.example/contoso.onmicrosoft.com/oauth2/v2.0/token";
  const SystemTime now_ = std::chrono::system_clock::from_time_t(1795357773);
};

TEST_F(ClientAssertionTest, Ps256WithSha256ThumbprintVerifiesWithThePublicKey) {
  Result<Secret> a =
      BuildClientAssertion(*cert_, {SignatureAlgorithm::kPs256, false}, client_id_, aud_, now_);
  ASSERT_TRUE(a.ok()) << a.status().message();
  Jwt j = Split(a->reveal());
  EXPECT_EQ(j.header["alg"], "PS256");
  EXPECT_EQ(j.header["typ"], "JWT");
  EXPECT_EQ(j.header["x5t#S256"], Base64UrlEncode(cert_->Sha256Thumbprint()));
  EXPECT_FALSE(j.header.contains("x5t"));
  EXPECT_FALSE(j.header.contains("x5c"));
  EXPECT_TRUE(Verify(pem_.public_key_pem, true, j));
  EXPECT_FALSE(Verify(pem_.public_key_pem, false, j));
}

TEST_F(ClientAssertionTest, Rs256WithSha1ThumbprintAndX5c) {
  Result<Secret> a = BuildClientAssertion(*cert_, {SignatureAlgorithm::kRs256, true}, client_id_, aud_, now_);
  ASSERT_TRUE(a.ok()) << a.status().message();
  Jwt j = Split(a->reveal());
  EXPECT_EQ(j.header["alg"], "RS256");
  EXPECT_EQ(j.header["x5t"], Base64UrlEncode(cert_->Sha1Thumbprint()));
  EXPECT_EQ(j.header["x5t"].get<std::string>().size(), 27u);  // 20 bytes, unpadded
  EXPECT_EQ(j.header["x5c"][0], Base64Encode(cert_->der()));
  EXPECT_TRUE(Verify(pem_.public_key_pem, false, j));
}

TEST_F(ClientAssertionTest, ClaimsFollowEntraRules) {
  Jwt j = Split(BuildClientAssertion(*cert_, {}, client_id_, aud_, now_)->reveal());
  EXPECT_EQ(j.claims["aud"], aud_);
  EXPECT_EQ(j.claims["iss"], client_id_);
  EXPECT_EQ(j.claims["sub"], client_id_);
  EXPECT_EQ(j.claims["nbf"], 1795357773);
  EXPECT_EQ(j.claims["iat"], 1795357773);
  EXPECT_EQ(j.claims["exp"], 1795357773 + 600);
  EXPECT_TRUE(IsUuid(j.claims["jti"].get<std::string>()));
  Jwt again = Split(BuildClientAssertion(*cert_, {}, client_id_, aud_, now_)->reveal());
  EXPECT_NE(again.claims["jti"], j.claims["jti"]);  // single use: never replayed
}

}  // namespace
}  // namespace ark::identity
