#pragma once
// The seam between `versus cull` and the XMP rating writer of `versus rate` (issue 5,
// built on another branch): `cull --action label` marks the keepers, `--action reject`
// sets xmp:Rating -1 on the rest. Until the writer is merged, ApplyRatings refuses.
#include <string>
#include <vector>

namespace versus::cli {

enum class RatingAction { kLabel, kReject };

/// Writes the ratings for `action` (keepers: the kept paths; rejects: every other
/// member of a group); with `dry_run` only prints what would change. Returns an exit
/// code (commands.hpp). Today: always kExitUsage with "not available yet".
int ApplyRatings(RatingAction action, const std::vector<std::string>& keepers, const std::vector<std::string>& rejects,
                 bool dry_run);

}  // namespace versus::cli
