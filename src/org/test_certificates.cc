// Certificate generation for tests with OpenSSL 3's EVP and X509 APIs.
#include "org/test_certificates.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <stdlib.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/encoding.h"
#include "core/hash.h"

namespace ark::org::testing {
namespace {

std::string Drain(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n));
  BIO_free(bio);
  return out;
}

EVP_PKEY* ReadKey(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return key;
}

X509* ReadCert(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return cert;
}

}  // namespace

TestCertificate MakeCertificate(KeyType type, std::chrono::seconds from, std::chrono::seconds to,
                                const std::string& common_name) {
  EVP_PKEY* key = type == KeyType::kRsa2048 ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256");
  if (key == nullptr) throw std::runtime_error("key generation failed");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 4242);
  X509_gmtime_adj(X509_getm_notBefore(cert), static_cast<long>(from.count()));
  X509_gmtime_adj(X509_getm_notAfter(cert), static_cast<long>(to.count()));
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());

  TestCertificate out;
  BIO* c = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(c, cert);
  out.certificate_pem = Drain(c);
  BIO* k = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
  out.private_key_pem = Drain(k);
  int len = i2d_X509(cert, nullptr);
  std::string der(static_cast<size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509(cert, &p);
  out.sha1_hex = HexEncode(Sha1(der));
  for (char& ch : out.sha1_hex) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

std::string EncryptKeyPem(const std::string& private_key_pem, const std::string& password) {
  EVP_PKEY* key = ReadKey(private_key_pem);
  BIO* out = BIO_new(BIO_s_mem());
  PEM_write_bio_PKCS8PrivateKey(out, key, EVP_aes_256_cbc(), password.data(),
                                static_cast<int>(password.size()), nullptr, nullptr);
  EVP_PKEY_free(key);
  return Drain(out);
}

std::string MakePfx(const TestCertificate& tc, const std::string& password) {
  EVP_PKEY* key = ReadKey(tc.private_key_pem);
  X509* cert = ReadCert(tc.certificate_pem);
  PKCS12* p12 = PKCS12_create(password.c_str(), "ark365", key, cert, nullptr, 0, 0, 0, 0, 0);
  int len = i2d_PKCS12(p12, nullptr);
  std::string der(static_cast<size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_PKCS12(p12, &p);
  PKCS12_free(p12);
  X509_free(cert);
  EVP_PKEY_free(key);
  return der;
}

ScratchDir::ScratchDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "ark365-org-test-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ScratchDir::Write(const std::string& name, const std::string& content) const {
  std::string p = path_ + "/" + name;
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

}  // namespace ark::org::testing
