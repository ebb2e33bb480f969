#include "rank_dialog.hpp"

#include "dialog_support.hpp"
#include "gimp_pixels.hpp"
#include "procedures.hpp"
#include "star_writer.hpp"

namespace versus::plugin {
namespace {

constexpr int kWriteStarsResponse = 1;

}  // namespace

void RunRankDialog(const Ranking& ranking, const std::vector<gint32>& images, const std::vector<std::string>& labels) {
  StartUi();
  const StarWriter writer = RatingWriter();
  GtkWidget* dialog = gimp_dialog_new("versus: Rank open images", "versus-rank", nullptr, GtkDialogFlags(0),
                                      gimp_standard_help_func, kRankProcedure, nullptr);
  if (writer) gtk_dialog_add_button(GTK_DIALOG(dialog), "_Write stars to files", kWriteStarsResponse);
  gtk_dialog_add_button(GTK_DIALOG(dialog), GTK_STOCK_CLOSE, GTK_RESPONSE_CLOSE);
  gimp_window_set_transient(GTK_WINDOW(dialog));

  GtkWidget* box = gtk_vbox_new(FALSE, 8);
  gtk_container_set_border_width(GTK_CONTAINER(box), 12);
  gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(dialog))), box, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(box), RankingView(ranking, labels), TRUE, TRUE, 0);
  GtkWidget* notes = gtk_label_new(RankingNote(ranking).c_str());
  gtk_label_set_line_wrap(GTK_LABEL(notes), TRUE);
  gtk_box_pack_start(GTK_BOX(box), notes, FALSE, FALSE, 0);

  gtk_widget_show_all(dialog);
  CloseByItselfIfTesting(dialog);
  if (gimp_dialog_run(GIMP_DIALOG(dialog)) == kWriteStarsResponse) {
    std::vector<std::string> files;
    for (gint32 id : images) files.push_back(ImageFile(id));
    gimp_message(WriteStars(writer, ranking, files, labels).c_str());
  }
  gtk_widget_destroy(dialog);
}

}  // namespace versus::plugin
