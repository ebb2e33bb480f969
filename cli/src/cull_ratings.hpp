#pragma once
// `versus cull --action label|reject`: the keepers get a colour label, or every other
// member of a group gets xmp:Rating -1 (rejected), through the same XMP writer as
// `versus rate` (engine::RatingWriter: atomic, every other tag kept, user ratings kept).
#include <cstdio>
#include <string>
#include <vector>

namespace versus::cli {

enum class CullMark { kLabelKeepers, kRejectOthers };

/// The colour label `--action label` gives keepers: Lightroom's and Bridge's default
/// "Green", which digiKam reads as its green colour label.
inline constexpr const char* kKeeperLabel = "Green";

/// Writes the marks (keepers: the kept paths; rejects: every other member of a group);
/// with `dry_run` only says what would change. Prints one line per file to `report`
/// (stderr under --json, so stdout stays one JSON document); returns an exit code
/// (commands.hpp): some files not written = kExitSomeFailed.
int ApplyRatings(CullMark mark, const std::vector<std::string>& keepers, const std::vector<std::string>& rejects,
                 bool dry_run, std::FILE* report);

}  // namespace versus::cli
