// Key files as plain JSON with an Argon2id-wrapped payload.
#include "repo/key_file.h"

#include <sodium.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/encoding.h"
#include "core/random.h"
#include "repo/origin.h"

namespace ark::repo {
namespace {

constexpr std::string_view kKeyAd = "ark365/key";

Result<nlohmann::json> ReadKeyJson(Backend& backend, const Id& id) {
  ARK_ASSIGN_OR_RETURN(std::string text, backend.Load(Handle{FileType::kKey, id.Hex()}));
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || j.value("version", 0) != 1 || j.value("kdf", "") != "argon2id") {
    return DataLoss("key file " + id.Short() + " is damaged or of an unknown version");
  }
  return j;
}

Result<std::vector<Id>> KeyIds(Backend& backend) {
  std::vector<Id> ids;
  ARK_RETURN_IF_ERROR(backend.List(FileType::kKey, [&](const FileInfo& info) {
    if (auto id = Id::FromHex(info.handle.name)) ids.push_back(*id);
    return Status::Ok();
  }));
  return ids;
}

}  // namespace

Result<Id> AddKeyFile(Backend& backend, const MasterKeys& keys, const std::string& repository_id,
                      const Secret& password, const KdfParams& kdf) {
  std::string salt = RandomBytes(crypto_pwhash_SALTBYTES);
  ARK_ASSIGN_OR_RETURN(Secret kek, DeriveKeyEncryptionKey(password, salt, kdf));
  nlohmann::json payload = {{"repository", repository_id},
                            {"encryption", Base64Encode(keys.encryption.reveal())},
                            {"id", Base64Encode(keys.id.reveal())},
                            {"chunker", Base64Encode(keys.chunker.reveal())}};
  std::string plain = payload.dump();
  std::string sealed = XaesSeal(kek.reveal(), RandomBytes(24), kKeyAd, plain);
  sodium_memzero(plain.data(), plain.size());
  nlohmann::ordered_json file = {{"version", 1},
                                 {"created", FormatRfc3339(std::chrono::system_clock::now())},
                                 {"hostname", HostName()},
                                 {"username", UserName()},
                                 {"kdf", "argon2id"},
                                 {"kdf_ops", kdf.ops},
                                 {"kdf_memory", kdf.memory},
                                 {"salt", Base64Encode(salt)},
                                 {"data", Base64Encode(sealed)}};
  Id id = Id::Random();
  ARK_RETURN_IF_ERROR(backend.Save(Handle{FileType::kKey, id.Hex()}, file.dump(2) + "\n"));
  return id;
}

Result<std::pair<MasterKeys, Id>> OpenKeyFiles(Backend& backend, const std::string& repository_id,
                                               const Secret& password) {
  ARK_ASSIGN_OR_RETURN(std::vector<Id> ids, KeyIds(backend));
  if (ids.empty()) {
    return DataLoss("the repository at " + backend.Location() +
                    " has no key files (keys/ is empty), so it cannot be opened");
  }
  for (const Id& id : ids) {
    Result<nlohmann::json> j = ReadKeyJson(backend, id);
    if (!j.ok()) continue;
    std::optional<std::string> salt = Base64Decode(j->value("salt", ""));
    std::optional<std::string> sealed = Base64Decode(j->value("data", ""));
    if (!salt || !sealed) continue;
    KdfParams kdf{j->value("kdf_ops", uint64_t{0}), j->value("kdf_memory", uint64_t{0})};
    ARK_ASSIGN_OR_RETURN(Secret kek, DeriveKeyEncryptionKey(password, *salt, kdf));
    Result<std::string> plain = XaesOpen(kek.reveal(), kKeyAd, *sealed);
    if (!plain.ok()) continue;  // another password's key
    nlohmann::json payload = nlohmann::json::parse(*plain, nullptr, false);
    sodium_memzero(plain->data(), plain->size());
    if (!payload.is_object()) return DataLoss("key file " + id.Short() + " holds damaged keys");
    if (payload.value("repository", "") != repository_id) {
      return FailedPrecondition("key file " + id.Short() +
                                " belongs to another repository; it was copied here by mistake");
    }
    auto enc = Base64Decode(payload.value("encryption", ""));
    auto idk = Base64Decode(payload.value("id", ""));
    auto chk = Base64Decode(payload.value("chunker", ""));
    if (!enc || !idk || !chk || enc->size() != 32 || idk->size() != 32 || chk->size() != 32) {
      return DataLoss("key file " + id.Short() + " holds damaged keys");
    }
    return std::make_pair(MasterKeys{Secret(*enc), Secret(*idk), Secret(*chk)}, id);
  }
  return Unauthenticated("the password does not open the repository at " + backend.Location() + " (tried " +
                         std::to_string(ids.size()) +
                         " key file(s)); check --password-file, ARK365_PASSWORD_FILE or ARK365_PASSWORD");
}

Result<std::vector<KeyInfo>> ListKeyFiles(Backend& backend) {
  ARK_ASSIGN_OR_RETURN(std::vector<Id> ids, KeyIds(backend));
  std::vector<KeyInfo> keys;
  for (const Id& id : ids) {
    ARK_ASSIGN_OR_RETURN(nlohmann::json j, ReadKeyJson(backend, id));
    keys.push_back(KeyInfo{id, j.value("created", ""), j.value("hostname", ""), j.value("username", ""),
                           KdfParams{j.value("kdf_ops", uint64_t{0}), j.value("kdf_memory", uint64_t{0})}});
  }
  return keys;
}

Status RemoveKeyFile(Backend& backend, const Id& key) {
  ARK_ASSIGN_OR_RETURN(std::vector<Id> ids, KeyIds(backend));
  if (std::find(ids.begin(), ids.end(), key) == ids.end()) {
    return NotFound("there is no key " + key.Hex() + "; `ark365 repo key list` shows the keys");
  }
  if (ids.size() == 1) {
    return FailedPrecondition("key " + key.Short() +
                              " is the repository's only key; add another with `ark365 repo key add` first");
  }
  return backend.Remove(Handle{FileType::kKey, key.Hex()});
}

}  // namespace ark::repo
