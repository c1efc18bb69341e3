// Job records: what each backup run did (counts, bytes, duration, warnings, errors per user), kept as one
// JSON file per job in <home>/jobs/ for `ark365 backup jobs` and `backup show`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "backup/backup_run.h"
#include "core/status.h"

namespace ark::backup {

// The record of a run: a finished run's report, or a failed run's error.
nlohmann::json JobRecordJson(const BackupReport& report, const std::string& status, const std::string& error);

// Writes <dir>/<job id>.json (replacing the record of an earlier attempt of the same job).
Status SaveJobRecord(const std::string& dir, const nlohmann::json& record);
// Every record, oldest first; only those of `set` (name or id) when not empty.
Result<std::vector<nlohmann::json>> ListJobRecords(const std::string& dir, const std::string& set);
// A record by job id or unique prefix.
Result<nlohmann::json> LoadJobRecord(const std::string& dir, const std::string& job);

}  // namespace ark::backup
