#include "dialog_parts.hpp"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace versus::plugin {

GdkPixbuf* ScaledPixbuf(const RgbaPixels& pixels, double scale) {
  // The pixbuf borrows the vector's bytes only until the scaled copy is made.
  GdkPixbuf* full = gdk_pixbuf_new_from_data(pixels.rgba.data(), GDK_COLORSPACE_RGB, TRUE, 8, pixels.width,
                                             pixels.height, pixels.width * 4, nullptr, nullptr);
  const int width = std::max(1, int(pixels.width * scale + 0.5));
  const int height = std::max(1, int(pixels.height * scale + 0.5));
  GdkPixbuf* scaled = gdk_pixbuf_scale_simple(full, width, height, GDK_INTERP_BILINEAR);
  g_object_unref(full);
  return scaled;
}

double PreviewScale(const RgbaPixels& left, const RgbaPixels& right) {
  const int widest = std::max(left.width, right.width);
  const int tallest = std::max(left.height, right.height);
  return std::min({1.0, double(kPreviewSide) / widest, double(kPreviewSide) / tallest});
}

void DrawMarginBar(cairo_t* cr, double width, double height, double margin) {
  const double mid = width / 2.0, top = height * 0.2, bar_height = height * 0.6;
  cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
  cairo_rectangle(cr, 0, top, width, bar_height);
  cairo_fill(cr);
  const double reach = std::min(std::abs(margin) / kFullBarMargin, 1.0) * mid;
  if (margin > 0) cairo_set_source_rgb(cr, 0.20, 0.45, 0.80);
  else cairo_set_source_rgb(cr, 0.90, 0.50, 0.10);
  cairo_rectangle(cr, margin > 0 ? mid - reach : mid, top, reach, bar_height);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_rectangle(cr, mid - 0.5, 0, 1, height);
  cairo_fill(cr);
}

namespace {

void SetMarkup(GtkWidget* label, const char* format, const std::string& text) {
  gchar* markup = g_markup_printf_escaped(format, text.c_str());
  gtk_label_set_markup(GTK_LABEL(label), markup);
  g_free(markup);
}

void ShowPreviews(CompareView& view, const Edit& left, const Edit& right) {
  const double scale = PreviewScale(left.pixels, right.pixels);
  for (int side = 0; side < 2; ++side) {
    GdkPixbuf* picture = ScaledPixbuf(side == 0 ? left.pixels : right.pixels, scale);
    gtk_image_set_from_pixbuf(GTK_IMAGE(view.previews[side]), picture);
    g_object_unref(picture);
  }
  SetMarkup(view.zoom, "<small>%s</small>", "both shown at " + std::to_string(std::lround(scale * 100)) + "%");
}

void ShowResult(CompareView& view, const std::string& headline, const std::string& reason) {
  SetMarkup(view.headline, "<big><b>%s</b></big>", headline);
  gtk_label_set_text(GTK_LABEL(view.reason), reason.c_str());
  for (int i = 0; i < kDimensions; ++i) {
    gtk_label_set_text(GTK_LABEL(view.bar_texts[i]), view.verdict ? MarginText(view.margins[i]).c_str() : "");
    gtk_widget_queue_draw(view.bars[i]);
  }
}

}  // namespace

void JudgeAndShow(CompareView& view, const EditJudge& judge, const std::function<Edit()>& read_left,
                  const std::function<Edit()>& read_right) {
  view.verdict.reset();
  view.margins.fill(0.0);
  try {
    const Edit left = read_left();
    const Edit right = read_right();
    if (left.pixels.width > 0 && right.pixels.width > 0) ShowPreviews(view, left, right);
    view.verdict = judge.CompareEdits(left, right);
  } catch (const engine::Error& e) {
    return ShowResult(view, "Can't compare these two", e.what());
  }
  for (int i = 0; i < kDimensions; ++i) view.margins[i] = view.verdict->dimensions.at(i).margin;
  ShowResult(view, VerdictHeadline(view.verdict->p_a_better, "left", "right"),
             SidesReason(*view.verdict, "left", "right"));
}

GtkWidget* AlignedLabel(const char* text, float xalign) {
  GtkWidget* label = gtk_label_new(text);
#if GTK_CHECK_VERSION(3, 0, 0)
  gtk_label_set_xalign(GTK_LABEL(label), xalign);
#else
  gtk_misc_set_alignment(GTK_MISC(label), xalign, 0.5);
#endif
  return label;
}

std::string MarginText(double margin) {
  if (std::abs(margin) < 0.05) return "even";
  char text[48];
  std::snprintf(text, sizeof text, "%s by %.2f", margin > 0 ? "left" : "right", std::abs(margin));
  return text;
}

std::string StarText(int stars) {
  std::string text;
  for (int i = 1; i <= 5; ++i) text += i <= stars ? "★" : "☆";
  return text;
}

GtkWidget* RankingView(const Ranking& ranking, const std::vector<std::string>& labels) {
  enum Column { kRank, kImage, kScore, kStars, kColumnCount };
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

std::string RankingNote(const Ranking& ranking) {
  std::string note = "Best first. Score: log-odds (a difference of 1 = the better one wins ~73% of the time).";
  for (const engine::InputError& e : ranking.skipped) note += "\nLeft out: " + e.reason;
  return note;
}

GtkWidget* ContentBox(GtkWidget* dialog) {
#if GTK_CHECK_VERSION(3, 0, 0)
  GtkWidget* box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
#else
  GtkWidget* box = gtk_vbox_new(FALSE, 8);
#endif
  gtk_container_set_border_width(GTK_CONTAINER(box), 12);
  gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(dialog))), box, TRUE, TRUE, 0);
  return box;
}

const char* CloseLabel() {
#if GTK_CHECK_VERSION(3, 0, 0)
  return "_Close";
#else
  return GTK_STOCK_CLOSE;
#endif
}

int RunUntilClosed(GtkWidget* dialog) {
  gtk_widget_show_all(dialog);
  CloseByItselfIfTesting(dialog);
  const int response = gimp_dialog_run(GIMP_DIALOG(dialog));
  gtk_widget_destroy(dialog);
  return response;
}

bool RunRankingDialog(GtkWidget* dialog, const Ranking& ranking, const std::vector<std::string>& labels,
                      bool offer_writing) {
  constexpr int kWriteStarsResponse = 1;
  if (offer_writing) gtk_dialog_add_button(GTK_DIALOG(dialog), "_Write stars to files", kWriteStarsResponse);
  gtk_dialog_add_button(GTK_DIALOG(dialog), CloseLabel(), GTK_RESPONSE_CLOSE);
  GtkWidget* box = ContentBox(dialog);
  gtk_box_pack_start(GTK_BOX(box), RankingView(ranking, labels), TRUE, TRUE, 0);
  GtkWidget* notes = gtk_label_new(RankingNote(ranking).c_str());
  gtk_label_set_line_wrap(GTK_LABEL(notes), TRUE);
  gtk_box_pack_start(GTK_BOX(box), notes, FALSE, FALSE, 0);
  return RunUntilClosed(dialog) == kWriteStarsResponse;
}

std::string WriteStars(const StarWriter& write, const Ranking& ranking, const std::vector<std::string>& files,
                       const std::vector<std::string>& labels) {
  std::string report;
  for (const RankedImage& r : ranking.best_first) {
    const std::string& file = files.at(r.input_index);
    const std::string& label = labels.at(r.input_index);
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

void CloseByItselfIfTesting(GtkWidget* dialog) {
  const char* env = std::getenv("VERSUS_GIMP_AUTOCLOSE_MS");
  if (env == nullptr || *env == '\0') return;
  const guint after_ms = guint(std::strtoul(env, nullptr, 10));
  g_timeout_add(after_ms, [](gpointer data) -> gboolean {
    gtk_dialog_response(GTK_DIALOG(data), GTK_RESPONSE_CLOSE);
    return FALSE;
  }, dialog);
}

}  // namespace versus::plugin
