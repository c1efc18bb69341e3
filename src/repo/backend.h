// The storage backend interface: a small set of operations on named, immutable objects.
//
// The repository engine reaches storage only through this interface (like
// restic's): save, load (with a byte range), stat, list, remove. Objects are
// written once and never modified; Save must be atomic (a reader never sees a
// partial object). The local-directory backend implements it now; S3 will
// implement it later, so nothing here relies on rename or directories.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ark::repo {

// What an object is; decides its place in the layout (docs/repository-format.md §2).
enum class FileType { kConfig, kKey, kPack, kIndex, kSnapshot, kCheckpoint, kLock };

std::string_view FileTypeDir(FileType type);  // "keys", "data", ... ("" for config)

// A named object. `name` is the 64-hex id (empty for config).
struct Handle {
  FileType type = FileType::kConfig;
  std::string name;
  // The path inside the repository, e.g. "data/3f/3f2a...": also the AD of objects.
  std::string Path() const;
};

struct FileInfo {
  Handle handle;
  uint64_t size = 0;
};

// Thread-safe: the write pipeline saves packs from several threads.
class Backend {
 public:
  virtual ~Backend() = default;

  // A description for messages: the directory or URL.
  virtual std::string Location() const = 0;
  // Stores `data` under `handle` atomically, replacing an existing object
  // (only checkpoints are ever replaced; every other name is fresh and random).
  virtual Status Save(const Handle& handle, std::string_view data) = 0;
  // Reads `length` bytes at `offset` (length 0: to the end). Reading past the
  // end returns fewer bytes; a missing object is kNotFound.
  virtual Result<std::string> Load(const Handle& handle, uint64_t offset = 0, uint64_t length = 0) = 0;
  virtual Result<FileInfo> Stat(const Handle& handle) = 0;
  // Removing a missing object is not an error.
  virtual Status Remove(const Handle& handle) = 0;
  // Calls `fn` for every object of `type`, in no particular order; stops at
  // the first error `fn` returns.
  virtual Status List(FileType type, const std::function<Status(const FileInfo&)>& fn) = 0;
};

}  // namespace ark::repo
