// plug-in-versus-rank in GIMP 3: every open image (as displayed, unsaved edits
// included), best first. A plain procedure (run-mode only), enabled with no image open.
#include "gimp_pixels.hpp"
#include "procedures.hpp"
#include "rank_dialog.hpp"

namespace versus::plugin {
namespace {

GimpValueArray* RankValues(GimpProcedure* procedure, const Ranking& ranking, const std::vector<GimpImage*>& images,
                           const std::vector<std::string>& labels) {
  std::vector<gint32> ids, stars;
  std::vector<double> scores;
  for (const RankedImage& r : ranking.best_first) {
    ids.push_back(gimp_image_get_id(images[r.input_index]));
    scores.push_back(r.score);
    stars.push_back(r.stars);
  }
  // The counts before each array keep GIMP 2.10's order of return values.
  GimpValueArray* values = gimp_procedure_new_return_values(procedure, GIMP_PDB_SUCCESS, nullptr);
  GIMP_VALUES_SET_INT(values, 1, gint(ids.size()));
  GIMP_VALUES_SET_INT32_ARRAY(values, 2, ids.data(), gsize(ids.size()));
  GIMP_VALUES_SET_INT(values, 3, gint(scores.size()));
  GIMP_VALUES_SET_DOUBLE_ARRAY(values, 4, scores.data(), gsize(scores.size()));
  GIMP_VALUES_SET_INT(values, 5, gint(stars.size()));
  GIMP_VALUES_SET_INT32_ARRAY(values, 6, stars.data(), gsize(stars.size()));
  GIMP_VALUES_SET_STRING(values, 7, RankingText(ranking, labels).c_str());
  return values;
}

GimpValueArray* RunRank(GimpProcedure* procedure, GimpProcedureConfig* config, gpointer) {
  return RunGuarded(procedure, [&]() -> GimpValueArray* {
    GimpRunMode run_mode = GIMP_RUN_NONINTERACTIVE;
    g_object_get(config, "run-mode", &run_mode, nullptr);
    const std::vector<GimpImage*> images = OpenImages();
    std::vector<std::string> labels;
    for (GimpImage* image : images) labels.push_back(ImageLabel(image));
    const EditJudge judge;
    const Ranking ranking = judge.RankEdits(images.size(), [&](std::size_t i) { return ReadImage(images[i]); });
    if (run_mode == GIMP_RUN_INTERACTIVE) RunRankDialog(ranking, images, labels);
    return RankValues(procedure, ranking, images, labels);
  });
}

}  // namespace

GimpProcedure* CreateRank(GimpPlugIn* plug_in) {
  GimpProcedure* procedure =
      gimp_procedure_new(plug_in, kRankProcedure, GIMP_PDB_PROC_TYPE_PLUGIN, RunRank, nullptr, nullptr);
  gimp_procedure_set_sensitivity_mask(procedure, GIMP_PROCEDURE_SENSITIVE_ALWAYS);
  Describe(procedure, kRankBlurb, kRankHelp, kRankMenuLabel);
  gimp_procedure_add_enum_argument(procedure, "run-mode", "Run mode", kRunModeBlurb, GIMP_TYPE_RUN_MODE,
                                   GIMP_RUN_INTERACTIVE, G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value(procedure, "num-images", "Number of images", kNumImagesBlurb, 0, G_MAXINT, 0,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_int32_array_return_value(procedure, "image-ids", "Image IDs", kImageIdsBlurb, G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value(procedure, "num-scores", "Number of scores", kNumScoresBlurb, 0, G_MAXINT, 0,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_double_array_return_value(procedure, "scores", "Scores", kScoresBlurb, G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value(procedure, "num-stars", "Number of star ratings", kNumStarsBlurb, 0, G_MAXINT,
                                      0, G_PARAM_READWRITE);
  gimp_procedure_add_int32_array_return_value(procedure, "stars", "Stars", kStarsBlurb, G_PARAM_READWRITE);
  gimp_procedure_add_string_return_value(procedure, "summary", "Summary", kSummaryBlurb, "", G_PARAM_READWRITE);
  return procedure;
}

}  // namespace versus::plugin
