// Names of backend objects: where each file type lives in the layout.
#include "repo/backend.h"

namespace ark::repo {

std::string_view FileTypeDir(FileType type) {
  switch (type) {
    case FileType::kConfig:
      return "";
    case FileType::kKey:
      return "keys";
    case FileType::kPack:
      return "data";
    case FileType::kIndex:
      return "index";
    case FileType::kSnapshot:
      return "snapshots";
    case FileType::kCheckpoint:
      return "checkpoints";
    case FileType::kLock:
      return "locks";
  }
  return "";
}

std::string Handle::Path() const {
  if (type == FileType::kConfig) return "config";
  std::string dir(FileTypeDir(type));
  if (type == FileType::kPack) return dir + "/" + name.substr(0, 2) + "/" + name;
  return dir + "/" + name;
}

}  // namespace ark::repo
