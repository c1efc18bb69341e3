// m365sim: command-line entry point of the Microsoft 365 emulator (docs/m365sim.md).
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "core/log.h"
#include "serve/emulator.h"
#include "tenant/generator.h"
#include "workloads/command_line.h"

namespace {

// Blocks SIGINT and SIGTERM in every thread (call before any thread starts);
// the main thread then waits for them with sigwait.
sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int Serve(m365sim::ServeOptions options, const std::string& size, const std::string& log_level) {
  ark::LogOptions log;
  log.level = log_level;
  if (auto s = ark::InitLogging(log); !s.ok()) {
    std::cerr << "m365sim: error: " << s.message() << "\n";
    return 2;
  }
  auto users = m365sim::tenant::ParseTenantSize(size);
  if (!users.ok()) {
    std::cerr << "m365sim: error: " << users.status().message() << "\n";
    return 2;
  }
  options.users = *users;
  sigset_t signals = BlockStopSignals();
  auto emulator = m365sim::Emulator::Start(options);
  if (!emulator.ok()) {
    std::cerr << "m365sim: error: " << emulator.status().ToString() << "\n";
    return 1;
  }
  std::cerr << "m365sim: ready (" << (*emulator)->EndpointsFile() << ")\n";
  int signal = 0;
  sigwait(&signals, &signal);
  std::cerr << "m365sim: stopping (" << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ")\n";
  (*emulator)->Stop();
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App app{"m365sim: a local emulator of the Microsoft identity platform and Microsoft Graph", "m365sim"};
  bool version = false;
  app.add_flag("--version", version, "Print the version");
  app.require_subcommand(0, 1);
  auto* serve = app.add_subcommand("serve", "Start the emulator; writes <state>/endpoints.json when ready");
  m365sim::ServeOptions options;
  std::string size = "small";
  std::string log_level = "info";
  serve->add_option("--state", options.state_dir, "State directory: CA, keys, endpoints.json")->required();
  serve->add_option("--seed", options.seed, "Seed of the generated tenant (same seed, same tenant)")
      ->capture_default_str();
  serve
      ->add_option("--tenant-size", size,
                   "tiny (3 users), small (25), medium (250), large (2500) or a number")
      ->capture_default_str();
  serve->add_option("--listen-host", options.listen_host, "Address of the three listeners")
      ->capture_default_str();
  serve->add_option("--login-port", options.login_port,
                    "Port of the identity listener (0: chosen by the system)");
  serve->add_option("--graph-port", options.graph_port,
                    "Port of the Graph listener (0: chosen by the system)");
  serve->add_option("--files-port", options.files_port,
                    "Port of the download/upload listener (0: chosen by the system)");
  serve->add_option("--threads", options.threads, "Server threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve
      ->add_option("--token-lifetime", options.token_lifetime_seconds,
                   "Access-token lifetime in seconds (default: Entra's random 60-90 minutes)")
      ->check(CLI::Range(1, 86400));
  serve
      ->add_option("--device-code-interval", options.device_code_interval_seconds,
                   "Polling interval announced by the device code flow, in seconds")
      ->check(CLI::Range(0, 60))
      ->capture_default_str();
  serve
      ->add_option("--device-code-lifetime", options.device_code_lifetime_seconds,
                   "Lifetime of a device code, in seconds")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  m365sim::workloads::AddCommandLineOptions(*serve, options.workloads);
  serve->add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (version) {
    std::cout << "m365sim 0.1.0\n";
    return 0;
  }
  if (serve->parsed()) return Serve(options, size, log_level);
  std::cout << app.help();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "m365sim: internal error: %s\n", e.what());
    return 1;
  }
}
