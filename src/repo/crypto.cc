// Crypto on OpenSSL (SHA-256 with SHA-NI, AES-GCM with AES-NI) and libsodium (Argon2id, randomness).
#include "repo/crypto.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstring>

#include "core/random.h"

namespace ark::repo {
namespace {

constexpr size_t kNonceSize = 24;
constexpr size_t kTagSize = 16;
constexpr size_t kBlock = 64;  // SHA-256 block size, for HMAC

// Fetched once: implicit fetches on every init are slow in OpenSSL 3.
const EVP_MD* Sha256Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}
const EVP_CIPHER* AesEcb() {
  static EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "AES-256-ECB", nullptr);
  return c;
}
const EVP_CIPHER* AesGcm() {
  static EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return c;
}

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

// One reusable context per thread and use: allocation per message would cost
// as much as encrypting a small mail message.
EVP_CIPHER_CTX* ThreadGcmCtx() {
  thread_local CipherCtx ctx(EVP_CIPHER_CTX_new());
  return ctx.get();
}
EVP_CIPHER_CTX* ThreadEcbCtx() {
  thread_local CipherCtx ctx(EVP_CIPHER_CTX_new());
  return ctx.get();
}

void AesBlocks(std::string_view key, const uint8_t* in, uint8_t* out, int len) {
  EVP_CIPHER_CTX* c = ThreadEcbCtx();
  EVP_EncryptInit_ex2(c, AesEcb(), reinterpret_cast<const uint8_t*>(key.data()), nullptr, nullptr);
  EVP_CIPHER_CTX_set_padding(c, 0);
  int n = 0;
  EVP_EncryptUpdate(c, out, &n, in, len);
}

// Kx of XAES-256-GCM (§3.3) from the key and the first 12 nonce bytes.
void DeriveXaesKey(std::string_view key, const uint8_t* nonce12, uint8_t kx[32]) {
  uint8_t zero[16] = {};
  uint8_t l[16];
  AesBlocks(key, zero, l, 16);
  uint8_t k1[16];
  for (int i = 0; i < 15; ++i) k1[i] = static_cast<uint8_t>((l[i] << 1) | (l[i + 1] >> 7));
  k1[15] = static_cast<uint8_t>(l[15] << 1);
  if (l[0] & 0x80) k1[15] ^= 0x87;
  uint8_t m[32] = {0x00, 0x01, 'X', 0x00};
  std::memcpy(m + 4, nonce12, 12);
  m[16] = 0x00;
  m[17] = 0x02;
  m[18] = 'X';
  m[19] = 0x00;
  std::memcpy(m + 20, nonce12, 12);
  for (int i = 0; i < 16; ++i) {
    m[i] ^= k1[i];
    m[16 + i] ^= k1[i];
  }
  AesBlocks(key, m, kx, 32);
}

void XaesSealInto(std::string_view key, const uint8_t* nonce, std::string_view ad, std::string_view plaintext,
                  std::string& out) {
  uint8_t kx[32];
  DeriveXaesKey(key, nonce, kx);
  size_t start = out.size();
  out.resize(start + kNonceSize + plaintext.size() + kTagSize);
  auto* dst = reinterpret_cast<uint8_t*>(out.data() + start);
  std::memcpy(dst, nonce, kNonceSize);
  EVP_CIPHER_CTX* c = ThreadGcmCtx();
  EVP_EncryptInit_ex2(c, AesGcm(), kx, nonce + 12, nullptr);
  int n = 0;
  if (!ad.empty()) {
    EVP_EncryptUpdate(c, nullptr, &n, reinterpret_cast<const uint8_t*>(ad.data()),
                      static_cast<int>(ad.size()));
  }
  EVP_EncryptUpdate(c, dst + kNonceSize, &n, reinterpret_cast<const uint8_t*>(plaintext.data()),
                    static_cast<int>(plaintext.size()));
  EVP_EncryptFinal_ex(c, dst + kNonceSize + n, &n);
  EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, kTagSize, dst + kNonceSize + plaintext.size());
  sodium_memzero(kx, sizeof kx);
}

}  // namespace

MasterKeys MasterKeys::Generate() {
  return MasterKeys{Secret(RandomBytes(32)), Secret(RandomBytes(32)), Secret(RandomBytes(32))};
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  uint8_t out[32];
  size_t len = 0;
  EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
            reinterpret_cast<const uint8_t*>(data.data()), data.size(), out, sizeof out, &len);
  return std::string(reinterpret_cast<char*>(out), 32);
}

struct Crypto::Impl {
  std::string encryption_key;
  // SHA-256 states after absorbing (key ^ ipad) and (key ^ opad): HMAC then
  // costs two context copies instead of two key setups.
  EVP_MD_CTX* inner = nullptr;
  EVP_MD_CTX* outer = nullptr;
  ~Impl() {
    EVP_MD_CTX_free(inner);
    EVP_MD_CTX_free(outer);
    sodium_memzero(encryption_key.data(), encryption_key.size());
  }
};

Crypto::Crypto(const MasterKeys& keys) : impl_(std::make_unique<Impl>()) {
  impl_->encryption_key = std::string(keys.encryption.reveal());
  uint8_t ipad[kBlock];
  uint8_t opad[kBlock];
  std::memset(ipad, 0x36, kBlock);
  std::memset(opad, 0x5c, kBlock);
  std::string_view k = keys.id.reveal();  // 32 bytes, shorter than a block
  for (size_t i = 0; i < k.size() && i < kBlock; ++i) {
    ipad[i] ^= static_cast<uint8_t>(k[i]);
    opad[i] ^= static_cast<uint8_t>(k[i]);
  }
  impl_->inner = EVP_MD_CTX_new();
  impl_->outer = EVP_MD_CTX_new();
  EVP_DigestInit_ex2(impl_->inner, Sha256Md(), nullptr);
  EVP_DigestUpdate(impl_->inner, ipad, kBlock);
  EVP_DigestInit_ex2(impl_->outer, Sha256Md(), nullptr);
  EVP_DigestUpdate(impl_->outer, opad, kBlock);
  sodium_memzero(ipad, kBlock);
  sodium_memzero(opad, kBlock);
}

Crypto::~Crypto() = default;

BlobId Crypto::BlobIdOf(std::string_view plaintext) const {
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                           &EVP_MD_CTX_free);
  uint8_t inner[32];
  unsigned int len = 0;
  EVP_MD_CTX_copy_ex(ctx.get(), impl_->inner);
  EVP_DigestUpdate(ctx.get(), plaintext.data(), plaintext.size());
  EVP_DigestFinal_ex(ctx.get(), inner, &len);
  EVP_MD_CTX_copy_ex(ctx.get(), impl_->outer);
  EVP_DigestUpdate(ctx.get(), inner, sizeof inner);
  uint8_t out[32];
  EVP_DigestFinal_ex(ctx.get(), out, &len);
  return BlobId::FromBytes(std::string_view(reinterpret_cast<char*>(out), 32));
}

void Crypto::SealTo(std::string_view ad, std::string_view plaintext, std::string& out) const {
  uint8_t nonce[kNonceSize];
  randombytes_buf(nonce, sizeof nonce);
  XaesSealInto(impl_->encryption_key, nonce, ad, plaintext, out);
}

std::string Crypto::Seal(std::string_view ad, std::string_view plaintext) const {
  std::string out;
  out.reserve(plaintext.size() + kSealOverhead);
  SealTo(ad, plaintext, out);
  return out;
}

Result<std::string> Crypto::Open(std::string_view ad, std::string_view sealed) const {
  return XaesOpen(impl_->encryption_key, ad, sealed);
}

std::string XaesSeal(std::string_view key, std::string_view nonce, std::string_view ad,
                     std::string_view plaintext) {
  std::string out;
  XaesSealInto(key, reinterpret_cast<const uint8_t*>(nonce.data()), ad, plaintext, out);
  return out;
}

Result<std::string> XaesOpen(std::string_view key, std::string_view ad, std::string_view sealed) {
  if (sealed.size() < kSealOverhead) {
    return DataLoss("encrypted data is truncated (" + std::to_string(sealed.size()) + " bytes)");
  }
  const auto* src = reinterpret_cast<const uint8_t*>(sealed.data());
  uint8_t kx[32];
  DeriveXaesKey(key, src, kx);
  size_t text_size = sealed.size() - kSealOverhead;
  std::string out(text_size, '\0');
  EVP_CIPHER_CTX* c = ThreadGcmCtx();
  EVP_DecryptInit_ex2(c, AesGcm(), kx, src + 12, nullptr);
  sodium_memzero(kx, sizeof kx);
  int n = 0;
  if (!ad.empty()) {
    EVP_DecryptUpdate(c, nullptr, &n, reinterpret_cast<const uint8_t*>(ad.data()),
                      static_cast<int>(ad.size()));
  }
  EVP_DecryptUpdate(c, reinterpret_cast<uint8_t*>(out.data()), &n, src + kNonceSize,
                    static_cast<int>(text_size));
  uint8_t tag[kTagSize];
  std::memcpy(tag, src + kNonceSize + text_size, kTagSize);
  EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, kTagSize, tag);
  if (EVP_DecryptFinal_ex(c, reinterpret_cast<uint8_t*>(out.data()) + n, &n) != 1) {
    return DataLoss("authentication failed: the data was altered or damaged");
  }
  return out;
}

Result<Secret> DeriveKeyEncryptionKey(const Secret& password, std::string_view salt,
                                      const KdfParams& params) {
  if (salt.size() != crypto_pwhash_SALTBYTES) return InvalidArgument("key file salt must be 16 bytes");
  if (params.ops < crypto_pwhash_OPSLIMIT_MIN || params.ops > crypto_pwhash_OPSLIMIT_MAX ||
      params.memory < crypto_pwhash_MEMLIMIT_MIN || params.memory > (4ull << 30)) {
    return InvalidArgument("Argon2id parameters out of range (ops " + std::to_string(params.ops) +
                           ", memory " + std::to_string(params.memory) + " bytes)");
  }
  std::string key(32, '\0');
  if (crypto_pwhash(reinterpret_cast<unsigned char*>(key.data()), key.size(), password.reveal().data(),
                    password.reveal().size(), reinterpret_cast<const unsigned char*>(salt.data()), params.ops,
                    params.memory, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhausted("cannot derive the key from the password: Argon2id needs " +
                             std::to_string(params.memory >> 20) + " MiB of memory");
  }
  return Secret(std::move(key));
}

}  // namespace ark::repo
