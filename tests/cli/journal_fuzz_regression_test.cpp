// Inputs fuzz/ found that broke a parser, replayed through the product (the fuzz run
// replays them under the sanitizers too: they sit in fuzz/corpus/<target>/).
#include <gtest/gtest.h>

#include "shoot_fixture.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;

// A journal line with "size": 1.2e21 was cast to an integer with undefined behaviour
// (fuzz/move_journal_fuzzer, UBSan); now it is a bad line, named, and nothing moves.
TEST(UndoCli, JournalNumberOutOfRangeIsABadLineNotACast) {
  TempDir dir;
  const fs::path journal = dir / ".versus-journal-fuzz.jsonl";
  fs::copy_file(fs::path(VERSUS_SOURCE_DIR) / "fuzz/corpus/move_journal/regression-float-size.jsonl", journal);
  const auto before = Snapshot(dir.path());
  const CommandResult u = RunCommand(Versus() + " undo " + Quote(journal));
  EXPECT_NE(u.status, 0);
  EXPECT_NE(u.err.find("line 2 is not a journal entry ('size' is not a whole number in range)"), std::string::npos)
      << u.err;
  EXPECT_EQ(Snapshot(dir.path()), before) << "nothing touched";
}

}  // namespace
}  // namespace versus::testing
