// repair: the index rebuilt from what the packs say about themselves.
#include "repo/repair.h"

#include "repo/index.h"
#include "repo/lock.h"
#include "repo/pack.h"
#include "repo/repository.h"

namespace ark::repo {

Result<RepairResult> RepairIndex(Repository& repo, Progress* progress) {
  ARK_ASSIGN_OR_RETURN(auto lock, Lock::Acquire(repo, /*exclusive=*/true, "repair"));
  RepairResult result;
  std::vector<PackId> packs;
  ARK_RETURN_IF_ERROR(repo.backend().List(FileType::kPack, [&](const FileInfo& info) {
    if (auto id = Id::FromHex(info.handle.name)) packs.push_back(*id);
    return Status::Ok();
  }));
  ARK_ASSIGN_OR_RETURN(std::vector<Id> old_index, repo.ListObjects(FileType::kIndex));
  if (progress != nullptr) progress->Begin("repair: read pack headers", packs.size(), 0);
  std::vector<IndexedPack> current;
  auto flush = [&]() -> Status {
    if (current.empty()) return Status::Ok();
    ARK_RETURN_IF_ERROR(repo.SaveObject(FileType::kIndex, Id::Random(), EncodeIndexFile(current), false));
    current.clear();
    return Status::Ok();
  };
  for (const PackId& id : packs) {
    Result<std::vector<PackEntry>> entries = LoadPackHeader(repo.backend(), repo.crypto(), id);
    if (progress != nullptr) progress->Advance(1, 0);
    if (!entries.ok()) {
      if (entries.status().code() != StatusCode::kDataLoss) return entries.status();
      result.damaged_packs.push_back(entries.status().message());
      continue;
    }
    result.packs_indexed++;
    result.blobs_indexed += entries->size();
    current.push_back(IndexedPack{id, std::move(*entries)});
    if (current.size() >= 20000) ARK_RETURN_IF_ERROR(flush());
  }
  ARK_RETURN_IF_ERROR(flush());
  // Only now, with the new index stored, do the old files go.
  for (const Id& id : old_index) {
    ARK_RETURN_IF_ERROR(repo.backend().Remove(Handle{FileType::kIndex, id.Hex()}));
    result.index_files_removed++;
  }
  if (progress != nullptr) progress->End("index rebuilt");
  ARK_RETURN_IF_ERROR(lock->Release());
  return result;
}

Result<uint64_t> IndexOrphanPacks(Repository& repo) {
  std::vector<PackId> orphans;
  ARK_RETURN_IF_ERROR(repo.backend().List(FileType::kPack, [&](const FileInfo& info) {
    std::optional<Id> id = Id::FromHex(info.handle.name);
    if (id && !repo.index().HasPack(*id)) orphans.push_back(*id);
    return Status::Ok();
  }));
  std::vector<IndexedPack> found;
  for (const PackId& id : orphans) {
    Result<std::vector<PackEntry>> entries = LoadPackHeader(repo.backend(), repo.crypto(), id);
    if (!entries.ok()) continue;  // damaged or vanished: prune or repair deal with it
    repo.index().AddPack(id, *entries);
    found.push_back(IndexedPack{id, std::move(*entries)});
  }
  if (!found.empty()) {
    ARK_RETURN_IF_ERROR(repo.SaveObject(FileType::kIndex, Id::Random(), EncodeIndexFile(found), false));
  }
  return static_cast<uint64_t>(found.size());
}

}  // namespace ark::repo
