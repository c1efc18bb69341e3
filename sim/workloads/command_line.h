// The `m365sim serve` flags of part 2: throttling, content sizes, URL lifetimes (docs/m365sim.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "throttle/limits.h"
#include "workloads/options.h"

namespace m365sim::workloads {

// Adds the flags to `serve`; parsing fills `options`.
inline void AddCommandLineOptions(CLI::App& serve, WorkloadOptions& options) {
  serve.add_option("--time-scale", options.limits.time_scale,
                   "Divide every throttling window by this (60: ten minutes pass in ten seconds)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve.add_option_function<std::string>(
           "--throttling",
           [&options](const std::string& v) { options.limits.enabled = v == "on"; },
           "Apply Microsoft's throttling limits: on or off (default on)")
      ->check(CLI::IsMember({"on", "off"}));
  serve.add_option_function<std::string>(
           "--retry-after-format",
           [&options](const std::string& v) { throttle::ParseRetryAfterFormat(v, &options.limits.retry_after_format); },
           "Form of Retry-After on 429s: integer, fractional or http-date (default integer)")
      ->check(CLI::IsMember({"integer", "fractional", "http-date"}));
  serve.add_option("--max-file-size", options.max_file_size, "Largest ordinary generated file, in bytes (default 8 MiB)");
  serve.add_option("--huge-file-size", options.huge_file_size,
                   "Size of the very large files generated on demand, in bytes (default 120 MiB)");
  serve.add_option("--huge-files", options.huge_files, "How many very large files the tenant has (default 1)");
  serve.add_flag("--personal-sites-app-only", options.personal_sites_app_only,
                 "Let app-only tokens read personal (-my) sites (default: refused, as in Modern mode)");
  serve.add_option("--download-url-lifetime", options.download_url_lifetime_s,
                   "Lifetime of pre-authenticated download URLs, in seconds")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  serve.add_option("--upload-session-lifetime", options.upload_session_lifetime_s,
                   "Idle lifetime of upload sessions, in seconds")
      ->check(CLI::Range(1, 86400 * 7))
      ->capture_default_str();
}

}  // namespace m365sim::workloads
