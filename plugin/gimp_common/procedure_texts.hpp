#pragma once
// What GIMP lists about versus's two PDB procedures (Help > Procedure Browser) and their
// menu entries: the same in GIMP 2.10 and GIMP 3, so a script or a user meets the same
// names, arguments and results in both.
namespace versus::plugin {

inline constexpr char kMenuPath[] = "<Image>/Filters/versus";
inline constexpr char kAuthor[] = "versus";
inline constexpr char kDate[] = "2026";

inline constexpr char kCompareProcedure[] = "plug-in-versus-compare";
inline constexpr char kCompareBlurb[] = "Compare two edits of a picture by technical quality";
inline constexpr char kCompareHelp[] =
    "Judges which of two layers (two open images, or two layers of one image) is technically better: "
    "sharpness, noise, exposure, colour and compression, with the pixels as they are in GIMP now, "
    "unsaved edits included. Both must be the same size. Alpha is composited over white.";
inline constexpr char kCompareMenuLabel[] = "_Compare...";
inline constexpr char kCompareImageTypes[] = "RGB*, GRAY*, INDEXED*";
inline constexpr char kImageBBlurb[] = "Image holding edit B (right in the dialog); may be image-a";
inline constexpr char kDrawableBBlurb[] = "Edit B: a layer of image-b, the same size as A";
inline constexpr char kPBlurb[] = "Probability (0..1) that A is technically better than B";
inline constexpr char kNumMarginsBlurb[] = "Number of margins (6)";
inline constexpr char kMarginsBlurb[] =
    "Log-odds margin per dimension, > 0 favours A: sharpness, noise, exposure, colour, compression, overall";
inline constexpr char kReasonBlurb[] = "Why, in one sentence (A is 'the first image', B 'the second image')";

inline constexpr char kRankProcedure[] = "plug-in-versus-rank";
inline constexpr char kRankBlurb[] = "Rank all open images by technical quality";
inline constexpr char kRankHelp[] =
    "Judges every pair of open images (each as displayed: visible layers flattened, unsaved edits "
    "included) and fits one score per image; lists them best first with 1-5 stars. Images that "
    "cannot be judged (e.g. too small) are listed in the summary and left out.";
inline constexpr char kRankMenuLabel[] = "Rank _open images...";
inline constexpr char kNumImagesBlurb[] = "Number of images ranked";
inline constexpr char kImageIdsBlurb[] = "The ranked images, best first";
inline constexpr char kNumScoresBlurb[] = "Number of scores";
inline constexpr char kScoresBlurb[] = "Bradley-Terry score per ranked image (log-odds, higher is better)";
inline constexpr char kNumStarsBlurb[] = "Number of star ratings";
inline constexpr char kStarsBlurb[] = "1..5 stars per ranked image, by quantile within the set";
inline constexpr char kSummaryBlurb[] = "One line per image, best first, then the images that could not be judged";

inline constexpr char kRunModeBlurb[] = "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1) }";

}  // namespace versus::plugin
