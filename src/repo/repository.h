// Repository: an opened, decrypted repository: config, keys, index, objects and blobs.
//
// This is the hub the other pieces build on: it owns the backend, the master
// keys (as a Crypto), the in-memory index and, once writing starts, the write
// pipeline (BlobSaver). Readers use LoadBlob / LoadObject; writers use
// saver() for blobs and SaveObject for index files, snapshots, checkpoints and
// locks. Thread-safe except where noted.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/secret.h"
#include "core/status.h"
#include "core/time.h"
#include "repo/backend.h"
#include "repo/chunker.h"
#include "repo/crypto.h"
#include "repo/ids.h"
#include "repo/index.h"

namespace ark::repo {

class BlobSaver;
struct WriteOptions;

inline constexpr int kFormatVersion = 1;

// The plain `config` object (format §9).
struct RepositoryConfig {
  int version = kFormatVersion;
  std::string id;  // 64 hex
  std::string created;
  ChunkerParams chunker;
  uint64_t pack_size = 16ull << 20;
};

struct InitOptions {
  KdfParams kdf;
  ChunkerParams chunker;
  uint64_t pack_size = 16ull << 20;
};

class Repository {
 public:
  // Creates a repository in an empty backend and opens it.
  static Result<std::unique_ptr<Repository>> Init(std::unique_ptr<Backend> backend, const Secret& password,
                                                  const InitOptions& options);
  // Opens a repository; does not load the index (LoadIndex does).
  static Result<std::unique_ptr<Repository>> Open(std::unique_ptr<Backend> backend, const Secret& password);
  ~Repository();

  const RepositoryConfig& config() const { return config_; }
  Backend& backend() { return *backend_; }
  const Crypto& crypto() const { return *crypto_; }
  const MasterKeys& keys() const { return keys_; }
  const GearTable& gear() const { return gear_; }
  Index& index() { return index_; }
  const Id& key_id() const { return key_id_; }

  // Reads every index file into index(). Damaged index files are reported,
  // skipped, and listed in damaged_index_files() (check reports them; repair rebuilds).
  Status LoadIndex();
  const std::vector<Id>& damaged_index_files() const { return damaged_index_; }
  // Ids of the index files read by the last LoadIndex().
  const std::vector<Id>& index_files() const { return index_files_; }

  // Objects (format §8): sealed, optionally zstd-compressed bodies.
  Status SaveObject(FileType type, const Id& id, std::string_view body, bool compress = true);
  Result<std::string> LoadObject(FileType type, const Id& id);
  Result<std::vector<Id>> ListObjects(FileType type);

  // Reads, authenticates and decompresses a blob. kNotFound when the index
  // does not know it; kDataLoss when its pack is missing or damaged.
  Result<std::string> LoadBlob(BlobType type, const BlobId& id);
  // The same from a known location (check, prune), optionally verifying the id.
  Result<std::string> LoadBlobAt(const PackId& pack, const PackEntry& entry, bool verify_id);
  // Decodes a stored blob already read from its pack.
  Result<std::string> DecodeBlob(const PackEntry& entry, std::string_view stored, bool verify_id) const;

  // Starts the write pipeline (once). REQUIRES: LoadIndex() was called.
  Status StartWriting(const WriteOptions& options);
  // The write pipeline. REQUIRES: StartWriting() succeeded.
  BlobSaver& saver() { return *saver_; }
  bool writing() const { return saver_ != nullptr; }
  // Flushes and stops the pipeline; the error of any failed upload.
  Status StopWriting();

 private:
  Repository(std::unique_ptr<Backend> backend, RepositoryConfig config, MasterKeys keys, Id key_id);

  std::unique_ptr<Backend> backend_;
  RepositoryConfig config_;
  MasterKeys keys_;
  Id key_id_;
  std::unique_ptr<Crypto> crypto_;
  GearTable gear_;
  Index index_;
  std::vector<Id> damaged_index_;
  std::vector<Id> index_files_;
  std::unique_ptr<BlobSaver> saver_;
};

// Reads `config` from a backend: kFailedPrecondition "not a repository" with
// what to do when it is missing or not ours.
Result<RepositoryConfig> ReadConfig(Backend& backend);

// The AD of an object: "ark365/" || path.
std::string ObjectAd(FileType type, const Id& id);

}  // namespace ark::repo
