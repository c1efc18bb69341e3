// Test support: self-signed certificates, keys and PFX files made with OpenSSL, as an administrator would.
#pragma once

#include <chrono>
#include <string>

namespace ark::org::testing {

enum class KeyType { kRsa2048, kEcP256 };

struct TestCertificate {
  std::string certificate_pem;
  std::string private_key_pem;  // unencrypted PKCS#8
  std::string sha1_hex;         // upper-case thumbprint of the DER
};

// A self-signed certificate valid from now + `from` to now + `to`.
TestCertificate MakeCertificate(KeyType type, std::chrono::seconds from, std::chrono::seconds to,
                                const std::string& common_name = "ark365 test");
// The key encrypted with `password` (PKCS#8, AES-256-CBC).
std::string EncryptKeyPem(const std::string& private_key_pem, const std::string& password);
// A PKCS#12 (PFX) file holding the certificate and its key, protected by `password`.
std::string MakePfx(const TestCertificate& cert, const std::string& password);

// A temporary directory removed at destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace ark::org::testing
