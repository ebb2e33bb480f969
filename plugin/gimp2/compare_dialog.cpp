#include "compare_dialog.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "dialog_support.hpp"
#include "gimp_pixels.hpp"
#include "procedures.hpp"

namespace versus::plugin {
namespace {

constexpr int kPreviewSide = 380;       // px: the larger edit fits this box; both share its zoom
constexpr double kFullBarMargin = 3.0;  // log-odds at which a bar reaches its end (~95%)
constexpr int kDimensions = 5;          // the technical ones; "overall" is the headline

struct CompareDialog {
  const EditJudge* judge = nullptr;
  GtkWidget* window = nullptr;
  std::array<GtkWidget*, 2> combos{};
  std::array<GtkWidget*, 2> previews{};
  GtkWidget* zoom = nullptr;
  GtkWidget* headline = nullptr;
  std::array<GtkWidget*, kDimensions> bars{};
  std::array<GtkWidget*, kDimensions> bar_texts{};
  std::array<double, kDimensions> margins{};  // > 0 favours left, as the engine's A
  GtkWidget* reason = nullptr;
  std::optional<engine::Verdict> verdict;
};

gint32 Selected(GtkWidget* combo) {
  gint value = -1;
  gimp_int_combo_box_get_active(GIMP_INT_COMBO_BOX(combo), &value);
  return value;
}

void SetMarkup(GtkWidget* label, const char* format, const std::string& text) {
  gchar* markup = g_markup_printf_escaped(format, text.c_str());
  gtk_label_set_markup(GTK_LABEL(label), markup);
  g_free(markup);
}

// Blue to the left when the left edit wins the dimension, orange to the right when
// the right one does; length grows with the margin up to kFullBarMargin.
gboolean DrawBar(GtkWidget* area, GdkEventExpose*, gpointer data) {
  const double margin = *static_cast<const double*>(data);
  GtkAllocation box;
  gtk_widget_get_allocation(area, &box);
  cairo_t* cr = gdk_cairo_create(gtk_widget_get_window(area));
  const double mid = box.width / 2.0, top = box.height * 0.2, height = box.height * 0.6;
  cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
  cairo_rectangle(cr, 0, top, box.width, height);
  cairo_fill(cr);
  const double reach = std::min(std::abs(margin) / kFullBarMargin, 1.0) * mid;
  if (margin > 0) cairo_set_source_rgb(cr, 0.20, 0.45, 0.80);
  else cairo_set_source_rgb(cr, 0.90, 0.50, 0.10);
  cairo_rectangle(cr, margin > 0 ? mid - reach : mid, top, reach, height);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_rectangle(cr, mid - 0.5, 0, 1, box.height);
  cairo_fill(cr);
  cairo_destroy(cr);
  return TRUE;
}

std::string MarginText(double margin) {
  if (std::abs(margin) < 0.05) return "even";
  char text[48];
  std::snprintf(text, sizeof text, "%s by %.2f", margin > 0 ? "left" : "right", std::abs(margin));
  return text;
}

void ShowPreviews(CompareDialog& d, const Edit& left, const Edit& right) {
  const int widest = std::max(left.pixels.width, right.pixels.width);
  const int tallest = std::max(left.pixels.height, right.pixels.height);
  const double scale = std::min({1.0, double(kPreviewSide) / widest, double(kPreviewSide) / tallest});
  for (int side = 0; side < 2; ++side) {
    GdkPixbuf* picture = ScaledPixbuf(side == 0 ? left.pixels : right.pixels, scale);
    gtk_image_set_from_pixbuf(GTK_IMAGE(d.previews[side]), picture);
    g_object_unref(picture);
  }
  SetMarkup(d.zoom, "<small>%s</small>", "both shown at " + std::to_string(std::lround(scale * 100)) + "%");
}

void ShowResult(CompareDialog& d, const std::string& headline, const std::string& reason) {
  SetMarkup(d.headline, "<big><b>%s</b></big>", headline);
  gtk_label_set_text(GTK_LABEL(d.reason), reason.c_str());
  for (int i = 0; i < kDimensions; ++i) {
    gtk_label_set_text(GTK_LABEL(d.bar_texts[i]), d.verdict ? MarginText(d.margins[i]).c_str() : "");
    gtk_widget_queue_draw(d.bars[i]);
  }
}

void Update(CompareDialog& d) {
  d.verdict.reset();
  d.margins.fill(0.0);
  try {
    const Edit left = ReadDrawable(-1, Selected(d.combos[0]));
    const Edit right = ReadDrawable(-1, Selected(d.combos[1]));
    if (left.pixels.width > 0 && right.pixels.width > 0) ShowPreviews(d, left, right);
    d.verdict = d.judge->CompareEdits(left, right);
  } catch (const engine::Error& e) {
    return ShowResult(d, "Can't compare these two", e.what());
  }
  for (int i = 0; i < kDimensions; ++i) d.margins[i] = d.verdict->dimensions.at(i).margin;
  ShowResult(d, VerdictHeadline(d.verdict->p_a_better, "left", "right"),
             SidesReason(*d.verdict, "left", "right"));
}

void OnChoice(GtkWidget*, gpointer data) { Update(*static_cast<CompareDialog*>(data)); }

GtkWidget* Label(const char* text, float xalign) {
  GtkWidget* label = gtk_label_new(text);
  gtk_misc_set_alignment(GTK_MISC(label), xalign, 0.5);
  return label;
}

GtkWidget* BuildSides(CompareDialog& d, gint32 left, gint32 right) {
  GtkWidget* table = gtk_table_new(2, 2, FALSE);
  gtk_table_set_col_spacings(GTK_TABLE(table), 12);
  const std::array<gint32, 2> start{left, right};
  for (guint side = 0; side < 2; ++side) {
    d.combos[side] = gimp_layer_combo_box_new(nullptr, nullptr);
    gimp_int_combo_box_set_active(GIMP_INT_COMBO_BOX(d.combos[side]), start[side]);
    gtk_table_attach(GTK_TABLE(table), d.combos[side], side, side + 1, 0, 1, GTK_FILL, GTK_FILL, 0, 4);
    d.previews[side] = gtk_image_new();
    gtk_widget_set_size_request(d.previews[side], kPreviewSide, -1);
    gtk_table_attach(GTK_TABLE(table), d.previews[side], side, side + 1, 1, 2, GTK_FILL, GTK_FILL, 0, 0);
  }
  return table;
}

GtkWidget* BuildBars(CompareDialog& d) {
  GtkWidget* table = gtk_table_new(kDimensions + 1, 4, FALSE);  // name | bar (2 columns) | margin
  gtk_table_set_col_spacings(GTK_TABLE(table), 8);
  gtk_table_attach(GTK_TABLE(table), Label("left wins  ◀", 1.0), 1, 2, 0, 1, GTK_FILL, GTK_FILL, 0, 0);
  gtk_table_attach(GTK_TABLE(table), Label("▶  right wins", 0.0), 2, 3, 0, 1, GTK_FILL, GTK_FILL, 0, 0);
  const auto& dimensions = engine::TechnicalDimensions();
  for (guint i = 0; i < guint(kDimensions); ++i) {
    const std::string name(engine::DimensionName(dimensions.at(i)));
    gtk_table_attach(GTK_TABLE(table), Label(name.c_str(), 0.0), 0, 1, i + 1, i + 2, GTK_FILL, GTK_FILL, 0, 2);
    d.bars[i] = gtk_drawing_area_new();
    gtk_widget_set_size_request(d.bars[i], 360, 18);
    g_signal_connect(d.bars[i], "expose-event", G_CALLBACK(DrawBar), &d.margins[i]);
    gtk_table_attach(GTK_TABLE(table), d.bars[i], 1, 3, i + 1, i + 2, GTK_FILL, GTK_FILL, 0, 2);
    d.bar_texts[i] = Label("", 0.0);
    gtk_table_attach(GTK_TABLE(table), d.bar_texts[i], 3, 4, i + 1, i + 2, GTK_FILL, GTK_FILL, 0, 2);
  }
  return table;
}

void Build(CompareDialog& d, gint32 left, gint32 right) {
  GtkWidget* box = gtk_vbox_new(FALSE, 8);
  gtk_container_set_border_width(GTK_CONTAINER(box), 12);
  gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(d.window))), box, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(box), BuildSides(d, left, right), TRUE, TRUE, 0);
  d.zoom = Label("", 0.5);
  gtk_box_pack_start(GTK_BOX(box), d.zoom, FALSE, FALSE, 0);
  d.headline = Label("", 0.5);
  gtk_box_pack_start(GTK_BOX(box), d.headline, FALSE, FALSE, 4);
  GtkWidget* centre = gtk_alignment_new(0.5, 0.5, 0.0, 0.0);
  gtk_container_add(GTK_CONTAINER(centre), BuildBars(d));
  gtk_box_pack_start(GTK_BOX(box), centre, FALSE, FALSE, 0);
  d.reason = Label("", 0.5);
  gtk_label_set_line_wrap(GTK_LABEL(d.reason), TRUE);
  gtk_widget_set_size_request(d.reason, 2 * kPreviewSide, -1);
  gtk_box_pack_start(GTK_BOX(box), d.reason, FALSE, FALSE, 4);
}

}  // namespace

std::optional<engine::Verdict> RunCompareDialog(const EditJudge& judge, gint32 drawable_a, gint32 drawable_b) {
  StartUi();
  CompareDialog d;
  d.judge = &judge;
  d.window = gimp_dialog_new("versus: Compare", "versus-compare", nullptr, GtkDialogFlags(0),
                             gimp_standard_help_func, kCompareProcedure, GTK_STOCK_CLOSE, GTK_RESPONSE_CLOSE,
                             nullptr);
  gimp_window_set_transient(GTK_WINDOW(d.window));
  Build(d, drawable_a, drawable_b);
  Update(d);
  for (GtkWidget* combo : d.combos) g_signal_connect(combo, "changed", G_CALLBACK(OnChoice), &d);
  gtk_widget_show_all(d.window);
  CloseByItselfIfTesting(d.window);
  gimp_dialog_run(GIMP_DIALOG(d.window));
  gtk_widget_destroy(d.window);
  return d.verdict;
}

}  // namespace versus::plugin
