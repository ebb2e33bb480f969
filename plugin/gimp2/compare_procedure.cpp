// plug-in-versus-compare: two edits (layers of open images), the judge's verdict.
#include <optional>

#include "compare_dialog.hpp"
#include "gimp_pixels.hpp"
#include "procedures.hpp"

namespace versus::plugin {
namespace {

// From the menu GIMP fills image-a/drawable-a with the current image; B is unset. The
// dialog starts on the active layer of another open image, else on another layer of
// the same image, else on A itself (the user picks).
gint32 DefaultOtherDrawable(gint32 drawable_a) {
  const gint32 image_a = gimp_item_get_image(drawable_a);
  gint count = 0;
  gint* images = gimp_image_list(&count);
  gint32 other = -1;
  for (gint i = 0; i < count && other < 0; ++i) {
    if (images[i] != image_a) other = gimp_image_get_active_drawable(images[i]);
  }
  g_free(images);
  if (other >= 0) return other;
  gint* layers = gimp_image_get_layers(image_a, &count);
  for (gint i = 0; i < count && other < 0; ++i) {
    if (layers[i] != drawable_a) other = layers[i];
  }
  g_free(layers);
  return other >= 0 ? other : drawable_a;
}

void AddVerdict(ReturnValues& out, const engine::Verdict& verdict) {
  out.AddFloat(verdict.p_a_better);
  out.AddFloatArray(Margins(verdict));
  out.AddString(engine::ReasonText(verdict.reason));  // "the first image" = drawable A
}

}  // namespace

void RegisterCompare() {
  auto* t = PdbText;
  InstallProcedure({
      kCompareProcedure,
      kCompareBlurb,
      kCompareHelp,
      kCompareMenuLabel,
      kCompareImageTypes,
      {{GIMP_PDB_INT32, t("run-mode"), t(kRunModeBlurb)},
       {GIMP_PDB_IMAGE, t("image-a"), t("Image holding edit A (left in the dialog)")},
       {GIMP_PDB_DRAWABLE, t("drawable-a"), t("Edit A: a layer of image-a")},
       {GIMP_PDB_IMAGE, t("image-b"), t(kImageBBlurb)},
       {GIMP_PDB_DRAWABLE, t("drawable-b"), t(kDrawableBBlurb)}},
      {{GIMP_PDB_FLOAT, t("p-a-better"), t(kPBlurb)},
       {GIMP_PDB_INT32, t("num-margins"), t(kNumMarginsBlurb)},
       {GIMP_PDB_FLOATARRAY, t("margins"), t(kMarginsBlurb)},
       {GIMP_PDB_STRING, t("reason"), t(kReasonBlurb)}},
  });
}

void RunCompare(const GimpParam* params, gint count, ReturnValues& out) {
  if (count != 5) throw engine::Error("plug-in-versus-compare takes 5 arguments, got " + std::to_string(count));
  const EditJudge judge;
  if (GimpRunMode(params[0].data.d_int32) == GIMP_RUN_INTERACTIVE) {
    const gint32 a = params[2].data.d_drawable;
    const gint32 b = gimp_item_is_valid(params[4].data.d_drawable) ? params[4].data.d_drawable : DefaultOtherDrawable(a);
    const std::optional<engine::Verdict> verdict = RunCompareDialog(judge, a, b);
    if (!verdict) return out.Cancel();
    return AddVerdict(out, *verdict);
  }
  // Two opens of one file share a name: messages say which side they mean.
  Edit a = ReadDrawable(params[1].data.d_image, params[2].data.d_drawable);
  Edit b = ReadDrawable(params[3].data.d_image, params[4].data.d_drawable);
  a.label = "A (" + a.label + ")";
  b.label = "B (" + b.label + ")";
  AddVerdict(out, judge.CompareEdits(a, b));
}

}  // namespace versus::plugin
