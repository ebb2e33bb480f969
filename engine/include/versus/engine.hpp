#pragma once
/// versus engine: decode, measure, compare. Start at comparators.hpp.
#include "versus/engine/comparator.hpp"
#include "versus/engine/comparators.hpp"
#include "versus/engine/decoder.hpp"
#include "versus/engine/distortions.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/feature_comparator.hpp"
#include "versus/engine/image_files.hpp"
#include "versus/engine/lmm_comparator.hpp"
#include "versus/engine/measures.hpp"
#include "versus/engine/profile.hpp"
#include "versus/engine/safe_file.hpp"
#include "versus/engine/xmp_rating.hpp"
