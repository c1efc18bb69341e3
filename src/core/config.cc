// Configuration loading: the table of keys, TOML parsing with toml++, validation.
#include "core/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <functional>

#include "core/file.h"

namespace ark {
namespace {

struct Field {
  ConfigKeyInfo info;
  // Stores the node's value into the config; false when the value is not
  // acceptable (the caller reports the location and `info.expected`).
  std::function<bool(const toml::node&, Config&)> apply;
};

Field StringEnumField(std::string key, std::vector<std::string> allowed, std::string def,
                      std::string description, const std::function<void(Config&, const std::string&)>& set) {
  std::string expected = "a string, one of:";
  for (size_t i = 0; i < allowed.size(); ++i) expected += (i ? ", " : " ") + allowed[i];
  ConfigKeyInfo info{std::move(key), expected, std::move(def), std::move(description)};
  return {info, [allowed, set](const toml::node& n, Config& c) {
            auto v = n.value<std::string>();
            if (!v || std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) return false;
            set(c, *v);
            return true;
          }};
}

Field PathField(std::string key, std::string description,
                const std::function<void(Config&, const std::string&)>& set) {
  ConfigKeyInfo info{std::move(key), "a non-empty string (a file system path)", "(unset)",
                     std::move(description)};
  return {info, [set](const toml::node& n, Config& c) {
            auto v = n.value<std::string>();
            if (!v || v->empty()) return false;
            set(c, *v);
            return true;
          }};
}

Field IntField(std::string key, int64_t min, int64_t max, int64_t def, std::string description,
               const std::function<void(Config&, int)>& set) {
  ConfigKeyInfo info{std::move(key), "an integer from " + std::to_string(min) + " to " + std::to_string(max),
                     std::to_string(def), std::move(description)};
  return {info, [min, max, set](const toml::node& n, Config& c) {
            if (!n.is_integer()) return false;
            int64_t v = *n.value<int64_t>();
            if (v < min || v > max) return false;
            set(c, static_cast<int>(v));
            return true;
          }};
}

// A string checked by `valid` (e.g. a URL with the right scheme).
Field StringField(std::string key, std::string expected, std::string def, std::string description,
                  const std::function<bool(const std::string&)>& valid,
                  const std::function<void(Config&, const std::string&)>& set) {
  ConfigKeyInfo info{std::move(key), std::move(expected), std::move(def), std::move(description)};
  return {info, [valid, set](const toml::node& n, Config& c) {
            auto v = n.value<std::string>();
            if (!v || !valid(*v)) return false;
            set(c, *v);
            return true;
          }};
}

bool IsHttpsUrl(const std::string& v) { return v.starts_with("https://") && v.size() > 8 && v.back() != '/'; }
bool IsProxyUrl(const std::string& v) {
  return v.find("://") != std::string::npos && v.find_first_of(" \t") == std::string::npos;
}
bool IsNonEmpty(const std::string& v) { return !v.empty(); }

const std::vector<Field>& Fields() {
  static const std::vector<Field> fields = {
      StringEnumField("log.level", {"trace", "debug", "info", "warn", "error", "off"},
                      "warn (info when log.file is set)", "Lowest level of messages written to the log.",
                      [](Config& c, const std::string& v) { c.log.level = v; }),
      StringEnumField("log.format", {"text", "json"}, "text",
                      "Format of the log file: readable text, or one JSON object per line.",
                      [](Config& c, const std::string& v) {
                        c.log.format = v == "json" ? LogFormat::kJson : LogFormat::kText;
                      }),
      PathField("log.file", "Append the log to this file (stderr then shows warnings and errors only).",
                [](Config& c, const std::string& v) { c.log.file = v; }),
      PathField("repository.path", "Directory of the default local repository (default <home>/repository).",
                [](Config& c, const std::string& v) { c.repository.path = v; }),
      IntField("performance.workers", 1, 256, 8, "Mailboxes, drives and sites backed up at the same time.",
               [](Config& c, int v) { c.performance.workers = v; }),
      IntField("performance.memory_limit_mib", 32, 65536, 256,
               "Memory the repository write pipeline may use, in MiB.",
               [](Config& c, int v) { c.performance.memory_limit_mib = v; }),
      PathField(
          "network.ca_file",
          "PEM bundle of the certificate authorities to trust instead of the system's (TLS verification "
          "is always on).",
          [](Config& c, const std::string& v) { c.network.ca_file = v; }),
      StringField("network.proxy", "a proxy URL such as \"http://proxy.example:3128\"", "(the environment's)",
                  "Proxy for every request to Microsoft; unset means https_proxy/http_proxy.", IsProxyUrl,
                  [](Config& c, const std::string& v) { c.network.proxy = v; }),
      StringField("network.no_proxy", "a non-empty string: comma-separated host names", "(the environment's)",
                  "Hosts reached without the proxy, overriding no_proxy.", IsNonEmpty,
                  [](Config& c, const std::string& v) { c.network.no_proxy = v; }),
      IntField("network.connect_timeout_seconds", 1, 600, 30, "Time allowed to connect (TCP and TLS).",
               [](Config& c, int v) { c.network.connect_timeout_seconds = v; }),
      IntField("network.stall_timeout_seconds", 1, 3600, 60,
               "A transfer that moves no byte for this long is aborted (and retried).",
               [](Config& c, int v) { c.network.stall_timeout_seconds = v; }),
      StringField("microsoft.authority_host", "an https:// URL without a trailing slash",
                  "https://login.microsoftonline.com", "The Microsoft identity platform's sign-in host.",
                  IsHttpsUrl, [](Config& c, const std::string& v) { c.microsoft.authority_host = v; }),
      StringField("microsoft.graph_base", "an https:// URL without a trailing slash",
                  "https://graph.microsoft.com/v1.0", "Microsoft Graph's base URL, version included.",
                  IsHttpsUrl, [](Config& c, const std::string& v) { c.microsoft.graph_base = v; }),
      IntField("throttling.mailbox_concurrency", 1, 16, 4,
               "Requests in flight per mailbox (Outlook's limit is 4).",
               [](Config& c, int v) { c.throttling.mailbox_concurrency = v; }),
      IntField("throttling.mailbox_requests_per_10_minutes", 1, 1000000, 10000,
               "Outlook's request limit per application and mailbox.",
               [](Config& c, int v) { c.throttling.mailbox_requests_per_10_minutes = v; }),
      IntField("throttling.sharepoint_resource_units_per_minute", 1, 10000000, 1250,
               "SharePoint and OneDrive resource units per application and tenant (grows with licences).",
               [](Config& c, int v) { c.throttling.sharepoint_resource_units_per_minute = v; }),
      IntField("throttling.teams_requests_per_second", 1, 10000, 4,
               "Teams requests per second per application and team or channel.",
               [](Config& c, int v) { c.throttling.teams_requests_per_second = v; }),
      IntField("throttling.directory_resource_units_per_10_seconds", 1, 10000000, 3500,
               "Directory (users, groups) resource units per application and tenant (3,500/5,000/8,000 by "
               "tenant size).",
               [](Config& c, int v) { c.throttling.directory_resource_units_per_10_seconds = v; }),
      IntField("throttling.target_percent", 10, 100, 97,
               "The pace the client aims at, in percent of each limit, to stay just under it.",
               [](Config& c, int v) { c.throttling.target_percent = v; }),
      IntField("throttling.time_scale", 1, 3600, 1,
               "Divides the time windows of the limits; 1 for Microsoft, more for a test service whose clock "
               "runs faster.",
               [](Config& c, int v) { c.throttling.time_scale = v; }),
  };
  return fields;
}

std::string Describe(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "the string \"" + *n.value<std::string>() + "\"";
    case toml::node_type::integer:
      return "the integer " + std::to_string(*n.value<int64_t>());
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return *n.value<bool>() ? "true" : "false";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    default:
      return "a date or time";
  }
}

std::string Where(const std::string& origin, const toml::node& n) {
  const auto& src = n.source();
  if (src.begin.line == 0) return origin;
  return origin + ":" + std::to_string(src.begin.line);
}

// Walks the document; fills `config` or returns the first error.
Status Apply(const toml::table& table, const std::string& prefix, const std::string& origin, Config& config) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const toml::table* sub = node.as_table()) {
      bool known_section = false;
      for (const Field& f : Fields()) {
        if (f.info.key.rfind(key + ".", 0) == 0) known_section = true;
      }
      if (!known_section) {
        return InvalidArgument(Where(origin, node) + ": unknown section [" + key +
                               "]; see docs/configuration.md for the accepted keys");
      }
      ARK_RETURN_IF_ERROR(Apply(*sub, key, origin, config));
      continue;
    }
    const Field* field = nullptr;
    for (const Field& f : Fields()) {
      if (f.info.key == key) field = &f;
    }
    if (field == nullptr) {
      std::string known;
      for (const Field& f : Fields()) {
        if (f.info.key.rfind(prefix.empty() ? "" : prefix + ".", 0) == 0) {
          known += (known.empty() ? "" : ", ") + f.info.key;
        }
      }
      return InvalidArgument(Where(origin, node) + ": unknown key '" + key + "'" +
                             (known.empty() ? "" : "; known keys here: " + known));
    }
    if (!field->apply(node, config)) {
      return InvalidArgument(Where(origin, node) + ": " + key + " = " + Describe(node) +
                             " is not valid; expected " + field->info.expected);
    }
  }
  return Status::Ok();
}

}  // namespace

const std::vector<ConfigKeyInfo>& ConfigKeys() {
  static const std::vector<ConfigKeyInfo> keys = [] {
    std::vector<ConfigKeyInfo> out;
    for (const Field& f : Fields()) out.push_back(f.info);
    return out;
  }();
  return keys;
}

Result<Config> ParseConfig(std::string_view toml_text, const std::string& origin) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(origin + ":" + std::to_string(e.source().begin.line) +
                           ": not valid TOML: " + std::string(e.description()));
  }
  Config config;
  ARK_RETURN_IF_ERROR(Apply(doc, "", origin, config));
  config.source = origin;
  return config;
}

Result<Config> LoadConfig(const std::string& path, bool must_exist) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound && !must_exist) return Config{};
    return text.status().Context("cannot read the configuration file");
  }
  return ParseConfig(*text, path);
}

}  // namespace ark
