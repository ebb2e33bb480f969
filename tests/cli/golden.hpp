#pragma once
// Golden files for the CLI's contracts (OpenImageIO's testsuite/<name>/ref): a case runs
// one `versus` command on inputs made in a temp folder and compares its exit code and
// output with tests/cli/golden/<case>.json. Structure is compared exactly (field names,
// value types, array lengths and order, strings, integers such as ranks and stars);
// floating-point numbers within a tolerance the case states. Temp paths are written as
// $TMP, undo journals' time stamps as TIME. VERSUS_UPDATE_GOLDEN=1 rewrites the files
// instead of comparing (tests/README.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_support.hpp"

namespace versus::testing::golden {

namespace fs = std::filesystem;
using nlohmann::json;

/// Two floats are equal when |a - b| <= absolute + relative * max(|a|, |b|).
struct Tolerance {
  double relative = 0;
  double absolute = 0;
};

inline std::string KindOf(const json& v) {
  if (v.is_number_float()) return "float";
  if (v.is_number()) return "integer";  // signed or unsigned: the same JSON integer
  return v.type_name();
}

inline std::string Show(const json& v) {
  std::string text = v.dump();
  return text.size() > 120 ? text.substr(0, 117) + "..." : text;
}

/// Every difference between `expected` and `actual`, one line each, starting with the
/// JSON pointer of the value (e.g. `/stdout/images/0/rank: expected 1, got 2`).
inline void Diff(const json& expected, const json& actual, const Tolerance& tolerance, const std::string& where,
                 std::vector<std::string>* differences) {
  const std::string at = where.empty() ? "/" : where;
  if (KindOf(expected) != KindOf(actual)) {
    differences->push_back(at + ": expected " + KindOf(expected) + " " + Show(expected) + ", got " + KindOf(actual) +
                           " " + Show(actual));
    return;
  }
  if (expected.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key)) {
        differences->push_back(where + "/" + key + ": missing field");
        continue;
      }
      Diff(value, actual.at(key), tolerance, where + "/" + key, differences);
    }
    for (const auto& [key, value] : actual.items()) {
      if (!expected.contains(key)) differences->push_back(where + "/" + key + ": unexpected field " + Show(value));
    }
    return;
  }
  if (expected.is_array()) {
    if (expected.size() != actual.size()) {
      differences->push_back(at + ": expected " + std::to_string(expected.size()) + " elements, got " +
                             std::to_string(actual.size()) + ": " + Show(actual));
    }
    for (std::size_t i = 0; i < std::min(expected.size(), actual.size()); ++i) {
      Diff(expected[i], actual[i], tolerance, where + "/" + std::to_string(i), differences);
    }
    return;
  }
  if (expected.is_number_float()) {
    const double e = expected.get<double>(), a = actual.get<double>();
    const double allowed = tolerance.absolute + tolerance.relative * std::max(std::abs(e), std::abs(a));
    if (!(std::abs(e - a) <= allowed)) {
      std::ostringstream line;
      line.precision(17);
      line << at << ": expected " << e << ", got " << a << " (allowed difference " << allowed << ")";
      differences->push_back(line.str());
    }
    return;
  }
  if (expected != actual) differences->push_back(at + ": expected " + Show(expected) + ", got " + Show(actual));
}

/// `text` with each temp folder written as $TMP and undo journals' time stamps as TIME.
inline std::string NormalizeText(std::string text, const std::vector<std::string>& temp_folders) {
  for (const std::string& folder : temp_folders) {
    for (std::size_t at = text.find(folder); at != std::string::npos; at = text.find(folder, at + 4)) {
      text.replace(at, folder.size(), "$TMP");
    }
  }
  static const std::regex journal_time(R"(\.versus-journal-[0-9]{8}T[0-9]{6}(\.[0-9]+)?Z(-[0-9]+)?\.jsonl)");
  return std::regex_replace(text, journal_time, ".versus-journal-TIME.jsonl");
}

inline json Normalize(const json& value, const std::vector<std::string>& temp_folders) {
  if (value.is_string()) return NormalizeText(value.get<std::string>(), temp_folders);
  if (value.is_array()) {
    json out = json::array();
    for (const auto& element : value) out.push_back(Normalize(element, temp_folders));
    return out;
  }
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, element] : value.items()) out[NormalizeText(key, temp_folders)] = Normalize(element, temp_folders);
    return out;
  }
  return value;
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// What a command's output is compared as: its stdout as one JSON document; stdout and
/// stderr as lists of lines (`undo`, which has no --json); or, for a usage error (exit 1,
/// the message then the whole --help), stdout and the first line of stderr.
enum class Output { kJson, kText, kUsageError };

/// One golden case: `args` follow `versus` and name the temp folder as $TMP.
struct Case {
  std::string name;  // tests/cli/golden/<name>.json
  std::string args;
  Tolerance tolerance;
  Output output = Output::kJson;
};

inline fs::path GoldenFile(const std::string& name) {
  return fs::path(VERSUS_SOURCE_DIR) / "tests" / "cli" / "golden" / (name + ".json");
}

inline bool UpdatingGoldens() {
  const char* update = std::getenv("VERSUS_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

/// Runs the case in `temp` and returns what its golden file holds: the command, exit
/// code and normalised output.
inline json RunCase(const Case& c, const fs::path& temp) {
  std::vector<std::string> folders = {temp.string()};
  const std::string canonical = fs::canonical(temp).string();
  if (canonical != folders[0]) folders.push_back(canonical);
  std::string args = c.args;
  for (std::size_t at = args.find("$TMP"); at != std::string::npos; at = args.find("$TMP", at)) {
    args.replace(at, 4, temp.string());
  }
  const CommandResult r = RunCommand(Versus() + " " + args);
  json doc = {{"command", NormalizeText("versus " + c.args, {})}, {"exit_code", r.status}};
  if (c.output == Output::kText) {
    doc["stdout_lines"] = Normalize(Lines(r.out), folders);
    doc["stderr_lines"] = Normalize(Lines(r.err), folders);
    return doc;
  }
  if (c.output == Output::kUsageError) {
    doc["stdout_lines"] = Normalize(Lines(r.out), folders);
    doc["stderr_first_line"] = Normalize(Lines(r.err).empty() ? "" : Lines(r.err).front(), folders);
    return doc;
  }
  try {
    doc["stdout"] = Normalize(json::parse(r.out), folders);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "stdout is not JSON (" << e.what() << "): " << r.out << "\nstderr: " << r.err;
  }
  return doc;
}

/// Runs the case and compares with its golden file (or rewrites it under
/// VERSUS_UPDATE_GOLDEN=1). Returns the run's document for further checks.
inline json ExpectMatchesGolden(const Case& c, const fs::path& temp) {
  const json actual = RunCase(c, temp);
  const fs::path file = GoldenFile(c.name);
  if (UpdatingGoldens()) {
    std::ofstream(file) << actual.dump(2) << "\n";
    std::cout << "updated " << file << "\n";
    return actual;
  }
  std::ifstream in(file);
  if (!in) {
    ADD_FAILURE() << file << " is missing; make it with VERSUS_UPDATE_GOLDEN=1 (tests/README.md). This run gave:\n"
                  << actual.dump(2);
    return actual;
  }
  const json expected = json::parse(in);
  std::vector<std::string> differences;
  Diff(expected, actual, c.tolerance, "", &differences);
  std::string report;
  for (const std::string& d : differences) report += "  " + d + "\n";
  EXPECT_TRUE(differences.empty()) << c.name << ": " << differences.size() << " difference(s) from " << file << ":\n"
                                   << report << "(float tolerance: relative " << c.tolerance.relative
                                   << ", absolute " << c.tolerance.absolute
                                   << "; if the change is intended, rerun with VERSUS_UPDATE_GOLDEN=1 and review "
                                      "the diff of tests/cli/golden)";
  return actual;
}

}  // namespace versus::testing::golden
