#pragma once
// The eyes set (../shared/data/eyes: closed-eye CEW crops, open-eye UTKFace crops) as the
// eye classifier's trainer (versus-fit-eyes) and its bench (versus-bench-faces eyes) read
// it: every face read the same way, split the same way, scored with the same figures.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "versus/engine.hpp"
#include "versus/engine/eye_classifier.hpp"

namespace versus::training {

/// A seeded split by source photo (a CEW photo can give several crops): one in three
/// photos is the evaluation part, never fitted on nor chosen on; the others fall in
/// `folds` folds, which fit the model and choose its threshold.
struct EyesSplit {
  std::uint64_t seed = 1;
  int folds = 5;
  /// -1 for the evaluation part, else the fold (0..folds-1) of `image` (a labels.csv path).
  int FoldOf(const std::string& image) const;
};

struct EyeSample {
  std::string image;  ///< as in labels.csv: closed/... or open/...
  bool closed = false;
  bool detected = false;  ///< YuNet found the face (else it was read at the crop's own box)
  int fold = -1;          ///< EyesSplit::FoldOf
  engine::Face face;
  std::vector<double> shape;  ///< engine::EyeShape(face); empty when the eyes were not read
  /// Judged: the eyes were read and are not "can't tell" (small, turned away, blurred).
  bool Judged() const { return !shape.empty() && face.unknown_why.empty() && face.detector_score > 0.0f; }
};

/// Reads every face of `dir`/labels.csv with `finder` (padded crops; the face nearest the
/// middle, else the crop's own box), in parallel; a file byte-identical to an earlier one
/// is read once (said on stdout: open/face_239.jpg is open/face_5500.jpg). With `cache` non-empty, the faces'
/// points are written there, and read from there instead when it already exists (the
/// networks are then not run: delete it after changing how faces are read).
std::vector<EyeSample> ReadEyesSet(const engine::FaceFinder& finder, const std::filesystem::path& dir,
                                   const EyesSplit& split, const std::filesystem::path& cache = {});

/// P(closed) of a sample by `classifier`; 1 for eyes that were not read (they count as
/// flagged: against the open faces).
double ClosedScore(const engine::EyeClassifier& classifier, const EyeSample& s);

/// Figures of closed-eye scores (higher = more closed) on one set of faces.
struct EyeFigures {
  std::size_t closed = 0, open = 0;
  double auc = 0.0;       ///< P(a closed face scores above an open one), ties half
  double caught = 0.0;    ///< closed faces above `threshold`
  double flagged = 0.0;   ///< open faces above `threshold`
  double own_caught = 0.0;  ///< closed faces caught at this set's own 1% point (an ROC point)
};
EyeFigures Figures(const std::vector<double>& closed, const std::vector<double>& open, double threshold);

/// The lid formula alone (mean openness of both eyes, models/faces NOTE.md) as a closed
/// score: -openness, 0 (the most closed) for eyes that were not read.
double LidScore(const EyeSample& s);
/// OnePercentThreshold of LidScore over the judged open faces of the fitting part.
double LidThreshold(const std::vector<EyeSample>& set);

/// Faces closed/open and judged in each part of `set`.
void PrintParts(const std::vector<EyeSample>& set, int folds);

/// Which faces PrintBoth reads: EyeSample::fold == kEvaluationPart, or >= 0.
inline constexpr int kEvaluationPart = -1, kFittingPart = -2;

/// Prints Figures() of `score` (higher = more closed; NaN: left out) over the faces of
/// `part`, for every face and for judged faces only.
void PrintBoth(const std::string& what, const std::vector<EyeSample>& set, int part, double threshold,
               const std::function<double(const EyeSample&)>& score);

/// The smallest threshold that flags at most 1% of `open` (scores strictly above it).
double OnePercentThreshold(std::vector<double> open);

}  // namespace versus::training
