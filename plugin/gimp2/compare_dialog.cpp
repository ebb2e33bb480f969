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

gint32 Selected(GtkWidget* combo) {
  gint value = -1;
  gimp_int_combo_box_get_active(GIMP_INT_COMBO_BOX(combo), &value);
  return value;
}

gboolean DrawBar(GtkWidget* area, GdkEventExpose*, gpointer data) {
  GtkAllocation box;
  gtk_widget_get_allocation(area, &box);
  cairo_t* cr = gdk_cairo_create(gtk_widget_get_window(area));
  DrawMarginBar(cr, box.width, box.height, *static_cast<const double*>(data));
  cairo_destroy(cr);
  return TRUE;
}

void Update(CompareDialog& d) {
  JudgeAndShow(
      d.view, *d.judge, [&] { return ReadDrawable(-1, Selected(d.combos[0])); },
      [&] { return ReadDrawable(-1, Selected(d.combos[1])); });
}

void OnChoice(GtkWidget*, gpointer data) { Update(*static_cast<CompareDialog*>(data)); }

GtkWidget* BuildSides(CompareDialog& d, gint32 left, gint32 right) {
  GtkWidget* table = gtk_table_new(2, 2, FALSE);
  gtk_table_set_col_spacings(GTK_TABLE(table), 12);
  const std::array<gint32, 2> start{left, right};
  for (guint side = 0; side < 2; ++side) {
    d.combos[side] = gimp_layer_combo_box_new(nullptr, nullptr);
    gimp_int_combo_box_set_active(GIMP_INT_COMBO_BOX(d.combos[side]), start[side]);
    gtk_table_attach(GTK_TABLE(table), d.combos[side], side, side + 1, 0, 1, GTK_FILL, GTK_FILL, 0, 4);
    d.view.previews[side] = gtk_image_new();
    gtk_widget_set_size_request(d.view.previews[side], kPreviewSide, -1);
    gtk_table_attach(GTK_TABLE(table), d.view.previews[side], side, side + 1, 1, 2, GTK_FILL, GTK_FILL, 0, 0);
  }
  return table;
}

GtkWidget* BuildBars(CompareView& v) {
  GtkWidget* table = gtk_table_new(kDimensions + 1, 4, FALSE);  // name | bar (2 columns) | margin
  gtk_table_set_col_spacings(GTK_TABLE(table), 8);
  gtk_table_attach(GTK_TABLE(table), AlignedLabel("left wins  ◀", 1.0), 1, 2, 0, 1, GTK_FILL, GTK_FILL, 0, 0);
  gtk_table_attach(GTK_TABLE(table), AlignedLabel("▶  right wins", 0.0), 2, 3, 0, 1, GTK_FILL, GTK_FILL, 0, 0);
  const auto& dimensions = engine::TechnicalDimensions();
  for (guint i = 0; i < guint(kDimensions); ++i) {
    const std::string name(engine::DimensionName(dimensions.at(i)));
    gtk_table_attach(GTK_TABLE(table), AlignedLabel(name.c_str(), 0.0), 0, 1, i + 1, i + 2, GTK_FILL, GTK_FILL, 0, 2);
    v.bars[i] = gtk_drawing_area_new();
    gtk_widget_set_size_request(v.bars[i], 360, 18);
    g_signal_connect(v.bars[i], "expose-event", G_CALLBACK(DrawBar), &v.margins[i]);
    gtk_table_attach(GTK_TABLE(table), v.bars[i], 1, 3, i + 1, i + 2, GTK_FILL, GTK_FILL, 0, 2);
    v.bar_texts[i] = AlignedLabel("", 0.0);
    gtk_table_attach(GTK_TABLE(table), v.bar_texts[i], 3, 4, i + 1, i + 2, GTK_FILL, GTK_FILL, 0, 2);
  }
  return table;
}

void Build(CompareDialog& d, gint32 left, gint32 right) {
  GtkWidget* box = ContentBox(d.window);
  gtk_box_pack_start(GTK_BOX(box), BuildSides(d, left, right), TRUE, TRUE, 0);
  d.view.zoom = AlignedLabel("", 0.5);
  gtk_box_pack_start(GTK_BOX(box), d.view.zoom, FALSE, FALSE, 0);
  d.view.headline = AlignedLabel("", 0.5);
  gtk_box_pack_start(GTK_BOX(box), d.view.headline, FALSE, FALSE, 4);
  GtkWidget* centre = gtk_alignment_new(0.5, 0.5, 0.0, 0.0);
  gtk_container_add(GTK_CONTAINER(centre), BuildBars(d.view));
  gtk_box_pack_start(GTK_BOX(box), centre, FALSE, FALSE, 0);
  d.view.reason = AlignedLabel("", 0.5);
  gtk_label_set_line_wrap(GTK_LABEL(d.view.reason), TRUE);
  gtk_widget_set_size_request(d.view.reason, 2 * kPreviewSide, -1);
  gtk_box_pack_start(GTK_BOX(box), d.view.reason, FALSE, FALSE, 4);
}

}  // namespace

std::optional<engine::Verdict> RunCompareDialog(const EditJudge& judge, gint32 drawable_a, gint32 drawable_b) {
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
