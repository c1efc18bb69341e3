// RSA keys and X.509 certificates for the emulator (OpenSSL 3, hidden behind small value types).
//
// The emulator signs tokens, serves TLS and registers application
// certificates; all of it needs the same few operations: generate, load and
// save keys and certificates, issue a certificate, take a thumbprint, sign and
// verify. Keys and certificates are immutable after creation and safe to share
// between threads.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

struct evp_pkey_st;
struct x509_st;

namespace m365sim::crypto {

enum class SignatureAlgorithm { kRs256, kPs256 };

struct CertificateSpec;

class RsaKey {
 public:
  static ark::Result<RsaKey> Generate(int bits = 2048);
  // PKCS#8 or traditional RSA PEM, private key.
  static ark::Result<RsaKey> FromPem(std::string_view pem);

  std::string PrivateKeyPem() const;  // PKCS#8
  // Big-endian modulus and public exponent bytes (for JWK "n" and "e").
  std::string Modulus() const;
  std::string PublicExponent() const;
  ark::Result<std::string> Sign(SignatureAlgorithm algorithm, std::string_view data) const;

  evp_pkey_st* get() const { return key_.get(); }

 private:
  std::shared_ptr<evp_pkey_st> key_;
};

class Certificate {
 public:
  static ark::Result<Certificate> FromPem(std::string_view pem);
  static ark::Result<Certificate> FromDer(std::string_view der);

  std::string Pem() const;
  std::string Der() const;
  // SHA-1 and SHA-256 of the DER form: what "x5t" and "x5t#S256" encode.
  std::string Sha1Thumbprint() const;
  std::string Sha256Thumbprint() const;
  std::chrono::system_clock::time_point NotBefore() const;
  std::chrono::system_clock::time_point NotAfter() const;
  std::string SubjectCommonName() const;
  // Whether a DNS name or IP address appears in its subjectAltName.
  bool HasSubjectAltName(std::string_view name) const;
  // Verifies `signature` over `data` with this certificate's public key.
  bool Verify(SignatureAlgorithm algorithm, std::string_view data, std::string_view signature) const;

  x509_st* get() const { return cert_.get(); }

 private:
  friend ark::Result<Certificate> IssueCertificate(const CertificateSpec& spec, const RsaKey& subject_key,
                                                   const RsaKey& issuer_key, const Certificate* issuer);
  std::shared_ptr<x509_st> cert_;
};

struct CertificateSpec {
  std::string common_name;
  std::string organization = "m365sim";
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;
  bool is_ca = false;
  bool server_auth = false;  // extendedKeyUsage serverAuth
  bool client_auth = false;  // extendedKeyUsage clientAuth
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
};

// Issues a certificate for `subject_key`, signed by `issuer_key` with
// `issuer` as issuer name (nullptr: self-signed). SHA-256 with RSA.
ark::Result<Certificate> IssueCertificate(const CertificateSpec& spec, const RsaKey& subject_key,
                                          const RsaKey& issuer_key, const Certificate* issuer);

// A PKCS#12 (PFX) file holding `certificate` and `key`, encrypted with
// `password` (AES-256-CBC, PBKDF2 — OpenSSL 3 defaults, as Windows 10+ exports).
ark::Result<std::string> MakePkcs12(const Certificate& certificate, const RsaKey& key,
                                    std::string_view password, std::string_view friendly_name);

// Reads a PEM file holding one certificate and a key file.
ark::Result<std::pair<Certificate, RsaKey>> LoadCertificateAndKey(const std::string& cert_path,
                                                                  const std::string& key_path);

}  // namespace m365sim::crypto
