// The emulator's certificates on disk: its local CA, the TLS server certificate and self-signed key pairs.
//
// Layout under the state directory (created on first start, reused after):
//   tls/ca.pem, tls/ca.key          the local CA clients trust (NODE_EXTRA_CA_CERTS, --ca-file)
//   tls/server.pem, tls/server.key  the server certificate: SANs localhost, 127.0.0.1, ::1
//   <dir>/<name>.pem, <name>.key    self-signed pairs (token signing key, application certificates)
// Keys are written with mode 0600. A certificate that is unreadable, lacks a
// required SAN or expires within a week is replaced (with a new CA if needed).
#pragma once

#include <string>

#include "core/status.h"
#include "crypto/keys.h"

namespace m365sim::tls {

struct ServerTls {
  std::string ca_file;    // absolute path of the CA certificate PEM
  std::string chain_pem;  // server certificate followed by the CA certificate
  std::string key_pem;    // server private key
};

ark::Result<ServerTls> EnsureServerTls(const std::string& state_dir);

struct KeyPair {
  crypto::Certificate certificate;
  crypto::RsaKey key;
  std::string certificate_path;  // absolute
  std::string key_path;          // absolute
};

// Loads <dir>/<name>.pem and .key, or creates a self-signed RSA 2048 pair with
// subject CN=`common_name`, valid for `days` from now.
ark::Result<KeyPair> EnsureSelfSignedPair(const std::string& dir, const std::string& name,
                                          const std::string& common_name, int days);

}  // namespace m365sim::tls
