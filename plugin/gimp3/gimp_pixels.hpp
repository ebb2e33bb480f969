#pragma once
// What GIMP 3 holds, as the engine-facing code wants it: a drawable's or an image's
// current pixels (unsaved edits included) in 8-bit RGBA, read through GEGL so every
// mode (RGB, grey, indexed) and precision (8/16/32-bit, linear or not) converts alike.
// GIMP 3 hands out GimpImage and GimpDrawable objects it owns (never unref'd here).
#include <libgimp/gimp.h>

#include <string>
#include <vector>

#include "edit_comparison.hpp"

namespace versus::plugin {

/// "kodim01.png" (the image's name) or "kodim01.png / Blurred" (a layer of a
/// multi-layer image): how the user tells the side apart.
std::string ImageLabel(GimpImage* image);
std::string DrawableLabel(GimpDrawable* drawable);

/// The drawable's own pixels. Throws engine::Error if it is not a valid drawable of
/// `image` (nullptr: any image).
Edit ReadDrawable(GimpImage* image, GimpDrawable* drawable);

/// The image as displayed (all visible layers, flattened on a duplicate that is deleted
/// afterwards, so the user's layers are untouched).
Edit ReadImage(GimpImage* image);

/// The file the image was opened from or saved to; empty if none.
std::string ImageFile(GimpImage* image);

/// Every open image, in GIMP's order.
std::vector<GimpImage*> OpenImages();

/// The image's layers, top first.
std::vector<GimpLayer*> ImageLayers(GimpImage* image);

}  // namespace versus::plugin
