#pragma once
// The subcommands of `versus`, one file each (<name>_command.cpp), listed once in
// main.cpp's table. Each receives argv starting at its own name and returns an exit code.
namespace versus::cli {

/// Exit codes every subcommand keeps (documented in cli/README.md and `versus --help`).
enum ExitCode : int {
  kExitOk = 0,           ///< everything asked for was done
  kExitUsage = 1,        ///< bad flags or arguments; nothing was done
  kExitSomeFailed = 2,   ///< finished, but some inputs could not be used (see errors)
  kExitFailed = 3,       ///< could not run at all (e.g. no usable input, missing model)
};

int RunRank(int argc, char** argv);
int RunCompare(int argc, char** argv);
int RunFit(int argc, char** argv);
int RunRate(int argc, char** argv);
int RunCull(int argc, char** argv);
int RunSort(int argc, char** argv);
int RunUndo(int argc, char** argv);
int RunReport(int argc, char** argv);

}  // namespace versus::cli
