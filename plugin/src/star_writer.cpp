#include "star_writer.hpp"

#include "edit_comparison.hpp"
#include "versus/engine/xmp_rating.hpp"

namespace versus::plugin {

StarWriter RatingWriter() {
  return [](const std::filesystem::path& image_file, int stars) {
    engine::RatingWriter writer(engine::RatingWriteOptions{});
    engine::RatingValues values;
    values.stars = stars;
    values.judge = kPluginJudge;
    const engine::RatingWriteResult r = writer.Write(image_file, values);
    if (r.action != engine::RatingAction::kWritten) return "left alone: " + r.reason;
    return std::to_string(stars) + " stars written to " + r.target_file.string();
  };
}

}  // namespace versus::plugin
