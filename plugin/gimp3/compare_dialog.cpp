#include "compare_dialog.hpp"

#include <array>

#include "dialog_support.hpp"
#include "gimp_pixels.hpp"
#include "procedures.hpp"

namespace versus::plugin {
namespace {

struct CompareDialog {
  const EditJudge* judge = nullptr;
  GtkWidget* window = nullptr;
  std::array<GtkWidget*, 2> combos{};
  CompareView view;
};

GimpDrawable* Selected(GtkWidget* combo) {
  gint id = -1;
  gimp_int_combo_box_get_active(GIMP_INT_COMBO_BOX(combo), &id);
  return gimp_drawable_get_by_id(id);
}

gboolean DrawBar(GtkWidget* area, cairo_t* cr, gpointer data) {
  DrawMarginBar(cr, gtk_widget_get_allocated_width(area), gtk_widget_get_allocated_height(area),
                *static_cast<const double*>(data));
  return TRUE;
}

void Update(CompareDialog& d) {
  JudgeAndShow(
      d.view, *d.judge, [&] { return ReadDrawable(nullptr, Selected(d.combos[0])); },
      [&] { return ReadDrawable(nullptr, Selected(d.combos[1])); });
}

void OnChoice(GtkWidget*, gpointer data) { Update(*static_cast<CompareDialog*>(data)); }

GtkWidget* BuildSides(CompareDialog& d, GimpDrawable* left, GimpDrawable* right) {
  GtkWidget* grid = gtk_grid_new();
  gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
  gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
  const std::array<GimpDrawable*, 2> start{left, right};
  for (int side = 0; side < 2; ++side) {
    d.combos[side] = gimp_layer_combo_box_new(nullptr, nullptr, nullptr);
    gimp_int_combo_box_set_active(GIMP_INT_COMBO_BOX(d.combos[side]), gimp_item_get_id(GIMP_ITEM(start[side])));
    gtk_grid_attach(GTK_GRID(grid), d.combos[side], side, 0, 1, 1);
    d.view.previews[side] = gtk_image_new();
    gtk_widget_set_size_request(d.view.previews[side], kPreviewSide, -1);
    gtk_grid_attach(GTK_GRID(grid), d.view.previews[side], side, 1, 1, 1);
  }
  return grid;
}

GtkWidget* BuildBars(CompareView& v) {
  GtkWidget* grid = gtk_grid_new();  // name | bar (2 columns) | margin
  gtk_grid_set_column_spacing(GTK_GRID(grid), 8);
  gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
  gtk_widget_set_halign(grid, GTK_ALIGN_CENTER);
  gtk_grid_attach(GTK_GRID(grid), AlignedLabel("left wins  ◀", 1.0), 1, 0, 1, 1);
  gtk_grid_attach(GTK_GRID(grid), AlignedLabel("▶  right wins", 0.0), 2, 0, 1, 1);
  const auto& dimensions = engine::TechnicalDimensions();
  for (int i = 0; i < kDimensions; ++i) {
    const std::string name(engine::DimensionName(dimensions.at(i)));
    gtk_grid_attach(GTK_GRID(grid), AlignedLabel(name.c_str(), 0.0), 0, i + 1, 1, 1);
    v.bars[i] = gtk_drawing_area_new();
    gtk_widget_set_size_request(v.bars[i], 360, 18);
    g_signal_connect(v.bars[i], "draw", G_CALLBACK(DrawBar), &v.margins[i]);
    gtk_grid_attach(GTK_GRID(grid), v.bars[i], 1, i + 1, 2, 1);
    v.bar_texts[i] = AlignedLabel("", 0.0);
    gtk_grid_attach(GTK_GRID(grid), v.bar_texts[i], 3, i + 1, 1, 1);
  }
  return grid;
}

void Build(CompareDialog& d, GimpDrawable* left, GimpDrawable* right) {
  GtkWidget* box = ContentBox(d.window);
  gtk_box_pack_start(GTK_BOX(box), BuildSides(d, left, right), TRUE, TRUE, 0);
  d.view.zoom = AlignedLabel("", 0.5);
  gtk_box_pack_start(GTK_BOX(box), d.view.zoom, FALSE, FALSE, 0);
  d.view.headline = AlignedLabel("", 0.5);
  gtk_box_pack_start(GTK_BOX(box), d.view.headline, FALSE, FALSE, 4);
  gtk_box_pack_start(GTK_BOX(box), BuildBars(d.view), FALSE, FALSE, 0);
  d.view.reason = AlignedLabel("", 0.5);
  gtk_label_set_line_wrap(GTK_LABEL(d.view.reason), TRUE);
  gtk_label_set_max_width_chars(GTK_LABEL(d.view.reason), 90);
  gtk_box_pack_start(GTK_BOX(box), d.view.reason, FALSE, FALSE, 4);
}

}  // namespace

std::optional<engine::Verdict> RunCompareDialog(const EditJudge& judge, GimpDrawable* drawable_a,
                                                GimpDrawable* drawable_b) {
  StartUi();
  CompareDialog d;
  d.judge = &judge;
  d.window = gimp_dialog_new("versus: Compare", "versus-compare", nullptr, GtkDialogFlags(0),
                             gimp_standard_help_func, kCompareProcedure, CloseLabel(), GTK_RESPONSE_CLOSE, nullptr);
  gimp_window_set_transient(GTK_WINDOW(d.window));
  Build(d, drawable_a, drawable_b);
  Update(d);
  for (GtkWidget* combo : d.combos) g_signal_connect(combo, "changed", G_CALLBACK(OnChoice), &d);
  RunUntilClosed(d.window);
  return d.view.verdict;
}

}  // namespace versus::plugin
