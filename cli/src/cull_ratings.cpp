#include "cull_ratings.hpp"

#include <cstdio>

#include "commands.hpp"

namespace versus::cli {

int ApplyRatings(RatingAction action, const std::vector<std::string>& /*keepers*/,
                 const std::vector<std::string>& /*rejects*/, bool /*dry_run*/) {
  // Wired to the rating writer of `versus rate` when that branch is merged.
  std::fprintf(stderr,
               "versus cull: --action %s is not available yet: it needs the XMP rating writer of `versus rate`; "
               "use --action move DIR, or no --action to report only\n",
               action == RatingAction::kLabel ? "label" : "reject");
  return kExitUsage;
}

}  // namespace versus::cli
