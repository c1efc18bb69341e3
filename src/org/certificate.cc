// PFX and PEM certificate reading with OpenSSL 3 (see certificate.h).
#include "org/certificate.h"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include <cctype>
#include <cstring>
#include <ctime>
#include <memory>

#include "core/encoding.h"
#include "core/file.h"
#include "core/hash.h"

namespace ark::org {
namespace {

struct Free {
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(PKCS12* p) const { PKCS12_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

std::string NameText(const X509_NAME* name) {
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return BioText(bio.get());
}

SystemTime TimeOf(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return SystemTime{};
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string PemOf(X509* cert) {
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  return BioText(bio.get());
}

// The key as unencrypted PKCS#8 PEM, through OpenSSL's wiping memory BIO.
Secret KeyPem(EVP_PKEY* key) {
  Owned<BIO> bio(BIO_new(BIO_s_secmem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return Secret(BioText(bio.get()));
}

int PasswordCallback(char* buf, int size, int /*rwflag*/, void* user) {
  const auto* password = static_cast<const std::optional<Secret>*>(user);
  if (!password->has_value()) return -1;
  std::string_view p = (*password)->reveal();
  if (p.size() > static_cast<size_t>(size)) return -1;
  std::memcpy(buf, p.data(), p.size());
  return static_cast<int>(p.size());
}

std::string OpenSslReason() {
  unsigned long e = ERR_peek_last_error();
  std::string reason = e ? ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "unknown" : "unknown";
  ERR_clear_error();
  return reason;
}

bool LooksLikePem(std::string_view text) { return text.find("-----BEGIN ") != std::string_view::npos; }

// PKCS#12 from older Windows exports uses RC2 or 3DES, which OpenSSL 3 keeps
// in its legacy provider; it is loaded only when the default one fails.
bool LoadLegacyProvider() {
  static bool loaded =
      OSSL_PROVIDER_load(nullptr, "legacy") != nullptr && OSSL_PROVIDER_load(nullptr, "default") != nullptr;
  return loaded;
}

Status ReadPkcs12(const std::string& path, std::string_view data, const std::optional<Secret>& password,
                  Owned<EVP_PKEY>& key, Owned<X509>& cert, Owned<STACK_OF(X509)>& chain) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  Owned<PKCS12> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(data.size())));
  if (!p12) {
    ERR_clear_error();
    return InvalidArgument(path + " is neither a PFX/PKCS#12 file nor PEM text with a certificate");
  }
  // Without a password file, try the empty password both ways PKCS#12 writers encode it.
  std::string pass = password ? std::string(password->reveal()) : std::string();
  Secret wipe(pass);
  if (PKCS12_verify_mac(p12.get(), pass.c_str(), -1) != 1 &&
      !(pass.empty() && PKCS12_verify_mac(p12.get(), nullptr, 0) == 1)) {
    ERR_clear_error();
    return Unauthenticated(password
                               ? "the password of " + path + " is wrong; check the --password-file"
                               : path + " is protected by a password; give it with --password-file FILE");
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    EVP_PKEY* k = nullptr;
    X509* c = nullptr;
    STACK_OF(X509)* ca = nullptr;
    if (PKCS12_parse(p12.get(), pass.c_str(), &k, &c, &ca) == 1) {
      key.reset(k);
      cert.reset(c);
      chain.reset(ca);
      return Status::Ok();
    }
    std::string reason = OpenSslReason();
    if (attempt == 1 || !LoadLegacyProvider()) {
      return InvalidArgument(
          fmt::format("cannot read {} ({}); export it again as PFX with AES-256", path, reason));
    }
  }
  return Internal("unreachable");
}

Status ReadPem(const std::string& path, std::string_view data, std::string_view key_data,
               const std::optional<Secret>& password, Owned<EVP_PKEY>& key, Owned<X509>& cert,
               Owned<STACK_OF(X509)>& chain) {
  Owned<BIO> certs(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
  chain.reset(sk_X509_new_null());
  while (X509* c = PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr)) sk_X509_push(chain.get(), c);
  ERR_clear_error();
  if (sk_X509_num(chain.get()) == 0) return InvalidArgument(path + " holds no PEM certificate");
  Owned<BIO> keys(BIO_new_mem_buf(key_data.data(), static_cast<int>(key_data.size())));
  auto* user = const_cast<std::optional<Secret>*>(&password);
  key.reset(PEM_read_bio_PrivateKey(keys.get(), nullptr, PasswordCallback, user));
  if (!key) {
    std::string reason = OpenSslReason();
    if (key_data.find("ENCRYPTED") != std::string_view::npos) {
      return Unauthenticated(password
                                 ? "the password of the private key in " + path + " is wrong (" + reason + ")"
                                 : "the private key in " + path +
                                       " is encrypted; give its password with --password-file FILE");
    }
    return InvalidArgument(path +
                           " holds no private key; give the key in the same PEM file or with --key-file");
  }
  // The certificate is the one the key belongs to; the others are its chain.
  for (int i = 0; i < sk_X509_num(chain.get()); ++i) {
    X509* c = sk_X509_value(chain.get(), i);
    if (EVP_PKEY_eq(X509_get0_pubkey(c), key.get()) == 1) {
      cert.reset(c);
      sk_X509_delete(chain.get(), i);
      return Status::Ok();
    }
  }
  ERR_clear_error();
  // Leave the mismatch to the common check, which names it.
  cert.reset(sk_X509_shift(chain.get()));
  return Status::Ok();
}

}  // namespace

Result<CertificateBundle> ReadCertificateFile(const std::string& path, const std::optional<Secret>& password,
                                              const std::optional<std::string>& key_path) {
  ARK_ASSIGN_OR_RETURN(std::string raw, ReadFile(path));
  Secret data(std::move(raw));  // a PEM may hold the private key: wipe it after use
  Owned<EVP_PKEY> key;
  Owned<X509> cert;
  Owned<STACK_OF(X509)> chain;
  if (LooksLikePem(data.reveal())) {
    Secret key_data = data;
    if (key_path) {
      ARK_ASSIGN_OR_RETURN(std::string k, ReadFile(*key_path));
      key_data = Secret(std::move(k));
    }
    ARK_RETURN_IF_ERROR(ReadPem(path, data.reveal(), key_data.reveal(), password, key, cert, chain));
  } else {
    if (key_path)
      return InvalidArgument("--key-file applies to PEM certificates; a PFX file holds its own key");
    ARK_RETURN_IF_ERROR(ReadPkcs12(path, data.reveal(), password, key, cert, chain));
  }
  if (!cert) return InvalidArgument(path + " holds no certificate");
  if (!key)
    return InvalidArgument(path + " holds no private key; Ark365 needs the key to sign its sign-in requests");
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return InvalidArgument("the key in " + path + " is " +
                           std::string(OBJ_nid2sn(EVP_PKEY_get_base_id(key.get()))) +
                           ", but Entra ID accepts only RSA keys for application certificates; create an RSA "
                           "certificate (e.g. `openssl req -x509 -newkey rsa:2048 ...`)");
  }
  if (EVP_PKEY_eq(X509_get0_pubkey(cert.get()), key.get()) != 1) {
    ERR_clear_error();
    return InvalidArgument("the private key in " + (key_path ? *key_path : path) +
                           " does not belong to the certificate in " + path +
                           "; use the key it was issued for");
  }

  CertificateBundle b;
  int der_len = i2d_X509(cert.get(), nullptr);
  std::string der(static_cast<size_t>(der_len > 0 ? der_len : 0), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509(cert.get(), &out);
  b.sha1 = Upper(HexEncode(Sha1(der)));
  b.sha256 = Upper(HexEncode(Sha256(der)));
  b.subject = NameText(X509_get_subject_name(cert.get()));
  b.issuer = NameText(X509_get_issuer_name(cert.get()));
  Owned<BIGNUM> serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr));
  if (serial) {
    char* hex = BN_bn2hex(serial.get());
    b.serial = hex;
    OPENSSL_free(hex);
  }
  b.not_before = TimeOf(X509_get0_notBefore(cert.get()));
  b.not_after = TimeOf(X509_get0_notAfter(cert.get()));
  b.key_bits = EVP_PKEY_get_bits(key.get());
  b.certificate_pem = PemOf(cert.get());
  for (int i = 0; chain && i < sk_X509_num(chain.get()); ++i)
    b.certificate_pem += PemOf(sk_X509_value(chain.get(), i));
  b.private_key_pem = KeyPem(key.get());
  return b;
}

std::optional<std::string> NormalizeThumbprint(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ':' || c == ' ') continue;
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (out.size() != 40 && out.size() != 64) return std::nullopt;
  return out;
}

}  // namespace ark::org
