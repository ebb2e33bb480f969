#include "rank_dialog.hpp"

#include "dialog_support.hpp"
#include "gimp_pixels.hpp"
#include "procedures.hpp"
#include "star_writer.hpp"

namespace versus::plugin {

void RunRankDialog(const Ranking& ranking, const std::vector<GimpImage*>& images,
                   const std::vector<std::string>& labels) {
  StartUi();
  const StarWriter writer = RatingWriter();
  GtkWidget* dialog = gimp_dialog_new("versus: Rank open images", "versus-rank", nullptr, GtkDialogFlags(0),
                                      gimp_standard_help_func, kRankProcedure, nullptr);
  gimp_window_set_transient(GTK_WINDOW(dialog));
  if (RunRankingDialog(dialog, ranking, labels, bool(writer))) {
    std::vector<std::string> files;
    for (GimpImage* image : images) files.push_back(ImageFile(image));
    gimp_message(WriteStars(writer, ranking, files, labels).c_str());
  }
}

}  // namespace versus::plugin
