// Master key handling and sealed boxes for secrets at rest (see vault.h).
#include "org/vault.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <nlohmann/json.hpp>

#include "core/encoding.h"
#include "core/file.h"
#include "core/random.h"

namespace ark::org {
namespace {

constexpr unsigned char kBoxVersion = 1;
constexpr std::string_view kKeyFileTag = "ARK365-MASTER-KEY-V1 ";
constexpr std::string_view kSettingKey = "master_key";
// The check box: a known text sealed under the master key.
constexpr std::string_view kCheckId = "master-key-check";
constexpr std::string_view kCheckText = "ark365 master key check";

std::string AssociatedData(std::string_view id, std::string_view purpose) {
  std::string ad = "ark365/secret/v1";
  ad += '\0';
  ad += id;
  ad += '\0';
  ad += purpose;
  return ad;
}

Result<Secret> ReadKeyFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      return DataLoss("the master key " + path +
                      " is missing, so the credentials stored in ark365.db cannot be decrypted; restore "
                      "master.key from your backup of the state directory");
    }
    return ErrnoError("cannot read the master key " + path, errno);
  }
  if ((st.st_mode & 077) != 0) {
    return PermissionDenied("the master key " + path + " can be read by other users; run `chmod 600 " + path +
                            "` (and consider the stored credentials exposed)");
  }
  ARK_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  Secret wipe_text(std::move(text));
  std::string_view view = wipe_text.reveal();
  size_t at = view.find(kKeyFileTag);
  if (at != std::string_view::npos) {
    std::string_view encoded = view.substr(at + kKeyFileTag.size());
    encoded = encoded.substr(0, encoded.find_first_of("\r\n"));
    std::optional<std::string> raw = Base64Decode(encoded);
    if (raw && raw->size() == crypto_aead_xchacha20poly1305_ietf_KEYBYTES) return Secret(std::move(*raw));
  }
  return DataLoss("the master key " + path +
                  " is damaged; restore it from your backup of the state directory");
}

Result<Secret> CreateOrReadKeyFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return ReadKeyFile(path);
  Secret key(RandomBytes(crypto_aead_xchacha20poly1305_ietf_KEYBYTES));
  Secret text(
      "# Ark365 master key: it encrypts the credentials stored in ark365.db.\n"
      "# Keep a copy in a safe place; without it they cannot be decrypted.\n" +
      std::string(kKeyFileTag) + Base64Encode(key.reveal()) + "\n");
  ARK_RETURN_IF_ERROR(WriteFileAtomic(path, text.reveal(), 0600).Context("cannot create the master key"));
  return key;
}

Result<Secret> DeriveKey(const Secret& passphrase, std::string_view salt, KdfCost cost) {
  if (passphrase.empty()) return InvalidArgument("ARK365_MASTER_PASSPHRASE is set but empty");
  std::string key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, '\0');
  if (crypto_pwhash(reinterpret_cast<unsigned char*>(key.data()), key.size(), passphrase.reveal().data(),
                    passphrase.reveal().size(), reinterpret_cast<const unsigned char*>(salt.data()),
                    cost.opslimit, cost.memlimit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhausted("not enough memory to derive the master key from ARK365_MASTER_PASSPHRASE (" +
                             std::to_string(cost.memlimit_bytes >> 20) + " MiB needed)");
  }
  return Secret(std::move(key));
}

}  // namespace

std::string SealBox(const Secret& key, std::string_view id, std::string_view purpose, const Secret& value) {
  std::string ad = AssociatedData(id, purpose);
  std::string nonce = RandomBytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  std::string box(1 + nonce.size() + value.reveal().size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  box[0] = static_cast<char>(kBoxVersion);
  box.replace(1, nonce.size(), nonce);
  unsigned long long written = 0;
  auto* out = reinterpret_cast<unsigned char*>(box.data() + 1 + nonce.size());
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out, &written, reinterpret_cast<const unsigned char*>(value.reveal().data()), value.reveal().size(),
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
      reinterpret_cast<const unsigned char*>(nonce.data()),
      reinterpret_cast<const unsigned char*>(key.reveal().data()));
  return box;
}

Result<Secret> OpenBox(const Secret& key, std::string_view id, std::string_view purpose,
                       std::string_view box) {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (box.size() < 1 + kNonce + kTag || static_cast<unsigned char>(box[0]) != kBoxVersion) {
    return DataLoss("a stored credential (" + std::string(id) + ") is damaged; set it again");
  }
  std::string ad = AssociatedData(id, purpose);
  std::string plain(box.size() - 1 - kNonce - kTag, '\0');
  unsigned long long n = 0;
  const auto* nonce = reinterpret_cast<const unsigned char*>(box.data() + 1);
  const auto* cipher = reinterpret_cast<const unsigned char*>(box.data() + 1 + kNonce);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &n, nullptr, cipher, box.size() - 1 - kNonce,
          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nonce,
          reinterpret_cast<const unsigned char*>(key.reveal().data())) != 0) {
    Secret wipe(std::move(plain));
    return DataLoss("a stored credential (" + std::string(id) +
                    ") does not decrypt with the master key: it was altered or belongs to another "
                    "installation; set it again");
  }
  plain.resize(static_cast<size_t>(n));
  return Secret(std::move(plain));
}

Result<Vault> Vault::Open(ConfigStore& store, const std::string& key_file,
                          const std::optional<Secret>& passphrase, KdfCost cost) {
  if (sodium_init() < 0) return Internal("libsodium cannot be initialised");
  Result<Secret> key = Internal("no master key");
  Status s = store.Transaction([&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::optional<std::string> setting, store.GetSetting(kSettingKey));
    if (!setting) {
      // First use: create the key, and record how it is made plus a check value.
      nlohmann::json doc = {{"version", 1}};
      if (passphrase) {
        std::string salt = RandomBytes(crypto_pwhash_SALTBYTES);
        key = DeriveKey(*passphrase, salt, cost);
        doc["source"] = "passphrase";
        doc["kdf"] = {{"algorithm", "argon2id13"},
                      {"opslimit", cost.opslimit},
                      {"memlimit", cost.memlimit_bytes},
                      {"salt", Base64Encode(salt)}};
      } else {
        key = CreateOrReadKeyFile(key_file);
        doc["source"] = "file";
      }
      if (!key.ok()) return key.status();
      doc["check"] = Base64Encode(SealBox(*key, kCheckId, kCheckId, Secret(std::string(kCheckText))));
      return store.PutSetting(kSettingKey, doc.dump());
    }
    nlohmann::json doc = nlohmann::json::parse(*setting, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object() || doc.value("version", 0) != 1) {
      return DataLoss(
          "the master key record in the configuration database is damaged or from a newer ark365");
    }
    if (doc.value("source", "") == "passphrase") {
      if (!passphrase) {
        return FailedPrecondition(
            "the stored credentials are protected by a passphrase; set ARK365_MASTER_PASSPHRASE");
      }
      const nlohmann::json& kdf = doc["kdf"];
      std::optional<std::string> salt = Base64Decode(kdf.value("salt", ""));
      if (!salt || salt->size() != crypto_pwhash_SALTBYTES) {
        return DataLoss("the master key record in the configuration database is damaged");
      }
      key = DeriveKey(*passphrase, *salt,
                      KdfCost{kdf.value("opslimit", uint64_t{0}), kdf.value("memlimit", uint64_t{0})});
    } else {
      key = ReadKeyFile(key_file);
    }
    if (!key.ok()) return key.status();
    std::optional<std::string> check = Base64Decode(doc.value("check", ""));
    if (!check || !OpenBox(*key, kCheckId, kCheckId, *check).ok()) {
      return Unauthenticated(passphrase && doc.value("source", "") == "passphrase"
                                 ? "ARK365_MASTER_PASSPHRASE is not the passphrase that protects the stored "
                                   "credentials"
                                 : "the master key " + key_file +
                                       " does not belong to this configuration database; restore the "
                                       "matching master.key");
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return Vault(store, std::move(*key));
}

Result<std::string> Vault::Put(std::string_view purpose, const Secret& value) {
  std::string id = NewUuid();
  SealedSecret sealed{id, std::string(purpose), SealBox(key_, id, purpose, value),
                      std::chrono::system_clock::now()};
  ARK_RETURN_IF_ERROR(store_->PutSecret(sealed));
  return id;
}

Result<Secret> Vault::Get(std::string_view id) {
  ARK_ASSIGN_OR_RETURN(SealedSecret sealed, store_->GetSecret(id));
  return OpenBox(key_, sealed.id, sealed.purpose, sealed.box);
}

}  // namespace ark::org
