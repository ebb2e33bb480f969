#pragma once
// What GIMP holds, as the engine-facing code wants it: a drawable's or an image's
// current pixels (unsaved edits included) in 8-bit RGBA, read through GEGL so every
// mode (RGB, grey, indexed) and precision (8/16/32-bit, linear or not) converts alike.
#include <libgimp/gimp.h>

#include <string>

#include "edit_comparison.hpp"

namespace versus::plugin {

/// "kodim01.png" (the image's name) or "kodim01.png / Blurred" (a layer of a
/// multi-layer image): how the user tells the side apart.
std::string DrawableLabel(gint32 drawable_id);
std::string ImageLabel(gint32 image_id);

/// The drawable's own pixels. Throws engine::Error if it is not a valid drawable of
/// `image_id` (image_id < 0: any image).
Edit ReadDrawable(gint32 image_id, gint32 drawable_id);

/// The image as displayed (all visible layers, flattened on a duplicate that is deleted
/// afterwards, so the user's layers are untouched).
Edit ReadImage(gint32 image_id);

/// The file the image was opened from or saved to; empty if none.
std::string ImageFile(gint32 image_id);

}  // namespace versus::plugin
