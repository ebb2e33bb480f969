#pragma once
// Where versus finds the files it ships (the learned judge's module, model data): the
// install layout bin/, lib/versus/, share/versus/, which the build tree copies
// (build/bin, build/lib/versus, build/share/versus), so the same lookup works in both.
#include <filesystem>

namespace versus::engine {

/// The folder of the running executable (/proc/self/exe), or an empty path when the
/// link cannot be read.
std::filesystem::path ExecutableDirectory();

/// <executable dir>/../`relative`, normalised, e.g. InstalledFile("share/versus/models");
/// `relative` itself (against the working folder) when the executable cannot be found.
std::filesystem::path InstalledFile(const std::filesystem::path& relative);

}  // namespace versus::engine
