#pragma once
// The dialog pieces both GIMP front-ends share. Written against the part of GTK (and of
// libgimpwidgets' GimpDialog) that is the same in GTK 2 (GIMP 2.10) and GTK 3 (GIMP 3):
// compiled into each plug-in with its own GTK. Nothing here knows GIMP's images.
#include <gtk/gtk.h>

#include <array>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "edit_comparison.hpp"
#include "star_writer.hpp"

namespace versus::plugin {

inline constexpr int kPreviewSide = 380;       // px: the larger edit fits this box; both share its zoom
inline constexpr double kFullBarMargin = 3.0;  // log-odds at which a bar reaches its end (~95%)
inline constexpr int kDimensions = 5;          // the technical ones; "overall" is the headline

/// A vertical box filling `dialog`'s content area (12 px border), for its content.
GtkWidget* ContentBox(GtkWidget* dialog);

/// The label of a dialog's Close button in this GTK.
const char* CloseLabel();

/// Shows `dialog` (a GimpDialog), blocks until it is answered, destroys it and returns
/// the response. Honours the auto-close test hook (CloseByItselfIfTesting).
int RunUntilClosed(GtkWidget* dialog);

/// The Rank dialog: its buttons ("Write stars to files" only if `offer_writing`, Close),
/// the table and the note; shown until closed. True if the user asked to write stars.
bool RunRankingDialog(GtkWidget* dialog, const Ranking& ranking, const std::vector<std::string>& labels,
                      bool offer_writing);

/// The Compare dialog's result widgets (each front-end lays them out with its GTK) and
/// the verdict they show.
struct CompareView {
  std::array<GtkWidget*, 2> previews{};  // GtkImage: left, right
  GtkWidget* zoom = nullptr;             // labels
  GtkWidget* headline = nullptr;
  GtkWidget* reason = nullptr;
  std::array<GtkWidget*, kDimensions> bars{};       // drawing areas, each drawing margins[i]
  std::array<GtkWidget*, kDimensions> bar_texts{};  // labels
  std::array<double, kDimensions> margins{};        // > 0 favours left, as the engine's A
  std::optional<engine::Verdict> verdict;           // on the pair shown (A = left); none if it could not be judged
};

/// Reads both sides (`read_left`/`read_right` may throw engine::Error), shows them at
/// one zoom, judges them and shows the headline, the bars and the reason; or, when they
/// cannot be compared, says why in their place.
void JudgeAndShow(CompareView& view, const EditJudge& judge, const std::function<Edit()>& read_left,
                  const std::function<Edit()>& read_right);

/// A label aligned horizontally at `xalign` (0 left, 1 right).
GtkWidget* AlignedLabel(const char* text, float xalign);

/// A new pixbuf of `pixels` scaled by `scale` (<= 1); the caller unrefs it.
GdkPixbuf* ScaledPixbuf(const RgbaPixels& pixels, double scale);

/// The zoom that fits the larger of two edits into kPreviewSide (never above 1).
double PreviewScale(const RgbaPixels& left, const RgbaPixels& right);

/// One dimension's bar, `width` x `height`: blue to the left when the left edit wins it,
/// orange to the right when the right one does; length grows with the margin up to
/// kFullBarMargin.
void DrawMarginBar(cairo_t* cr, double width, double height, double margin);

/// "left by 0.52", "right by 1.10" or "even".
std::string MarginText(double margin);

/// "★★★☆☆" for 3 stars.
std::string StarText(int stars);

/// The Rank dialog's table: rank, image (labels indexed like the images given to
/// RankEdits), score and stars, best first.
GtkWidget* RankingView(const Ranking& ranking, const std::vector<std::string>& labels);

/// The line under the table: what a score means, then each image left out and why.
std::string RankingNote(const Ranking& ranking);

/// Rank's "Write stars to files": one line per ranked image, written or why not (never
/// saved: `files[i]` empty; rated by the user; ...). `files` and `labels` are indexed
/// like the images given to RankEdits.
std::string WriteStars(const StarWriter& write, const Ranking& ranking, const std::vector<std::string>& files,
                       const std::vector<std::string>& labels);

/// Test hook: if $VERSUS_GIMP_AUTOCLOSE_MS is a number N, the dialog answers
/// GTK_RESPONSE_CLOSE by itself N ms after it is shown, so a headless test (Xvfb) can
/// take a screenshot of a real dialog and GIMP carries on. Unset: nothing happens.
void CloseByItselfIfTesting(GtkWidget* dialog);

}  // namespace versus::plugin
