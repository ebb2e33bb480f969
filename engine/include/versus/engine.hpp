#pragma once
/// versus engine: decode, measure, compare. Start at comparators.hpp.
#include "versus/engine/capture_time.hpp"
#include "versus/engine/comparator.hpp"
#include "versus/engine/comparators.hpp"
#include "versus/engine/decoder.hpp"
#include "versus/engine/distortions.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/feature_comparator.hpp"
#include "versus/engine/image_files.hpp"
#include "versus/engine/measures.hpp"
#include "versus/engine/near_duplicates.hpp"
#include "versus/engine/perceptual_hash.hpp"
#include "versus/engine/profile.hpp"
