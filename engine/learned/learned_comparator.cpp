// The learned judge's verdicts: score differences for the overall odds, per-dimension
// heads (trained on ladders of one kind of damage each) for the reason.
#include "versus/engine/learned_comparator.hpp"

#include <cmath>
#include <utility>

#include "versus/engine/face_weighing.hpp"
#include "versus/engine/verdict_reason.hpp"
#include "versus/sorting/link_function.hpp"

namespace versus::engine {

LearnedComparator::LearnedComparator(const std::filesystem::path& model_dir, std::string head_file, std::string name)
    : name_(std::move(name)), head_(LearnedHead::Load(model_dir / head_file)), embedder_(model_dir, head_.backbones) {}

void LearnedComparator::Prepare(const DecodedImage& image, ImageProfile& profile) const {
  profile.embedding = embedder_.Embed(image);
}

double LearnedComparator::Score(const ImageProfile& profile) const { return head_.Score(head_.overall, profile); }

Verdict LearnedComparator::Compare(const ImageProfile& a, const ImageProfile& b) const {
  Verdict v;
  const auto& dims = TechnicalDimensions();
  for (std::size_t i = 0; i < dims.size(); ++i) {
    v.dimensions.push_back({dims[i], head_.Score(head_.dimensions[i], a) - head_.Score(head_.dimensions[i], b)});
  }
  const double total = Score(a) - Score(b) + AddFaceDimensions(v.dimensions, a, b);
  v.dimensions.push_back({Dimension::kOverall, total});
  v.log_odds = total;
  v.p_a_better = sorting::WinProbability(total);
  v.reason = MeasuredReason(v.dimensions, total, a, b);
  return v;
}

}  // namespace versus::engine
