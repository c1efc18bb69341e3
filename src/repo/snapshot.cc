// Snapshot and checkpoint objects: JSON forms, storage, lookup by reference.
#include "repo/snapshot.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/hash.h"
#include "repo/blob_saver.h"
#include "repo/repository.h"

namespace ark::repo {
namespace {

SystemTime TimeFromJson(const nlohmann::json& j, const char* key) {
  std::optional<SystemTime> t = ParseRfc3339(j.value(key, ""));
  return t.value_or(SystemTime{});
}

Id CheckpointId(std::string_view name) { return Id::FromBytes(Sha256(name)); }

}  // namespace

bool Snapshot::HasTag(std::string_view tag) const {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

std::string FormatSnapshotTime(SystemTime t) {
  auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
  if (secs > t) secs -= std::chrono::seconds(1);
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(t - secs).count();
  std::string base = FormatRfc3339(secs);  // "...:SSZ"
  char frac[16];
  std::snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(nanos));
  return base.substr(0, base.size() - 1) + frac + "Z";
}

nlohmann::json SnapshotToJson(const Snapshot& s) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["time"] = FormatSnapshotTime(s.time);
  j["tree"] = s.tree.Hex();
  if (s.parent) j["parent"] = s.parent->Hex();
  j["hostname"] = s.hostname;
  j["username"] = s.username;
  j["source"] = s.source;
  j["paths"] = s.paths;
  j["tags"] = s.tags;
  j["meta"] = s.meta;
  j["summary"] = {{"files", s.summary.files},   {"dirs", s.summary.dirs},
                  {"bytes", s.summary.bytes},   {"added_bytes", s.summary.added_bytes},
                  {"errors", s.summary.errors}, {"duration_seconds", s.summary.duration_seconds}};
  return j;
}

Result<Snapshot> SnapshotFromJson(const nlohmann::json& j, const Id& id) {
  if (!j.is_object() || j.value("version", 0) != 1) return DataLoss("snapshot " + id.Short() + " is damaged");
  Snapshot s;
  s.id = id;
  s.time = TimeFromJson(j, "time");
  std::optional<Id> tree = Id::FromHex(j.value("tree", ""));
  if (!tree) return DataLoss("snapshot " + id.Short() + " has no valid tree");
  s.tree = *tree;
  if (auto p = j.find("parent"); p != j.end() && p->is_string())
    s.parent = Id::FromHex(p->get<std::string>());
  s.hostname = j.value("hostname", "");
  s.username = j.value("username", "");
  s.source = j.value("source", "");
  s.paths = j.value("paths", std::vector<std::string>{});
  s.tags = j.value("tags", std::vector<std::string>{});
  s.meta = j.value("meta", nlohmann::json::object());
  const nlohmann::json& sum = j.value("summary", nlohmann::json::object());
  s.summary.files = sum.value("files", uint64_t{0});
  s.summary.dirs = sum.value("dirs", uint64_t{0});
  s.summary.bytes = sum.value("bytes", uint64_t{0});
  s.summary.added_bytes = sum.value("added_bytes", uint64_t{0});
  s.summary.errors = sum.value("errors", uint64_t{0});
  s.summary.duration_seconds = sum.value("duration_seconds", 0.0);
  return s;
}

Status SaveSnapshot(Repository& repo, Snapshot& s) {
  s.id = Id::Random();
  return repo.SaveObject(FileType::kSnapshot, s.id, SnapshotToJson(s).dump());
}

Result<Snapshot> LoadSnapshot(Repository& repo, const Id& id) {
  ARK_ASSIGN_OR_RETURN(std::string body, repo.LoadObject(FileType::kSnapshot, id));
  return SnapshotFromJson(nlohmann::json::parse(body, nullptr, false), id);
}

Result<std::vector<Snapshot>> ListSnapshots(Repository& repo, std::vector<Id>* damaged) {
  ARK_ASSIGN_OR_RETURN(std::vector<Id> ids, repo.ListObjects(FileType::kSnapshot));
  std::vector<Snapshot> out;
  for (const Id& id : ids) {
    Result<Snapshot> s = LoadSnapshot(repo, id);
    if (!s.ok()) {
      if (s.status().code() != StatusCode::kDataLoss) return s.status();
      spdlog::warn("snapshot {} is damaged and was skipped: {}", id.Short(), s.status().message());
      if (damaged != nullptr) damaged->push_back(id);
      continue;
    }
    out.push_back(std::move(*s));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Snapshot& a, const Snapshot& b) { return a.time < b.time; });
  return out;
}

Result<Snapshot> FindSnapshot(Repository& repo, std::string_view ref) {
  if (ref == "latest") {
    ARK_ASSIGN_OR_RETURN(std::vector<Snapshot> all, ListSnapshots(repo));
    if (all.empty()) return NotFound("the repository has no snapshots yet");
    return all.back();
  }
  if (ref.size() < 4 || ref.size() > 64 ||
      ref.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return InvalidArgument(
        "\"" + std::string(ref) +
        "\" is not a snapshot reference; give \"latest\" or at least 4 hex digits of an id");
  }
  ARK_ASSIGN_OR_RETURN(std::vector<Id> ids, repo.ListObjects(FileType::kSnapshot));
  std::vector<Id> matches;
  for (const Id& id : ids) {
    if (id.Hex().starts_with(ref)) matches.push_back(id);
  }
  if (matches.empty()) return NotFound("no snapshot has an id starting with " + std::string(ref));
  if (matches.size() > 1)
    return InvalidArgument("snapshot prefix " + std::string(ref) + " is ambiguous; give more digits");
  return LoadSnapshot(repo, matches.front());
}

Status RemoveSnapshot(Repository& repo, const Id& id) {
  return repo.backend().Remove(Handle{FileType::kSnapshot, id.Hex()});
}

Status SaveCheckpoint(Repository& repo, const Checkpoint& c) {
  if (repo.writing()) ARK_RETURN_IF_ERROR(repo.saver().Flush());
  nlohmann::ordered_json j;
  j["name"] = c.name;
  j["time"] = FormatSnapshotTime(c.time);
  if (c.tree) j["tree"] = c.tree->Hex();
  j["state"] = c.state;
  return repo.SaveObject(FileType::kCheckpoint, CheckpointId(c.name), j.dump());
}

namespace {

Result<Checkpoint> CheckpointFromBody(const std::string& body, const Id& id) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return DataLoss("checkpoint " + id.Short() + " is damaged");
  Checkpoint c;
  c.name = j.value("name", "");
  c.time = TimeFromJson(j, "time");
  if (auto t = j.find("tree"); t != j.end() && t->is_string()) c.tree = Id::FromHex(t->get<std::string>());
  c.state = j.value("state", nlohmann::json::object());
  return c;
}

}  // namespace

Result<std::optional<Checkpoint>> LoadCheckpoint(Repository& repo, std::string_view name) {
  Id id = CheckpointId(name);
  Result<std::string> body = repo.LoadObject(FileType::kCheckpoint, id);
  if (!body.ok()) {
    if (body.status().code() == StatusCode::kNotFound) return std::optional<Checkpoint>();
    return body.status();
  }
  ARK_ASSIGN_OR_RETURN(Checkpoint c, CheckpointFromBody(*body, id));
  return std::optional<Checkpoint>(std::move(c));
}

Result<std::vector<Checkpoint>> ListCheckpoints(Repository& repo) {
  ARK_ASSIGN_OR_RETURN(std::vector<Id> ids, repo.ListObjects(FileType::kCheckpoint));
  std::vector<Checkpoint> out;
  for (const Id& id : ids) {
    ARK_ASSIGN_OR_RETURN(std::string body, repo.LoadObject(FileType::kCheckpoint, id));
    ARK_ASSIGN_OR_RETURN(Checkpoint c, CheckpointFromBody(body, id));
    out.push_back(std::move(c));
  }
  return out;
}

Status RemoveCheckpoint(Repository& repo, std::string_view name) {
  return repo.backend().Remove(Handle{FileType::kCheckpoint, CheckpointId(name).Hex()});
}

}  // namespace ark::repo
