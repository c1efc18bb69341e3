// Digests through OpenSSL's EVP interface.
#include "core/hash.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "core/encoding.h"

namespace ark {

struct Hasher::Impl {
  EVP_MD_CTX* ctx = nullptr;
};

namespace {
const EVP_MD* Md(DigestAlgorithm a) { return a == DigestAlgorithm::kSha1 ? EVP_sha1() : EVP_sha256(); }
}  // namespace

Hasher::Hasher(DigestAlgorithm algorithm) : impl_(std::make_unique<Impl>()) {
  impl_->ctx = EVP_MD_CTX_new();
  if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, Md(algorithm), nullptr) != 1) std::abort();
}

Hasher::~Hasher() { EVP_MD_CTX_free(impl_->ctx); }

void Hasher::Update(std::string_view data) { EVP_DigestUpdate(impl_->ctx, data.data(), data.size()); }

std::string Hasher::Finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string Digest(DigestAlgorithm algorithm, std::string_view data) {
  Hasher h(algorithm);
  h.Update(data);
  return h.Finish();
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

}  // namespace ark
