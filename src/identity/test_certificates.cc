// MakeTestCertificate: a fresh key pair and self-signed certificate in PEM and PKCS#12 forms.
#include "identity/test_certificates.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <stdexcept>

namespace ark::identity::testing {
namespace {

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

}  // namespace

TestCertificate MakeTestCertificate(bool rsa) {
  EVP_PKEY* key = rsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256");
  X509* cert = X509_new();
  if (key == nullptr || cert == nullptr) throw std::runtime_error("OpenSSL: cannot make a key");
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 7);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("ark365-test"),
                             -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());

  TestCertificate out;
  BIO* b = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(b, cert);
  out.certificate_pem = BioText(b);
  b = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr);
  out.private_key_pem = BioText(b);
  b = BIO_new(BIO_s_mem());
  PEM_write_bio_PKCS8PrivateKey(b, key, EVP_aes_256_cbc(), "key-pass", 8, nullptr, nullptr);
  out.encrypted_key_pem = BioText(b);
  b = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(b, key);
  out.public_key_pem = BioText(b);
  PKCS12* p12 = PKCS12_create("pfx-pass", "ark365", key, cert, nullptr, 0, 0, 0, 0, 0);
  if (p12 != nullptr) {
    b = BIO_new(BIO_s_mem());
    i2d_PKCS12_bio(b, p12);
    out.pfx = BioText(b);
    PKCS12_free(p12);
  }
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

}  // namespace ark::identity::testing
