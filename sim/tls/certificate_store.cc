// Creation and reuse of the emulator's CA, server certificate and self-signed pairs in the state directory.
#include "tls/certificate_store.h"

#include <sys/stat.h>

#include <filesystem>
#include <optional>

#include "core/file.h"

namespace m365sim::tls {
namespace {

using Clock = std::chrono::system_clock;
constexpr auto kDay = std::chrono::hours(24);

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

bool Fresh(const crypto::Certificate& cert) { return cert.NotAfter() > Clock::now() + 7 * kDay; }

ark::Status Save(const std::string& cert_path, const crypto::Certificate& cert, const std::string& key_path,
                 const crypto::RsaKey& key) {
  ARK_RETURN_IF_ERROR(ark::WriteFileAtomic(key_path, key.PrivateKeyPem(), 0600));
  return ark::WriteFileAtomic(cert_path, cert.Pem(), 0644);
}

ark::Result<std::pair<crypto::Certificate, crypto::RsaKey>> CreateCa(const std::string& dir) {
  ARK_ASSIGN_OR_RETURN(auto key, crypto::RsaKey::Generate(2048));
  crypto::CertificateSpec spec;
  spec.common_name = "m365sim Local Certification Authority";
  spec.is_ca = true;
  spec.not_before = Clock::now() - kDay;
  spec.not_after = Clock::now() + 3650 * kDay;
  ARK_ASSIGN_OR_RETURN(auto cert, crypto::IssueCertificate(spec, key, key, nullptr));
  ARK_RETURN_IF_ERROR(Save(dir + "/ca.pem", cert, dir + "/ca.key", key));
  return std::make_pair(cert, key);
}

}  // namespace

ark::Result<ServerTls> EnsureServerTls(const std::string& state_dir) {
  std::string dir = std::filesystem::absolute(state_dir + "/tls").lexically_normal().string();
  ARK_RETURN_IF_ERROR(ark::EnsureDirectory(dir, 0700));
  std::string ca_pem = dir + "/ca.pem", ca_key = dir + "/ca.key";
  std::string server_pem = dir + "/server.pem", server_key = dir + "/server.key";

  std::optional<std::pair<crypto::Certificate, crypto::RsaKey>> ca;
  if (Exists(ca_pem) && Exists(ca_key)) {
    auto loaded = crypto::LoadCertificateAndKey(ca_pem, ca_key);
    if (loaded.ok() && Fresh(loaded->first)) ca = *loaded;
  }
  bool new_ca = !ca.has_value();
  if (new_ca) {
    ARK_ASSIGN_OR_RETURN(auto created, CreateCa(dir));
    ca = created;
  }

  std::optional<std::pair<crypto::Certificate, crypto::RsaKey>> server;
  if (!new_ca && Exists(server_pem) && Exists(server_key)) {
    auto loaded = crypto::LoadCertificateAndKey(server_pem, server_key);
    if (loaded.ok() && Fresh(loaded->first) && loaded->first.HasSubjectAltName("localhost") &&
        loaded->first.HasSubjectAltName("127.0.0.1") && loaded->first.HasSubjectAltName("::1")) {
      server = *loaded;
    }
  }
  if (!server) {
    ARK_ASSIGN_OR_RETURN(auto key, crypto::RsaKey::Generate(2048));
    crypto::CertificateSpec spec;
    spec.common_name = "localhost";
    spec.dns_names = {"localhost"};
    spec.ip_addresses = {"127.0.0.1", "::1"};
    spec.server_auth = true;
    spec.not_before = Clock::now() - kDay;
    spec.not_after = Clock::now() + 397 * kDay;  // the longest a public TLS certificate may live
    ARK_ASSIGN_OR_RETURN(auto cert, crypto::IssueCertificate(spec, key, ca->second, &ca->first));
    ARK_RETURN_IF_ERROR(Save(server_pem, cert, server_key, key));
    server = std::make_pair(cert, key);
  }
  return ServerTls{ca_pem, server->first.Pem() + ca->first.Pem(), server->second.PrivateKeyPem()};
}

ark::Result<KeyPair> EnsureSelfSignedPair(const std::string& dir, const std::string& name,
                                          const std::string& common_name, int days) {
  std::string abs = std::filesystem::absolute(dir).lexically_normal().string();
  ARK_RETURN_IF_ERROR(ark::EnsureDirectory(abs, 0700));
  KeyPair out{{}, {}, abs + "/" + name + ".pem", abs + "/" + name + ".key"};
  if (Exists(out.certificate_path) && Exists(out.key_path)) {
    auto loaded = crypto::LoadCertificateAndKey(out.certificate_path, out.key_path);
    if (loaded.ok() && Fresh(loaded->first)) {
      out.certificate = loaded->first;
      out.key = loaded->second;
      return out;
    }
  }
  ARK_ASSIGN_OR_RETURN(out.key, crypto::RsaKey::Generate(2048));
  crypto::CertificateSpec spec;
  spec.common_name = common_name;
  spec.client_auth = true;
  spec.not_before = Clock::now() - kDay;
  spec.not_after = Clock::now() + days * kDay;
  ARK_ASSIGN_OR_RETURN(out.certificate, crypto::IssueCertificate(spec, out.key, out.key, nullptr));
  ARK_RETURN_IF_ERROR(Save(out.certificate_path, out.certificate, out.key_path, out.key));
  return out;
}

}  // namespace m365sim::tls
