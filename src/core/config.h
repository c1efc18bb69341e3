// Ark365's configuration file: TOML, validated key by key.
//
// The file is optional: <home>/config.toml, or the file given with --config.
// Every key is declared once (config.cc) with its type, its accepted values
// and its default; an unknown key or a bad value is an error that names the
// file, the line, the key and what was expected. docs/configuration.md lists
// the keys. Command-line flags override the file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/log.h"
#include "core/status.h"

namespace ark {

struct Config {
  struct Log {
    // Unset means "warn", or "info" when a log file is set.
    std::optional<std::string> level;
    LogFormat format = LogFormat::kText;
    std::optional<std::string> file;
  };
  struct Repository {
    // Where the default local repository lives; <home>/repository when unset.
    std::optional<std::string> path;
  };
  struct Performance {
    // Mailboxes, drives and sites processed at the same time.
    int workers = 8;
    // Memory the repository write pipeline may use, in MiB.
    int memory_limit_mib = 256;
  };

  struct Network {
    // PEM bundle of trusted certificate authorities instead of the system's.
    std::optional<std::string> ca_file;
    // Proxy URL; unset means the environment's https_proxy/http_proxy.
    std::optional<std::string> proxy;
    // Hosts that bypass the proxy, overriding no_proxy.
    std::optional<std::string> no_proxy;
    int connect_timeout_seconds = 30;
    // A transfer that moves no byte for this long is aborted and retried.
    int stall_timeout_seconds = 60;
  };
  struct Microsoft {
    // The Microsoft identity platform (Entra ID) sign-in host.
    std::string authority_host = "https://login.microsoftonline.com";
    // Microsoft Graph's base URL, version included.
    std::string graph_base = "https://graph.microsoft.com/v1.0";
  };
  struct Throttling {
    // Microsoft's per-scope limits the Graph client paces itself under.
    int mailbox_concurrency = 4;
    int mailbox_requests_per_10_minutes = 10000;
    int sharepoint_resource_units_per_minute = 1250;
    int teams_requests_per_second = 4;
    int directory_resource_units_per_10_seconds = 3500;
    // The pace aimed at, as a percentage of each limit.
    int target_percent = 97;
    // Divides the time windows of the limits above; 1 for Microsoft's
    // service, more for a test service that runs its clock faster.
    int time_scale = 1;
  };

  Log log;
  Repository repository;
  Performance performance;
  Network network;
  Microsoft microsoft;
  Throttling throttling;

  // The file the values came from, or empty when only defaults are in effect.
  std::string source;
};

// One documented key of the configuration file.
struct ConfigKeyInfo {
  std::string key;       // "log.level"
  std::string expected;  // "one of: trace, debug, info, warn, error, off"
  std::string default_value;
  std::string description;
};

// Every key the file accepts, in the order of docs/configuration.md.
const std::vector<ConfigKeyInfo>& ConfigKeys();

// Parses TOML text. `origin` names the file in error messages.
Result<Config> ParseConfig(std::string_view toml_text, const std::string& origin);

// Reads and parses a file. A missing file is an error only if `must_exist`
// (an explicit --config); otherwise defaults are returned.
Result<Config> LoadConfig(const std::string& path, bool must_exist);

}  // namespace ark
