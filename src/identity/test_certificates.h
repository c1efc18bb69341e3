// Test support for identity/: self-signed certificates and keys made with OpenSSL at test time.
#pragma once

#include <string>

namespace ark::identity::testing {

struct TestCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
  std::string encrypted_key_pem;  // the same key, PKCS#8 encrypted with "key-pass"
  std::string pfx;                // PKCS#12 with password "pfx-pass"
  std::string public_key_pem;
};

// `rsa` false makes an EC (P-256) key, which Entra ID refuses.
TestCertificate MakeTestCertificate(bool rsa = true);

}  // namespace ark::identity::testing
