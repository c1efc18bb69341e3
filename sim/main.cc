// m365sim: command-line entry point of the Microsoft 365 emulator (docs/m365sim.md).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

namespace {

int Main(int argc, char** argv) {
  CLI::App app{"m365sim: a local emulator of the Microsoft identity platform and Microsoft Graph", "m365sim"};
  bool version = false;
  app.add_flag("--version", version, "Print the version");
  app.require_subcommand(0, 1);
  auto* serve = app.add_subcommand("serve", "Start the emulator");
  CLI11_PARSE(app, argc, argv);
  if (version) {
    std::cout << "m365sim 0.1.0\n";
    return 0;
  }
  if (serve->parsed()) {
    std::cerr << "m365sim: error: the emulator's server is not built yet (issue: m365sim, part 1)\n";
    return 1;
  }
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
