// Loading certificates and keys with OpenSSL (PKCS#12 and PEM) and signing with RS256/PS256.
#include "identity/client_certificate.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <ctime>
#include <mutex>

#include "core/hash.h"

namespace ark::identity {

struct ClientCertificate::Key {
  explicit Key(EVP_PKEY* k) : pkey(k) {}
  ~Key() { EVP_PKEY_free(pkey); }
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;
  EVP_PKEY* pkey;
};

namespace {

// The last OpenSSL error as text (and the queue cleared), for the cause chain.
std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  std::string text = "unknown OpenSSL error";
  if (e != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    text = buf;
  }
  ERR_clear_error();
  return text;
}

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

BioPtr MemoryBio(std::string_view data) {
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

SystemTime AsnTime(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return SystemTime{};
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// Older PFX files (Windows' default until recently) use RC2/3DES, which
// OpenSSL 3 keeps in its "legacy" provider.
void LoadLegacyProviders() {
  static std::once_flag once;
  std::call_once(once, [] {
    OSSL_PROVIDER_load(nullptr, "legacy");
    OSSL_PROVIDER_load(nullptr, "default");
  });
}

int PasswordCallback(char* buf, int size, int /*rwflag*/, void* userp) {
  std::string_view pw = static_cast<const Secret*>(userp)->reveal();
  if (pw.size() > static_cast<size_t>(size)) return -1;
  std::copy(pw.begin(), pw.end(), buf);
  return static_cast<int>(pw.size());
}

}  // namespace

Result<ClientCertificate> ClientCertificate::Build(void* x509_ptr, void* pkey_ptr) {
  auto* x509 = static_cast<X509*>(x509_ptr);
  auto* pkey = static_cast<EVP_PKEY*>(pkey_ptr);
  ClientCertificate c;
  c.key_ = std::make_shared<Key>(pkey);  // owns pkey from here on
  std::unique_ptr<X509, decltype(&X509_free)> cert(x509, &X509_free);
  if (EVP_PKEY_base_id(pkey) != EVP_PKEY_RSA) {
    return InvalidArgument(
        "the certificate's private key is not an RSA key; Entra ID accepts only RSA keys for application "
        "certificates (create one with e.g. `openssl req -x509 -newkey rsa:2048 ...`)");
  }
  if (X509_check_private_key(cert.get(), pkey) != 1) {
    ERR_clear_error();
    return InvalidArgument(
        "the private key does not belong to the certificate; give the key of this certificate");
  }
  int len = i2d_X509(cert.get(), nullptr);
  if (len <= 0) return Internal("cannot encode the certificate: " + OpenSslError());
  c.der_.resize(static_cast<size_t>(len));
  auto* out = reinterpret_cast<unsigned char*>(c.der_.data());
  i2d_X509(cert.get(), &out);
  char* subject = X509_NAME_oneline(X509_get_subject_name(cert.get()), nullptr, 0);
  if (subject != nullptr) {
    c.subject_ = subject;
    OPENSSL_free(subject);
  }
  c.not_before_ = AsnTime(X509_get0_notBefore(cert.get()));
  c.not_after_ = AsnTime(X509_get0_notAfter(cert.get()));
  return c;
}

Result<ClientCertificate> ClientCertificate::FromPfx(std::string_view pfx, const Secret& password) {
  LoadLegacyProviders();
  BioPtr bio = MemoryBio(pfx);
  PKCS12* p12 = d2i_PKCS12_bio(bio.get(), nullptr);
  if (p12 == nullptr) {
    return InvalidArgument("the file is not a PFX (PKCS#12) certificate file: " + OpenSslError());
  }
  std::unique_ptr<PKCS12, decltype(&PKCS12_free)> p12_owner(p12, &PKCS12_free);
  std::string pw(password.reveal());
  const char* pw_arg = pw.c_str();
  bool mac_ok = PKCS12_verify_mac(p12, pw_arg, static_cast<int>(pw.size())) == 1;
  if (!mac_ok && pw.empty()) {
    // "No password" is written either as an empty string or as no string at all.
    pw_arg = nullptr;
    mac_ok = PKCS12_verify_mac(p12, nullptr, 0) == 1;
  }
  if (!mac_ok) {
    ERR_clear_error();
    OPENSSL_cleanse(pw.data(), pw.size());
    return InvalidArgument("the PFX password is wrong; give the password the certificate was exported with");
  }
  EVP_PKEY* pkey = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* chain = nullptr;
  int ok = PKCS12_parse(p12, pw_arg, &pkey, &cert, &chain);
  OPENSSL_cleanse(pw.data(), pw.size());
  sk_X509_pop_free(chain, X509_free);
  if (ok != 1 || pkey == nullptr || cert == nullptr) {
    EVP_PKEY_free(pkey);
    X509_free(cert);
    return InvalidArgument("the PFX file holds no usable certificate and private key: " + OpenSslError());
  }
  return Build(cert, pkey);
}

Result<ClientCertificate> ClientCertificate::FromPem(std::string_view certificate_pem, const Secret& key_pem,
                                                     const Secret& key_password) {
  BioPtr cert_bio = MemoryBio(certificate_pem);
  X509* cert = PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr);
  if (cert == nullptr) {
    return InvalidArgument("no PEM certificate found (expected a \"-----BEGIN CERTIFICATE-----\" block): " +
                           OpenSslError());
  }
  BioPtr key_bio = MemoryBio(key_pem.reveal());
  EVP_PKEY* pkey =
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, &PasswordCallback, const_cast<Secret*>(&key_password));
  if (pkey == nullptr) {
    X509_free(cert);
    std::string why = OpenSslError();
    if (!key_password.empty() || why.find("bad decrypt") != std::string::npos) {
      return InvalidArgument("cannot decrypt the PEM private key; check its password");
    }
    return InvalidArgument("no PEM private key found (expected a \"-----BEGIN PRIVATE KEY-----\" block): " +
                           why);
  }
  return Build(cert, pkey);
}

std::string ClientCertificate::Sha1Thumbprint() const { return Sha1(der_); }
std::string ClientCertificate::Sha256Thumbprint() const { return Sha256(der_); }

Result<std::string> ClientCertificate::Sign(SignatureAlgorithm algorithm, std::string_view data) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  if (!md || EVP_DigestSignInit(md.get(), &pctx, EVP_sha256(), nullptr, key_->pkey) != 1) {
    return Internal("cannot start a signature: " + OpenSslError());
  }
  if (algorithm == SignatureAlgorithm::kPs256) {
    // JWA (RFC 7518 §3.5): PSS with MGF1-SHA-256 and a salt as long as the hash.
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1) {
      return Internal("cannot configure an RSA-PSS signature: " + OpenSslError());
    }
  } else if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) {
    return Internal("cannot configure an RSA signature: " + OpenSslError());
  }
  size_t len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  if (EVP_DigestSign(md.get(), nullptr, &len, in, data.size()) != 1) {
    return Internal("cannot sign: " + OpenSslError());
  }
  std::string signature(len, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(signature.data()), &len, in, data.size()) !=
      1) {
    return Internal("cannot sign: " + OpenSslError());
  }
  signature.resize(len);
  return signature;
}

}  // namespace ark::identity
