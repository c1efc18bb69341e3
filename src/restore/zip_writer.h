// ZipWriter: a ZIP archive written entry by entry from streams, with zip64 for archives and entries past
// 4 GiB, on zlib's minizip (Debian's libminizip).
//
// An entry's bytes are pushed in pieces (Write) and deflated on the way: an
// entry is never in memory whole. Entry names are UTF-8 (general purpose
// flag bit 11) made of SafeComponent()s joined with '/', and unique within
// the archive: a second entry of the same name gets "name (2).ext", so an
// unzip can neither leave its target nor silently overwrite an entry.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ark::restore {

class ZipWriter {
 public:
  // Creates `path`; refuses to replace an existing file.
  static Result<std::unique_ptr<ZipWriter>> Create(const std::string& path);
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // A directory entry "a/b/" (empty folders keep their place in the tree).
  Status AddDirectory(const std::vector<std::string>& dirs);
  // Starts the file entry `name` in `dirs`; `mtime_seconds` is its modification time (UTC).
  // Returns the entry's name in the archive.
  Result<std::string> BeginFile(const std::vector<std::string>& dirs, std::string_view name,
                                std::optional<int64_t> mtime_seconds);
  Status Write(std::string_view data);
  Status EndFile();
  // Writes the central directory. REQUIRED for a usable archive; the destructor of an unfinished
  // archive removes the file.
  Status Finish();

 private:
  ZipWriter(void* zip, std::string path) : zip_(zip), path_(std::move(path)) {}
  std::string UniqueName(std::string name);

  void* zip_ = nullptr;
  std::string path_;
  bool in_entry_ = false;
  bool finished_ = false;
  std::set<std::string> names_;
};

}  // namespace ark::restore
