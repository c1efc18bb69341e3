// RsaKey, Certificate and certificate issuance on the OpenSSL 3 EVP and X509 APIs.
#include "crypto/keys.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>

#include "core/file.h"

namespace m365sim::crypto {
namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

std::string OpenSslError(std::string_view what) {
  unsigned long code = ERR_get_error();
  char buf[256] = "unknown error";
  if (code != 0) ERR_error_string_n(code, buf, sizeof(buf));
  ERR_clear_error();
  return std::string(what) + ": " + buf;
}

Bio MemoryBio(std::string_view data) {
  return Bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())), &BIO_free);
}

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(n));
}

std::string BignumParam(evp_pkey_st* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) return {};
  std::string out(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

std::chrono::system_clock::time_point FromAsn1Time(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return {};
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string Thumbprint(x509_st* cert, const EVP_MD* md) {
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  X509_digest(cert, md, buf, &n);
  return std::string(reinterpret_cast<char*>(buf), n);
}

// Configures RSA padding on a sign or verify context.
bool SetPadding(EVP_PKEY_CTX* pctx, SignatureAlgorithm algorithm, bool verifying) {
  if (algorithm == SignatureAlgorithm::kRs256)
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, verifying ? RSA_PSS_SALTLEN_AUTO : RSA_PSS_SALTLEN_DIGEST) ==
             1;
}

bool AddExtension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  if (ext == nullptr) return false;
  int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ok == 1;
}

}  // namespace

ark::Result<RsaKey> RsaKey::Generate(int bits) {
  EVP_PKEY* key = EVP_RSA_gen(static_cast<unsigned int>(bits));
  if (key == nullptr) return ark::Internal(OpenSslError("cannot generate an RSA key"));
  RsaKey out;
  out.key_.reset(key, &EVP_PKEY_free);
  return out;
}

ark::Result<RsaKey> RsaKey::FromPem(std::string_view pem) {
  Bio bio = MemoryBio(pem);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) return ark::InvalidArgument(OpenSslError("not a PEM private key"));
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
    EVP_PKEY_free(key);
    return ark::InvalidArgument("the private key is not an RSA key");
  }
  RsaKey out;
  out.key_.reset(key, &EVP_PKEY_free);
  return out;
}

std::string RsaKey::PrivateKeyPem() const {
  Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PKCS8PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
  return BioContents(bio.get());
}

std::string RsaKey::Modulus() const { return BignumParam(key_.get(), OSSL_PKEY_PARAM_RSA_N); }
std::string RsaKey::PublicExponent() const { return BignumParam(key_.get(), OSSL_PKEY_PARAM_RSA_E); }

ark::Result<std::string> RsaKey::Sign(SignatureAlgorithm algorithm, std::string_view data) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key_.get()) != 1 ||
      !SetPadding(pctx, algorithm, false)) {
    return ark::Internal(OpenSslError("cannot start a signature"));
  }
  size_t n = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &n, in, data.size()) != 1)
    return ark::Internal(OpenSslError("sign"));
  std::string out(n, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n, in, data.size()) != 1) {
    return ark::Internal(OpenSslError("sign"));
  }
  out.resize(n);
  return out;
}

ark::Result<Certificate> Certificate::FromPem(std::string_view pem) {
  Bio bio = MemoryBio(pem);
  X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
  if (cert == nullptr) return ark::InvalidArgument(OpenSslError("not a PEM certificate"));
  Certificate out;
  out.cert_.reset(cert, &X509_free);
  return out;
}

ark::Result<Certificate> Certificate::FromDer(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (cert == nullptr) return ark::InvalidArgument(OpenSslError("not a DER certificate"));
  Certificate out;
  out.cert_.reset(cert, &X509_free);
  return out;
}

std::string Certificate::Pem() const {
  Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_X509(bio.get(), cert_.get());
  return BioContents(bio.get());
}

std::string Certificate::Der() const {
  unsigned char* buf = nullptr;
  int n = i2d_X509(cert_.get(), &buf);
  if (n <= 0) return {};
  std::string out(reinterpret_cast<char*>(buf), static_cast<size_t>(n));
  OPENSSL_free(buf);
  return out;
}

std::string Certificate::Sha1Thumbprint() const { return Thumbprint(cert_.get(), EVP_sha1()); }
std::string Certificate::Sha256Thumbprint() const { return Thumbprint(cert_.get(), EVP_sha256()); }

std::chrono::system_clock::time_point Certificate::NotBefore() const {
  return FromAsn1Time(X509_get0_notBefore(cert_.get()));
}
std::chrono::system_clock::time_point Certificate::NotAfter() const {
  return FromAsn1Time(X509_get0_notAfter(cert_.get()));
}

std::string Certificate::SubjectCommonName() const {
  char buf[256] = {0};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert_.get()), NID_commonName, buf, sizeof(buf));
  return buf;
}

bool Certificate::HasSubjectAltName(std::string_view name) const {
  std::string n(name);
  if (X509_check_ip_asc(cert_.get(), n.c_str(), 0) == 1) return true;
  return X509_check_host(cert_.get(), n.data(), n.size(), 0, nullptr) == 1;
}

bool Certificate::Verify(SignatureAlgorithm algorithm, std::string_view data,
                         std::string_view signature) const {
  EVP_PKEY* key = X509_get0_pubkey(cert_.get());
  if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) != 1 ||
      !SetPadding(pctx, algorithm, true)) {
    ERR_clear_error();
    return false;
  }
  int ok =
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                       reinterpret_cast<const unsigned char*>(data.data()), data.size());
  ERR_clear_error();
  return ok == 1;
}

ark::Result<Certificate> IssueCertificate(const CertificateSpec& spec, const RsaKey& subject_key,
                                          const RsaKey& issuer_key, const Certificate* issuer) {
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof(serial));
  serial[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof(serial), nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), std::chrono::system_clock::to_time_t(spec.not_before));
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), std::chrono::system_clock::to_time_t(spec.not_after));
  X509_set_pubkey(cert.get(), subject_key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.organization.c_str()), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer->get()) : name);

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer ? issuer->get() : cert.get(), cert.get(), nullptr, nullptr, 0);
  bool ok = AddExtension(cert.get(), &ctx, NID_basic_constraints,
                         spec.is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  ok = ok && AddExtension(
                 cert.get(), &ctx, NID_key_usage,
                 spec.is_ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,keyEncipherment");
  std::string eku;
  if (spec.server_auth) eku = "serverAuth";
  if (spec.client_auth) eku += std::string(eku.empty() ? "" : ",") + "clientAuth";
  if (!eku.empty()) ok = ok && AddExtension(cert.get(), &ctx, NID_ext_key_usage, eku);
  ok = ok && AddExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  if (issuer != nullptr)
    ok = ok && AddExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
  std::string san;
  for (const auto& d : spec.dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + d;
  for (const auto& ip : spec.ip_addresses) san += (san.empty() ? "IP:" : ",IP:") + ip;
  if (!san.empty()) ok = ok && AddExtension(cert.get(), &ctx, NID_subject_alt_name, san);
  if (!ok) return ark::Internal(OpenSslError("cannot add certificate extensions"));
  if (X509_sign(cert.get(), issuer_key.get(), EVP_sha256()) <= 0) {
    return ark::Internal(OpenSslError("cannot sign the certificate"));
  }
  Certificate out;
  out.cert_.reset(cert.release(), &X509_free);
  return out;
}

ark::Result<std::string> MakePkcs12(const Certificate& certificate, const RsaKey& key,
                                    std::string_view password, std::string_view friendly_name) {
  std::string pass(password), name(friendly_name);
  PKCS12* p12 =
      PKCS12_create(pass.c_str(), name.c_str(), key.get(), certificate.get(), nullptr, 0, 0, 0, 0, 0);
  if (p12 == nullptr) return ark::Internal(OpenSslError("cannot build the PFX file"));
  unsigned char* buf = nullptr;
  int n = i2d_PKCS12(p12, &buf);
  PKCS12_free(p12);
  if (n <= 0) return ark::Internal(OpenSslError("cannot encode the PFX file"));
  std::string out(reinterpret_cast<char*>(buf), static_cast<size_t>(n));
  OPENSSL_free(buf);
  return out;
}

ark::Result<std::pair<Certificate, RsaKey>> LoadCertificateAndKey(const std::string& cert_path,
                                                                  const std::string& key_path) {
  ARK_ASSIGN_OR_RETURN(std::string cert_pem, ark::ReadFile(cert_path));
  ARK_ASSIGN_OR_RETURN(std::string key_pem, ark::ReadFile(key_path));
  auto cert = Certificate::FromPem(cert_pem);
  if (!cert.ok()) return cert.status().Context(cert_path);
  auto key = RsaKey::FromPem(key_pem);
  if (!key.ok()) return key.status().Context(key_path);
  return std::make_pair(*cert, *key);
}

}  // namespace m365sim::crypto
