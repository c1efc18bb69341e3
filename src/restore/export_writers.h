// Export writers: where `ark365 export` puts items — files into a directory or a ZIP, messages into EML
// files or MBOX files — each with the backup's folder tree and every name made safe.
//
// Content arrives through a ContentProducer (e.g. repo::ContentReader::ReadAll
// bound to an item), piece by piece: no item is ever whole in memory.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "restore/target_directory.h"
#include "restore/zip_writer.h"

namespace ark::restore {

using ChunkSink = std::function<Status(std::string_view)>;
// Calls the sink with the content's bytes in order.
using ContentProducer = std::function<Status(const ChunkSink&)>;

// A tree of files: a directory or a ZIP archive.
class FileTreeWriter {
 public:
  virtual ~FileTreeWriter() = default;
  virtual Status AddFolder(const std::vector<std::string>& dirs) = 0;
  // Writes the file `name` in `dirs`; returns where it went (relative path or entry name).
  virtual Result<std::string> AddFile(const std::vector<std::string>& dirs, std::string_view name,
                                      std::optional<int64_t> mtime_seconds,
                                      const ContentProducer& content) = 0;
  // Completes the export (the ZIP's central directory).
  virtual Status Finish() = 0;
};

Result<std::unique_ptr<FileTreeWriter>> OpenDirectoryTreeWriter(const std::string& root);
Result<std::unique_ptr<FileTreeWriter>> OpenZipTreeWriter(const std::string& zip_path);

// What an export needs to know of a message besides its MIME.
struct MessageInfo {
  std::string id;       // the Graph id (names stay unique through it)
  std::string subject;  // for the file name
  std::string sender;   // for the mbox "From " line
  int64_t received_seconds = 0;
};

// Messages in a folder tree: EML files or MBOX files.
class MailExportWriter {
 public:
  virtual ~MailExportWriter() = default;
  virtual Status AddFolder(const std::vector<std::string>& dirs) = 0;
  virtual Result<std::string> AddMessage(const std::vector<std::string>& dirs, const MessageInfo& info,
                                         const ContentProducer& mime) = 0;
  virtual Status Finish() = 0;
};

// One "<subject> ~<id hash>.eml" per message, in a directory per folder.
Result<std::unique_ptr<MailExportWriter>> OpenEmlWriter(const std::string& root);
// One mboxrd file per folder: "Inbox.mbox", "Inbox/Sub.mbox".
Result<std::unique_ptr<MailExportWriter>> OpenMboxWriter(const std::string& root);

// The EML file name of a message: its subject (cut to 80 bytes) and a short hash of its id.
std::string EmlFileName(const MessageInfo& info);

}  // namespace ark::restore
