// `versus`: one table of subcommands, each a name, a one-line summary and a handler.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string_view>

#include "commands.hpp"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);
};

constexpr Command kCommands[] = {
    {"rank", "rank every image in files or folders by technical quality", versus::cli::RunRank},
    {"compare", "say which of 2-4 images is better, per dimension and why", versus::cli::RunCompare},
    {"rate", "write star ratings (xmp:Rating) from the ranking, embedded or in sidecars", versus::cli::RunRate},
    {"fit", "fit scores to pairwise outcomes from a CSV (Bradley-Terry or Thurstone)", versus::cli::RunFit},
    {"cull", "group near-duplicates and bursts, keep the best of each", versus::cli::RunCull},
    {"sort", "file photos into star folders (or by rank), with an undo journal", versus::cli::RunSort},
    {"undo", "put back every file a sort or cull --action move moved", versus::cli::RunUndo},
    {"report", "write an HTML contact sheet: ranking, cull groups, errors (offline, one file)", versus::cli::RunReport},
};

void PrintHelp(std::FILE* out) {
  std::fprintf(out,
               "versus: compare photos by technical quality, pair by pair, and turn the\n"
               "comparisons into scores, ranks and stars.\n\n"
               "usage: versus <command> [options]   (versus <command> --help for details)\n\n"
               "commands:\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %-9s %s\n", c.name, c.summary);
  std::fprintf(out,
               "\nexample: versus rank ~/shoot -r --json > ranking.json\n\n"
               "exit codes: 0 all fine, 1 usage error, 2 finished but some inputs failed,\n"
               "            3 could not run at all\n");
}

// A bug that escapes a command must still unwind: folder locks and temp files are
// released by destructors, which std::terminate would skip.
int RunGuarded(const Command& c, int argc, char** argv) {
  try {
    return c.run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "versus %s: internal error: %s\n", c.name, e.what());
    return versus::cli::kExitFailed;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintHelp(stderr);
    return versus::cli::kExitUsage;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintHelp(stdout);
    return versus::cli::kExitOk;
  }
  if (name == "--version") {
    std::printf("versus %s\n", VERSUS_VERSION);
    return versus::cli::kExitOk;
  }
  for (const Command& c : kCommands) {
    if (name == c.name) return RunGuarded(c, argc - 1, argv + 1);
  }
  std::fprintf(stderr, "versus: unknown command '%s' (see versus --help)\n", argv[1]);
  return versus::cli::kExitUsage;
}
