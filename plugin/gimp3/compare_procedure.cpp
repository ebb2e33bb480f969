// plug-in-versus-compare in GIMP 3: two edits (layers of open images), the judge's
// verdict. An image procedure: GIMP passes the current image and its selected layer
// (edit A); image-b and drawable-b name edit B.
#include <optional>
#include <string>
#include <vector>

#include "compare_dialog.hpp"
#include "gimp_pixels.hpp"
#include "procedures.hpp"

namespace versus::plugin {
namespace {

// g_object_get on an object property hands us a reference of our own.
struct ObjectRef {
  gpointer object = nullptr;
  ~ObjectRef() {
    if (object != nullptr) g_object_unref(object);
  }
};

GimpDrawable* OnlyDrawable(GimpDrawable** drawables) {
  std::vector<GimpDrawable*> given;
  for (GimpDrawable** d = drawables; d != nullptr && *d != nullptr; ++d) given.push_back(*d);
  if (given.size() != 1) {
    throw engine::Error(std::string(kCompareProcedure) + " compares one layer (edit A) with drawable-b: " +
                        std::to_string(given.size()) + " drawables given");
  }
  return given[0];
}

// From the menu B is unset. The dialog starts on the selected layer of another open
// image, else on another layer of the same image, else on A itself (the user picks).
GimpDrawable* DefaultOtherDrawable(GimpDrawable* drawable_a) {
  GimpImage* image_a = gimp_item_get_image(GIMP_ITEM(drawable_a));
  for (GimpImage* image : OpenImages()) {
    if (image == image_a) continue;
    GimpDrawable** selected = gimp_image_get_selected_drawables(image);
    GimpDrawable* first = selected != nullptr ? selected[0] : nullptr;
    g_free(selected);
    if (first != nullptr) return first;
  }
  for (GimpLayer* layer : ImageLayers(image_a)) {
    if (GIMP_DRAWABLE(layer) != drawable_a) return GIMP_DRAWABLE(layer);
  }
  return drawable_a;
}

GimpValueArray* VerdictValues(GimpProcedure* procedure, const engine::Verdict& verdict) {
  const std::vector<double> margins = Margins(verdict);
  GimpValueArray* values = gimp_procedure_new_return_values(procedure, GIMP_PDB_SUCCESS, nullptr);
  GIMP_VALUES_SET_DOUBLE(values, 1, verdict.p_a_better);
  GIMP_VALUES_SET_INT(values, 2, gint(margins.size()));
  GIMP_VALUES_SET_DOUBLE_ARRAY(values, 3, margins.data(), gsize(margins.size()));
  GIMP_VALUES_SET_STRING(values, 4, engine::ReasonText(verdict.reason).c_str());  // "the first image" = drawable A
  return values;
}

GimpValueArray* RunCompare(GimpProcedure* procedure, GimpRunMode run_mode, GimpImage* image,
                           GimpDrawable** drawables, GimpProcedureConfig* config, gpointer) {
  return RunGuarded(procedure, [&]() -> GimpValueArray* {
    GimpDrawable* a = OnlyDrawable(drawables);
    ObjectRef image_b, drawable_b;
    g_object_get(config, "image-b", &image_b.object, "drawable-b", &drawable_b.object, nullptr);
    const EditJudge judge;
    if (run_mode == GIMP_RUN_INTERACTIVE) {
      auto* b = static_cast<GimpDrawable*>(drawable_b.object);
      if (b == nullptr || !gimp_item_is_valid(GIMP_ITEM(b))) b = DefaultOtherDrawable(a);
      const std::optional<engine::Verdict> verdict = RunCompareDialog(judge, a, b);
      if (!verdict) return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, nullptr);
      return VerdictValues(procedure, *verdict);
    }
    if (drawable_b.object == nullptr) throw engine::Error("drawable-b (edit B) is missing");
    // Two opens of one file share a name: messages say which side they mean.
    Edit edit_a = ReadDrawable(image, a);
    Edit edit_b = ReadDrawable(static_cast<GimpImage*>(image_b.object), static_cast<GimpDrawable*>(drawable_b.object));
    edit_a.label = "A (" + edit_a.label + ")";
    edit_b.label = "B (" + edit_b.label + ")";
    return VerdictValues(procedure, judge.CompareEdits(edit_a, edit_b));
  });
}

}  // namespace

GimpProcedure* CreateCompare(GimpPlugIn* plug_in) {
  GimpProcedure* procedure =
      gimp_image_procedure_new(plug_in, kCompareProcedure, GIMP_PDB_PROC_TYPE_PLUGIN, RunCompare, nullptr, nullptr);
  gimp_procedure_set_image_types(procedure, kCompareImageTypes);
  gimp_procedure_set_sensitivity_mask(procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE);
  Describe(procedure, kCompareBlurb, kCompareHelp, kCompareMenuLabel);
  gimp_procedure_add_image_argument(procedure, "image-b", "Image B", kImageBBlurb, TRUE, G_PARAM_READWRITE);
  gimp_procedure_add_drawable_argument(procedure, "drawable-b", "Drawable B", kDrawableBBlurb, TRUE,
                                       G_PARAM_READWRITE);
  gimp_procedure_add_double_return_value(procedure, "p-a-better", "P(A better)", kPBlurb, 0.0, 1.0, 0.5,
                                         G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value(procedure, "num-margins", "Number of margins", kNumMarginsBlurb, 0, G_MAXINT,
                                      0, G_PARAM_READWRITE);
  gimp_procedure_add_double_array_return_value(procedure, "margins", "Margins", kMarginsBlurb, G_PARAM_READWRITE);
  gimp_procedure_add_string_return_value(procedure, "reason", "Reason", kReasonBlurb, "", G_PARAM_READWRITE);
  return procedure;
}

}  // namespace versus::plugin
