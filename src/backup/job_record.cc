// Job records as JSON files.
#include "backup/job_record.h"

#include <algorithm>
#include <filesystem>

#include "core/file.h"
#include "core/time.h"

namespace ark::backup {

using nlohmann::json;

json JobRecordJson(const BackupReport& r, const std::string& status, const std::string& error) {
  json users = json::array();
  for (const UserReport& u : r.user_reports) {
    json errors = json::array();
    for (const FailedItem& f : u.errors) {
      errors.push_back({{"collection", f.collection}, {"id", f.id}, {"what", f.what}, {"reason", f.reason}});
    }
    json user = {{"id", u.id},       {"upn", u.upn},           {"items", u.items},
                 {"bytes", u.bytes}, {"warnings", u.warnings}, {"errors", errors}};
    if (!u.error.empty()) user["error"] = u.error;
    if (u.skipped) user["finished_earlier"] = true;
    users.push_back(std::move(user));
  }
  json j = {{"job_id", r.job_id},
            {"set_id", r.set_id},
            {"set", r.set_name},
            {"status", status},
            {"snapshot", r.snapshot_id},
            {"parent", r.parent_id},
            {"resumed", r.resumed},
            {"started", FormatRfc3339(r.started)},
            {"finished", FormatRfc3339(r.finished)},
            {"duration_seconds", std::chrono::duration<double>(r.finished - r.started).count()},
            {"users", r.users},
            {"sites", r.sites},
            {"teams", r.teams},
            {"items", r.items},
            {"bytes", r.bytes},
            {"added_bytes", r.added_bytes},
            {"failed_items", r.failed_items},
            {"requests", r.requests},
            {"retries", r.retries},
            {"throttled", r.throttled},
            {"checkpoints", r.checkpoints},
            {"warnings", r.warnings},
            {"per_user", users}};
  if (!error.empty()) j["error"] = error;
  return j;
}

Status SaveJobRecord(const std::string& dir, const json& record) {
  ARK_RETURN_IF_ERROR(EnsureDirectory(dir, 0700));
  return WriteFileAtomic(dir + "/" + record.value("job_id", "unknown") + ".json", record.dump(2) + "\n");
}

Result<std::vector<json>> ListJobRecords(const std::string& dir, const std::string& set) {
  std::vector<json> records;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return records;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    ARK_ASSIGN_OR_RETURN(std::string text, ReadFile(entry.path().string()));
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) continue;  // a damaged record is not worth failing the listing
    if (!set.empty() && j.value("set", "") != set && j.value("set_id", "") != set) continue;
    records.push_back(std::move(j));
  }
  std::sort(records.begin(), records.end(),
            [](const json& a, const json& b) { return a.value("started", "") < b.value("started", ""); });
  return records;
}

Result<json> LoadJobRecord(const std::string& dir, const std::string& job) {
  ARK_ASSIGN_OR_RETURN(std::vector<json> records, ListJobRecords(dir, ""));
  std::vector<json> matches;
  for (json& r : records) {
    if (r.value("job_id", "").starts_with(job)) matches.push_back(std::move(r));
  }
  if (matches.empty()) return NotFound("no backup job " + job + "; `ark365 backup jobs` lists them");
  if (matches.size() > 1)
    return InvalidArgument("job id prefix " + job + " is ambiguous; give more characters");
  return matches.front();
}

}  // namespace ark::backup
