// BlobStore: bytes that clients uploaded (restored files, MIME messages), kept in files on disk.
//
// Generated content costs nothing until read; uploaded content is real data
// and is written once to <dir>/<n>, then served by range through a
// ByteSource. Upload sessions write their fragments straight into a blob
// file (`Open` + `WriteAt`) and `Seal` it when complete.
// Thread-safety: all members may be called concurrently; a blob being
// written must not be read before it is sealed.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "content/byte_source.h"
#include "core/status.h"

namespace m365sim::content {

class BlobStore {
 public:
  // `dir` is created if needed; existing files in it are ignored (the
  // emulator's content is rebuilt from the seed at every start).
  explicit BlobStore(std::string dir);

  // Stores `bytes` as a new sealed blob.
  ark::Result<uint32_t> Put(std::string_view bytes);
  // A new, empty blob to fill with WriteAt.
  ark::Result<uint32_t> Open();
  ark::Status WriteAt(uint32_t blob, uint64_t offset, std::string_view bytes);
  // Discards an unsealed blob (an abandoned upload session).
  void Discard(uint32_t blob);

  // The content of a blob of `size` bytes.
  ByteSourcePtr Get(uint32_t blob, uint64_t size) const;

 private:
  std::string Path(uint32_t blob) const;
  std::string dir_;
  std::mutex mu_;
  uint32_t next_ = 0;
};

}  // namespace m365sim::content
