// Export writers: directory and ZIP file trees, EML and MBOX mail trees.
#include "restore/export_writers.h"

#include "core/encoding.h"
#include "core/hash.h"
#include "restore/mboxrd.h"
#include "restore/safe_path.h"

namespace ark::restore {
namespace {

// Streams `content` into a new file `name` in `dirs` of `target`; returns its relative path.
Result<std::string> WriteNewFile(TargetDirectory& target, const std::vector<std::string>& dirs,
                                 std::string_view name, const ContentProducer& content) {
  ARK_ASSIGN_OR_RETURN(OutputFile file, target.CreateFile(dirs, name));
  ARK_RETURN_IF_ERROR(content([&](std::string_view piece) { return file.Write(piece); }));
  std::string path = file.relative_path();
  ARK_RETURN_IF_ERROR(file.Commit());
  return path;
}

class DirectoryTreeWriter final : public FileTreeWriter {
 public:
  explicit DirectoryTreeWriter(TargetDirectory target) : target_(std::move(target)) {}

  Status AddFolder(const std::vector<std::string>& dirs) override { return target_.MakeDirectories(dirs); }

  Result<std::string> AddFile(const std::vector<std::string>& dirs, std::string_view name,
                              std::optional<int64_t> mtime_seconds, const ContentProducer& content) override {
    (void)mtime_seconds;
    return WriteNewFile(target_, dirs, name, content);
  }

  Status Finish() override { return Status::Ok(); }

 private:
  TargetDirectory target_;
};

class ZipTreeWriter final : public FileTreeWriter {
 public:
  explicit ZipTreeWriter(std::unique_ptr<ZipWriter> zip) : zip_(std::move(zip)) {}

  Status AddFolder(const std::vector<std::string>& dirs) override { return zip_->AddDirectory(dirs); }

  Result<std::string> AddFile(const std::vector<std::string>& dirs, std::string_view name,
                              std::optional<int64_t> mtime_seconds, const ContentProducer& content) override {
    ARK_ASSIGN_OR_RETURN(std::string entry, zip_->BeginFile(dirs, name, mtime_seconds));
    ARK_RETURN_IF_ERROR(content([&](std::string_view piece) { return zip_->Write(piece); }));
    ARK_RETURN_IF_ERROR(zip_->EndFile());
    return entry;
  }

  Status Finish() override { return zip_->Finish(); }

 private:
  std::unique_ptr<ZipWriter> zip_;
};

class EmlWriter final : public MailExportWriter {
 public:
  explicit EmlWriter(TargetDirectory target) : target_(std::move(target)) {}

  Status AddFolder(const std::vector<std::string>& dirs) override { return target_.MakeDirectories(dirs); }

  Result<std::string> AddMessage(const std::vector<std::string>& dirs, const MessageInfo& info,
                                 const ContentProducer& mime) override {
    return WriteNewFile(target_, dirs, EmlFileName(info), mime);
  }

  Status Finish() override { return Status::Ok(); }

 private:
  TargetDirectory target_;
};

// Keeps one open file per folder (a mailbox has hundreds of folders at most).
class MboxWriter final : public MailExportWriter {
 public:
  explicit MboxWriter(TargetDirectory target) : target_(std::move(target)) {}

  Status AddFolder(const std::vector<std::string>& dirs) override {
    if (dirs.empty()) return Status::Ok();
    return target_.MakeDirectories({dirs.begin(), dirs.end() - 1});
  }

  Result<std::string> AddMessage(const std::vector<std::string>& dirs, const MessageInfo& info,
                                 const ContentProducer& mime) override {
    ARK_ASSIGN_OR_RETURN(OutputFile * file, FileOf(dirs));
    ARK_RETURN_IF_ERROR(file->Write(MboxFromLine(info.sender, info.received_seconds)));
    MboxrdEscaper escaper([&](std::string_view piece) { return file->Write(piece); });
    ARK_RETURN_IF_ERROR(mime([&](std::string_view piece) { return escaper.Write(piece); }));
    ARK_RETURN_IF_ERROR(escaper.Finish());
    return file->relative_path();
  }

  Status Finish() override {
    for (auto& [key, file] : files_) ARK_RETURN_IF_ERROR(file.Commit());
    files_.clear();
    return Status::Ok();
  }

 private:
  Result<OutputFile*> FileOf(const std::vector<std::string>& dirs) {
    std::string key;
    for (const std::string& d : dirs) key += d + '\0';
    auto it = files_.find(key);
    if (it != files_.end()) return &it->second;
    std::vector<std::string> parent;
    std::string name = "mailbox";
    if (!dirs.empty()) {
      parent.assign(dirs.begin(), dirs.end() - 1);
      name = SafeComponent(dirs.back());
    }
    ARK_ASSIGN_OR_RETURN(OutputFile file, target_.CreateFile(parent, name + ".mbox"));
    return &files_.emplace(key, std::move(file)).first->second;
  }

  TargetDirectory target_;
  std::map<std::string, OutputFile> files_;
};

}  // namespace

std::string EmlFileName(const MessageInfo& info) {
  std::string subject = info.subject.empty() ? "(no subject)" : info.subject;
  std::string safe = SafeComponent(subject);
  // Cut at a character boundary so that the name stays valid UTF-8.
  if (safe.size() > 80) {
    size_t end = 80;
    while (end > 0 && (static_cast<unsigned char>(safe[end]) & 0xC0) == 0x80) --end;
    safe.resize(end);
  }
  while (!safe.empty() && (safe.back() == ' ' || safe.back() == '.')) safe.pop_back();
  return safe + " ~" + HexEncode(Sha256(info.id).substr(0, 5)) + ".eml";
}

Result<std::unique_ptr<FileTreeWriter>> OpenDirectoryTreeWriter(const std::string& root) {
  ARK_ASSIGN_OR_RETURN(TargetDirectory target, TargetDirectory::Open(root));
  return std::unique_ptr<FileTreeWriter>(new DirectoryTreeWriter(std::move(target)));
}

Result<std::unique_ptr<FileTreeWriter>> OpenZipTreeWriter(const std::string& zip_path) {
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<ZipWriter> zip, ZipWriter::Create(zip_path));
  return std::unique_ptr<FileTreeWriter>(new ZipTreeWriter(std::move(zip)));
}

Result<std::unique_ptr<MailExportWriter>> OpenEmlWriter(const std::string& root) {
  ARK_ASSIGN_OR_RETURN(TargetDirectory target, TargetDirectory::Open(root));
  return std::unique_ptr<MailExportWriter>(new EmlWriter(std::move(target)));
}

Result<std::unique_ptr<MailExportWriter>> OpenMboxWriter(const std::string& root) {
  ARK_ASSIGN_OR_RETURN(TargetDirectory target, TargetDirectory::Open(root));
  return std::unique_ptr<MailExportWriter>(new MboxWriter(std::move(target)));
}

}  // namespace ark::restore
