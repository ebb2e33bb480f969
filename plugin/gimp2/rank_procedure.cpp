// plug-in-versus-rank: every open image (as displayed, unsaved edits included), best first.
#include "gimp_pixels.hpp"
#include "procedures.hpp"
#include "rank_dialog.hpp"

namespace versus::plugin {
namespace {

std::vector<gint32> OpenImages() {
  gint count = 0;
  gint* ids = gimp_image_list(&count);
  std::vector<gint32> images(ids, ids + count);
  g_free(ids);
  return images;
}

}  // namespace

void RegisterRank() {
  auto* t = PdbText;
  InstallProcedure({
      kRankProcedure,
      kRankBlurb,
      kRankHelp,
      kRankMenuLabel,
      "",
      {{GIMP_PDB_INT32, t("run-mode"), t(kRunModeBlurb)}},
      {{GIMP_PDB_INT32, t("num-images"), t(kNumImagesBlurb)},
       {GIMP_PDB_INT32ARRAY, t("image-ids"), t(kImageIdsBlurb)},
       {GIMP_PDB_INT32, t("num-scores"), t(kNumScoresBlurb)},
       {GIMP_PDB_FLOATARRAY, t("scores"), t(kScoresBlurb)},
       {GIMP_PDB_INT32, t("num-stars"), t(kNumStarsBlurb)},
       {GIMP_PDB_INT32ARRAY, t("stars"), t(kStarsBlurb)},
       {GIMP_PDB_STRING, t("summary"), t(kSummaryBlurb)}},
  });
}

void RunRank(const GimpParam* params, gint count, ReturnValues& out) {
  if (count < 1) throw engine::Error("plug-in-versus-rank takes 1 argument (run-mode), got none");
  const std::vector<gint32> images = OpenImages();
  std::vector<std::string> labels;
  for (gint32 id : images) labels.push_back(ImageLabel(id));
  const EditJudge judge;
  const Ranking ranking = judge.RankEdits(images.size(), [&](std::size_t i) { return ReadImage(images[i]); });

  std::vector<gint32> ids, stars;
  std::vector<double> scores;
  for (const RankedImage& r : ranking.best_first) {
    ids.push_back(images[r.input_index]);
    scores.push_back(r.score);
    stars.push_back(r.stars);
  }
  if (GimpRunMode(params[0].data.d_int32) == GIMP_RUN_INTERACTIVE) RunRankDialog(ranking, images, labels);
  out.AddIntArray(ids);
  out.AddFloatArray(scores);
  out.AddIntArray(stars);
  out.AddString(RankingText(ranking, labels));
}

}  // namespace versus::plugin
