#pragma once
/// Perceptual hashes of an image's working view, for finding near-duplicates and bursts.
/// Two complementary OpenCV img_hash hashes:
///  - pHash (64-bit DCT of the luminance): exact for crops/re-encodes/resizes and small
///    shifts, blind to flips and rotations;
///  - colour-moment hash (42 Hu moments of HSV and YCrCb): survives flips, rotations and
///    moderate viewpoint changes, but is coarse (different scenes with the same colours
///    come close).
/// Similarity() turns both into one number in [0, 1] (1 = identical).
#include <array>
#include <cstdint>

#include <opencv2/core.hpp>

namespace versus::engine {

struct PerceptualHash {
  std::array<std::uint8_t, 8> dct{};          ///< pHash bits
  std::array<double, 42> colour_moments{};    ///< ColorMomentHash values
  bool valid = false;                         ///< false until computed
};

/// Hashes an 8-bit BGR (or grey / BGRA) image; the working view is big enough.
PerceptualHash HashImage(const cv::Mat& image);

/// Number of differing pHash bits (0..64).
int DctDistance(const PerceptualHash& a, const PerceptualHash& b);

/// L2 distance between log10 colour moments (0 = same; flips and resizes of one photo
/// ~0.2-0.5, rotations ~3, unrelated photos from ~1.5 up).
double ColourMomentDistance(const PerceptualHash& a, const PerceptualHash& b);

/// Similarity in [0, 1]: the larger of the pHash similarity, 1 - bits/kDctScaleBits,
/// and the colour-moment similarity, 1 - distance/kColourScale (each clamped at 0).
/// Either hash alone can show two images are the same scene; neither alone can show
/// they differ. Invalid hashes have similarity 0.
double Similarity(const PerceptualHash& a, const PerceptualHash& b);

/// pHash bits at which similarity reaches 0: unrelated images differ in ~32 bits.
inline constexpr double kDctScaleBits = 32.0;
/// Colour-moment distance at which similarity reaches 0.
inline constexpr double kColourScale = 4.0;

}  // namespace versus::engine
