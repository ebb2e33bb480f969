#include "gimp_batch.hpp"

#include <cstdlib>
#include <sstream>

namespace versus::testing {

namespace fs = std::filesystem;

namespace {

// Helpers every GIMP's Script-Fu can run; each GIMP adds its own drw, load and compare.
const std::string kCommonHelpers =
    "(define (say tag text) (gimp-message (string-append tag \" \" text)))"
    "(define (numbers v) (let loop ((i 0) (s \"\")) (if (= i (vector-length v)) s"
    "  (loop (+ i 1) (string-append s \" \" (number->string (vector-ref v i)))))))"
    "(define (say-compare tag a b)"
    "  (let ((r (compare a b)))"
    "    (say tag (string-append (number->string (car r)) \" \" (number->string (cadr r))"
    "                            (numbers (caddr r)) \" | \" (cadddr r)))))";

}  // namespace

const std::string kScriptFuHelpers =
    kCommonHelpers +
    "(define (drw img) (car (gimp-image-get-active-drawable img)))"
    "(define (load path) (car (gimp-file-load RUN-NONINTERACTIVE path path)))"
    "(define (compare a b) (plug-in-versus-compare RUN-NONINTERACTIVE a (drw a) b (drw b)))";

// GIMP 3: images have selected drawables (a vector), file-load takes the file alone, an
// image procedure takes its image's drawables as a vector, and plug-ins are called with
// named arguments (the ordered form still works, with a deprecation warning).
const std::string kScriptFu3Helpers =
    kCommonHelpers +
    "(define (drw img) (vector-ref (car (gimp-image-get-selected-drawables img)) 0))"
    "(define (load path) (car (gimp-file-load RUN-NONINTERACTIVE path)))"
    "(define (compare a b) (plug-in-versus-compare #:run-mode RUN-NONINTERACTIVE #:image a"
    "  #:drawables (vector (drw a)) #:image-b b #:drawable-b (drw b)))";

std::string BatchArguments(const std::vector<std::string>& commands, const std::string& helpers) {
  std::string arguments;
  for (const std::string& command : commands) arguments += " -b " + ShellQuoted("(begin " + helpers + " " + command + ")");
  return arguments;
}

bool HaveProgram(const std::string& program) {
  return std::system(("command -v " + program + " > /dev/null 2>&1").c_str()) == 0;
}

std::string ShellQuoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

GimpProfile::GimpProfile() : path_(dir_ / "profile") {
  // GIMP's first start (profile files, querying ~100 stock plug-ins) takes ~15 s; do
  // it once per build tree, under a lock so parallel tests wait for each other.
  const fs::path tests = fs::path(VERSUS_BINARY_DIR) / "tests";
  const fs::path model = tests / "gimp-profile-template";
  const std::string make_model =
      "flock " + ShellQuoted((tests / "gimp-profile-template.lock").string()) + " sh -c " +
      ShellQuoted("test -f '" + model.string() + "/ready' || { rm -rf '" + model.string() + "' && GIMP2_DIRECTORY='" +
                  model.string() + "' gimp -i -b '(gimp-quit 0)' && touch '" + model.string() + "/ready'; }");
  if (const CommandResult made = RunCommand(make_model); made.status != 0) {
    problem_ = "could not make a GIMP profile: " + made.err;
    return;
  }
  const CommandResult copied = RunCommand("cp -a " + ShellQuoted(model.string()) + " " + ShellQuoted(path_.string()));
  if (copied.status != 0) {
    problem_ = "could not copy the GIMP profile: " + copied.err;
    return;
  }
  const CommandResult installed = RunCommand(std::string(VERSUS_CMAKE_COMMAND) + " --install " +
                                             ShellQuoted(VERSUS_BINARY_DIR) + " --component gimp-plugin --prefix " +
                                             ShellQuoted(path_.string()));
  if (installed.status != 0) problem_ = "cmake --install --component gimp-plugin failed: " + installed.out + installed.err;
}

BatchRun RunGimpBatch(const GimpProfile& profile, const std::vector<std::string>& commands,
                      const std::string& environment, const std::string& wrapper) {
  // The redirection sits inside the group: RunCommand appends its own after it.
  const std::string line = "{ { GIMP2_DIRECTORY=" + ShellQuoted(profile.path().string()) + " " + environment + wrapper +
                           " gimp -i" + BatchArguments(commands, kScriptFuHelpers) + " -b '(gimp-quit 0)'; } 2>&1; }";
  BatchRun run;
  run.log = RunCommand(line).out;
  run.outcomes = ParseBatchOutcomes(run.log);
  return run;
}

std::vector<BatchOutcome> ParseBatchOutcomes(const std::string& log) {
  std::vector<BatchOutcome> outcomes;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    if (line == "batch command executed successfully") {
      outcomes.push_back({true, ""});
    } else if (line == "batch command experienced an execution error:") {
      BatchOutcome failed;
      while (std::getline(lines, line) && !line.empty()) failed.error += line + "\n";
      outcomes.push_back(failed);
    }
  }
  return outcomes;
}

std::string TextAfter(const std::string& log, const std::string& tag) {
  const std::string marker = tag + " ";
  const auto at = log.find(marker);
  if (at == std::string::npos) return "";
  const auto start = at + marker.size();
  return log.substr(start, log.find('\n', start) - start);
}

std::vector<double> NumbersAfter(const std::string& log, const std::string& tag) {
  std::istringstream in(TextAfter(log, tag));
  std::vector<double> numbers;
  for (double x; in >> x;) numbers.push_back(x);
  return numbers;
}

}  // namespace versus::testing
