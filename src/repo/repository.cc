// Repository: init, open, index loading, objects and blob reads.
#include "repo/repository.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "repo/blob_saver.h"
#include "repo/compression.h"
#include "repo/key_file.h"
#include "repo/pack.h"

namespace ark::repo {
namespace {

std::string ConfigJson(const RepositoryConfig& c) {
  nlohmann::ordered_json j = {{"repository", "ark365"},
                              {"version", c.version},
                              {"id", c.id},
                              {"created", c.created},
                              {"chunker",
                               {{"min_size", c.chunker.min_size},
                                {"avg_size", c.chunker.avg_size},
                                {"max_size", c.chunker.max_size}}},
                              {"pack_size", c.pack_size}};
  return j.dump(2) + "\n";
}

}  // namespace

std::string ObjectAd(FileType type, const Id& id) {
  return "ark365/" + std::string(FileTypeDir(type)) + "/" + id.Hex();
}

Result<RepositoryConfig> ReadConfig(Backend& backend) {
  Result<std::string> text = backend.Load(Handle{FileType::kConfig, ""});
  std::string where = backend.Location();
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) {
      return FailedPrecondition(where +
                                " is not an Ark365 repository (it has no config file); check --repo or " +
                                "ARK365_REPOSITORY, or create one with `ark365 repo init`");
    }
    return text.status().Context("reading the repository's config");
  }
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || j.value("repository", "") != "ark365") {
    return FailedPrecondition(where + " is not an Ark365 repository (its config file is not Ark365's; " +
                              "another backup program's repository?); check --repo");
  }
  RepositoryConfig c;
  c.version = j.value("version", 0);
  if (c.version != kFormatVersion) {
    return FailedPrecondition("the repository at " + where + " has format version " +
                              std::to_string(c.version) + "; this ark365 reads version " +
                              std::to_string(kFormatVersion) + " (upgrade ark365)");
  }
  c.id = j.value("id", "");
  c.created = j.value("created", "");
  const nlohmann::json& ch = j.value("chunker", nlohmann::json::object());
  c.chunker.min_size = ch.value("min_size", 0u);
  c.chunker.avg_size = ch.value("avg_size", 0u);
  c.chunker.max_size = ch.value("max_size", 0u);
  c.pack_size = j.value("pack_size", uint64_t{0});
  if (!Id::FromHex(c.id) || !c.chunker.Validate().ok() || c.pack_size < (1u << 20) ||
      c.pack_size > (128u << 20)) {
    return DataLoss("the config file of the repository at " + where + " is damaged");
  }
  return c;
}

Repository::Repository(std::unique_ptr<Backend> backend, RepositoryConfig config, MasterKeys keys, Id key_id)
    : backend_(std::move(backend)),
      config_(std::move(config)),
      keys_(std::move(keys)),
      key_id_(key_id),
      crypto_(std::make_unique<Crypto>(keys_)),
      gear_(MakeGearTable(keys_.chunker.reveal())) {}

Repository::~Repository() {
  if (saver_ != nullptr) {
    Status s = StopWriting();
    if (!s.ok()) spdlog::warn("closing the repository: {}", s.message());
  }
}

Result<std::unique_ptr<Repository>> Repository::Init(std::unique_ptr<Backend> backend, const Secret& password,
                                                     const InitOptions& options) {
  ARK_RETURN_IF_ERROR(options.chunker.Validate());
  if (options.pack_size < (1u << 20) || options.pack_size > (128u << 20)) {
    return InvalidArgument("pack size must be between 1 and 128 MiB");
  }
  if (password.empty())
    return InvalidArgument("the repository password is empty; choose a non-empty password");
  Result<FileInfo> existing = backend->Stat(Handle{FileType::kConfig, ""});
  if (existing.ok()) {
    return AlreadyExists("a repository already exists at " + backend->Location() + "; nothing was changed");
  }
  RepositoryConfig config;
  config.id = Id::Random().Hex();
  config.created = FormatRfc3339(std::chrono::system_clock::now());
  config.chunker = options.chunker;
  config.pack_size = options.pack_size;
  MasterKeys keys = MasterKeys::Generate();
  // The key first: a config without keys would be a repository nobody can open.
  ARK_ASSIGN_OR_RETURN(Id key_id, AddKeyFile(*backend, keys, config.id, password, options.kdf));
  ARK_RETURN_IF_ERROR(backend->Save(Handle{FileType::kConfig, ""}, ConfigJson(config)));
  return std::unique_ptr<Repository>(new Repository(std::move(backend), config, std::move(keys), key_id));
}

Result<std::unique_ptr<Repository>> Repository::Open(std::unique_ptr<Backend> backend,
                                                     const Secret& password) {
  ARK_ASSIGN_OR_RETURN(RepositoryConfig config, ReadConfig(*backend));
  ARK_ASSIGN_OR_RETURN(auto opened, OpenKeyFiles(*backend, config.id, password));
  return std::unique_ptr<Repository>(
      new Repository(std::move(backend), std::move(config), std::move(opened.first), opened.second));
}

Status Repository::LoadIndex() {
  ARK_ASSIGN_OR_RETURN(std::vector<Id> ids, ListObjects(FileType::kIndex));
  damaged_index_.clear();
  index_files_.clear();
  for (const Id& id : ids) {
    Result<std::string> body = LoadObject(FileType::kIndex, id);
    Result<std::vector<IndexedPack>> packs =
        body.ok() ? DecodeIndexFile(*body) : Result<std::vector<IndexedPack>>(body.status());
    if (!packs.ok()) {
      if (packs.status().code() != StatusCode::kDataLoss && packs.status().code() != StatusCode::kNotFound) {
        return packs.status().Context("reading index file " + id.Short());
      }
      spdlog::warn("index file {} is damaged and was skipped ({}); run `ark365 repo repair`", id.Short(),
                   packs.status().message());
      damaged_index_.push_back(id);
      continue;
    }
    index_files_.push_back(id);
    for (const IndexedPack& p : *packs) index_.AddPack(p.id, p.entries);
  }
  return Status::Ok();
}

Status Repository::SaveObject(FileType type, const Id& id, std::string_view body, bool compress) {
  std::string plain(1, '\0');
  if (compress && CompressTo(body, 3, plain)) {
    plain[0] = 1;
  } else {
    plain.append(body);
  }
  return backend_->Save(Handle{type, id.Hex()}, crypto_->Seal(ObjectAd(type, id), plain));
}

Result<std::string> Repository::LoadObject(FileType type, const Id& id) {
  Handle handle{type, id.Hex()};
  ARK_ASSIGN_OR_RETURN(std::string sealed, backend_->Load(handle));
  Result<std::string> plain = crypto_->Open(ObjectAd(type, id), sealed);
  if (!plain.ok()) return DataLoss(handle.Path() + " is damaged: " + plain.status().message());
  if (plain->empty()) return DataLoss(handle.Path() + " is empty");
  if ((*plain)[0] == 0) return plain->substr(1);
  if ((*plain)[0] == 1) {
    Result<std::string> body = Decompress(std::string_view(*plain).substr(1), SIZE_MAX);
    if (!body.ok()) return DataLoss(handle.Path() + " is damaged: " + body.status().message());
    return body;
  }
  return DataLoss(handle.Path() + " has an unknown encoding");
}

Result<std::vector<Id>> Repository::ListObjects(FileType type) {
  std::vector<Id> ids;
  ARK_RETURN_IF_ERROR(backend_->List(type, [&](const FileInfo& info) {
    if (auto id = Id::FromHex(info.handle.name)) ids.push_back(*id);
    return Status::Ok();
  }));
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<std::string> Repository::DecodeBlob(const PackEntry& entry, std::string_view stored,
                                           bool verify_id) const {
  std::string what = std::string(BlobTypeName(entry.type)) + " blob " + entry.id.Short();
  if (stored.size() != entry.length) return DataLoss(what + " is truncated");
  Result<std::string> body = crypto_->Open(BlobAd(entry.type, entry.id), stored);
  if (!body.ok()) return DataLoss(what + " is damaged: " + body.status().message());
  std::string plain;
  if (entry.compression == 1) {
    Result<std::string> d = Decompress(*body, entry.raw_length);
    if (!d.ok()) return DataLoss(what + " is damaged: " + d.status().message());
    plain = std::move(*d);
  } else {
    plain = std::move(*body);
  }
  if (plain.size() != entry.raw_length) return DataLoss(what + " has the wrong size");
  if (verify_id && crypto_->BlobIdOf(plain) != entry.id) {
    return DataLoss(what + " does not match its id (stored under the wrong id)");
  }
  return plain;
}

Result<std::string> Repository::LoadBlobAt(const PackId& pack, const PackEntry& entry, bool verify_id) {
  Result<std::string> stored =
      backend_->Load(Handle{FileType::kPack, pack.Hex()}, entry.offset, entry.length);
  if (!stored.ok()) {
    if (stored.status().code() == StatusCode::kNotFound) {
      return DataLoss(std::string(BlobTypeName(entry.type)) + " blob " + entry.id.Short() + " is in pack " +
                      pack.Short() + ", which is missing");
    }
    return stored.status();
  }
  Result<std::string> plain = DecodeBlob(entry, *stored, verify_id);
  if (!plain.ok()) return plain.status().Context("pack " + pack.Short());
  return plain;
}

Result<std::string> Repository::LoadBlob(BlobType type, const BlobId& id) {
  BlobHandle handle{id, type};
  std::optional<BlobLocation> loc = index_.Lookup(handle);
  if (!loc && saver_ != nullptr) {
    // Stored by this process but not uploaded yet; the index is checked again
    // because the upload may have finished in between.
    if (auto pending = saver_->FindUnindexed(handle))
      return DecodeBlob(pending->first, pending->second, false);
    loc = index_.Lookup(handle);
  }
  if (!loc) {
    return NotFound(std::string(BlobTypeName(type)) + " blob " + id.Short() +
                    " is not in the index (missing or lost); run `ark365 repo check`");
  }
  return LoadBlobAt(loc->pack, loc->entry, /*verify_id=*/false);
}

Status Repository::StartWriting(const WriteOptions& options) {
  if (saver_ != nullptr) return Status::Ok();
  saver_ = std::make_unique<BlobSaver>(*this, options);
  return Status::Ok();
}

Status Repository::StopWriting() {
  if (saver_ == nullptr) return Status::Ok();
  Status s = saver_->Close();
  saver_.reset();
  return s;
}

}  // namespace ark::repo
