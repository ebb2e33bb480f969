#include "rank_dialog.hpp"

#include <cstdio>

#include "dialog_support.hpp"
#include "gimp_pixels.hpp"
#include "procedures.hpp"
#include "star_writer.hpp"

namespace versus::plugin {
namespace {

constexpr int kWriteStarsResponse = 1;

enum Column { kRank, kImage, kScore, kStars, kColumnCount };

std::string StarText(int stars) {
  std::string text;
  for (int i = 1; i <= 5; ++i) text += i <= stars ? "★" : "☆";
  return text;
}

GtkWidget* RankingView(const Ranking& ranking, const std::vector<std::string>& labels) {
  GtkListStore* store = gtk_list_store_new(kColumnCount, G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  for (std::size_t r = 0; r < ranking.best_first.size(); ++r) {
    const RankedImage& image = ranking.best_first[r];
    char score[32];
    std::snprintf(score, sizeof score, "%.2f", image.score);
    GtkTreeIter row;
    gtk_list_store_append(store, &row);
    gtk_list_store_set(store, &row, kRank, int(r + 1), kImage, labels.at(image.input_index).c_str(), kScore, score,
                       kStars, StarText(image.stars).c_str(), -1);
  }
  GtkWidget* view = gtk_tree_view_new_with_model(GTK_TREE_MODEL(store));
  g_object_unref(store);
  const char* titles[kColumnCount] = {"#", "Image", "Score", "Stars"};
  for (int c = 0; c < kColumnCount; ++c) {
    gtk_tree_view_append_column(GTK_TREE_VIEW(view), gtk_tree_view_column_new_with_attributes(
                                                         titles[c], gtk_cell_renderer_text_new(), "text", c, nullptr));
  }
  return view;
}

// One line per image: written, or why not (never saved, rated by the user, ...).
std::string WriteStars(const StarWriter& write, const Ranking& ranking, const std::vector<gint32>& images,
                       const std::vector<std::string>& labels) {
  std::string report;
  for (const RankedImage& r : ranking.best_first) {
    const std::string file = ImageFile(images[r.input_index]);
    const std::string& label = labels[r.input_index];
    if (file.empty()) {
      report += label + ": never saved, no file to rate\n";
      continue;
    }
    try {
      report += label + ": " + write(file, r.stars) + "\n";
    } catch (const engine::Error& e) {
      report += label + ": " + e.what() + "\n";
    }
  }
  return report;
}

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
  std::string note = "Best first. Score: log-odds (a difference of 1 = the better one wins ~73% of the time).";
  for (const engine::InputError& e : ranking.skipped) note += "\nLeft out: " + e.reason;
  GtkWidget* notes = gtk_label_new(note.c_str());
  gtk_label_set_line_wrap(GTK_LABEL(notes), TRUE);
  gtk_box_pack_start(GTK_BOX(box), notes, FALSE, FALSE, 0);

  gtk_widget_show_all(dialog);
  CloseByItselfIfTesting(dialog);
  if (gimp_dialog_run(GIMP_DIALOG(dialog)) == kWriteStarsResponse) {
    gimp_message(WriteStars(writer, ranking, images, labels).c_str());
  }
  gtk_widget_destroy(dialog);
}

}  // namespace versus::plugin
